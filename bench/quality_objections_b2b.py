"""Objection detection on the labelled B2B calls: `python -m bench.quality_objections_b2b`.

Scored per labelled entry: an objection is found when the detector flags a sentence its quote
covers; precision counts every flagged prospect sentence, so a flag on an unlabelled sentence is a
false positive. Category accuracy is over the found objections; the decoy rate is the share of
labelled decoys flagged. The tune and held-out halves are scored separately; only the tune half
was looked at while building the detector, and its sentences are among the training examples.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.labelled import LabelledCall, by_split, load_calls
from bench.quality_objections import keyword_flag

RESULTS = Path(__file__).parent / "results" / "quality_objections_b2b.json"
# (row -> category) for the rows a detector flags in one call.
Flagger = Callable[[LabelledCall, np.ndarray], dict[int, str]]


def detector_flagger(detector: Any) -> Flagger:
    """Wrap an ObjectionDetector."""
    def flag(call: LabelledCall, vectors: np.ndarray) -> dict[int, str]:
        return {h.index: h.category for h in detector.detect(call.sentences, vectors)}
    return flag


def keyword_flagger(call: LabelledCall, _: np.ndarray) -> dict[int, str]:
    """The keyword baseline (bench.quality_objections.KEYWORDS) on prospect sentences."""
    from nlp.objections import candidate_rows

    return {r: "price" for r in candidate_rows(call.sentences)
            if keyword_flag(call.sentences[r].clean_text)}


def score(calls: Sequence[LabelledCall], flag: Flagger,
          vectors: dict[str, np.ndarray]) -> dict[str, Any]:
    """P/R/F1, category accuracy and decoy rate over some calls."""
    found = gold = tp_rows = flagged = right_cat = decoys = decoys_hit = 0
    per_cat: dict[str, list[int]] = {}
    for call in calls:
        hits = flag(call, vectors[call.stem])
        objection_rows: set[int] = set()
        for rows, entry in call.labelled_rows("objections"):
            gold += 1
            objection_rows |= set(rows)
            got = [r for r in rows if r in hits]
            stats = per_cat.setdefault(entry["category"], [0, 0])
            stats[1] += 1
            if got:
                found += 1
                stats[0] += 1
                right_cat += hits[got[0]] == entry["category"]
        for rows, _entry in call.labelled_rows("decoys"):
            decoys += 1
            decoys_hit += any(r in hits and r not in objection_rows for r in rows)
        flagged += len(hits)
        tp_rows += sum(r in objection_rows for r in hits)
    precision = tp_rows / flagged if flagged else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"calls": len(calls), "objections": gold, "found": found, "flagged": flagged,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "category_accuracy": round(right_cat / found, 4) if found else 0.0,
            "decoys": decoys, "decoys_flagged": decoys_hit,
            "decoy_rate": round(decoys_hit / decoys, 4) if decoys else 0.0,
            "recall_by_category": {c: f"{a}/{b}" for c, (a, b) in sorted(per_cat.items())}}


def embed_calls(calls: Sequence[LabelledCall], embedder: Any) -> dict[str, np.ndarray]:
    """Each call's sentence vectors, as ingest computes them."""
    return {c.stem: embedder.embed([s.clean_text for s in c.sentences]) for c in calls}


def evaluate(detector: Any = None, embedder: Any = None) -> dict[str, Any]:
    """Detector and keyword baseline on the tune and held-out halves."""
    calls = load_calls()
    if not calls:
        return {"skipped": "no labelled calls with a split (bench/labelled_calls/split.json)"}
    if detector is None or embedder is None:
        from nlp.embed import load_embedder
        from nlp.objections import load_objection_detector

        embedder = embedder or load_embedder()
        detector = detector or load_objection_detector(embedder)
    vectors = embed_calls(calls, embedder)
    halves = by_split(calls)
    out: dict[str, Any] = {}
    for name, group in halves.items():
        out[name] = score(group, detector_flagger(detector), vectors)
        out[f"{name}_keyword_baseline"] = score(group, keyword_flagger, vectors)
    out["unmatched_quotes"] = sorted({q for c in calls for q in c.missing})
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    result = evaluate()
    print(json.dumps(result, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
