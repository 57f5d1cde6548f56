"""Objection detection quality on PersuasionForGood: `python -m bench.quality_objections`.

Gold objections are persuadee sentences whose ee_label_1 is a pushback label; every other
persuadee sentence is a negative. The detector is compared with a keyword baseline, and a
sample of unlabelled full_dialog.csv sentences checks that the flag rate carries over.

The dev dialogues are also split 50/50 (seeded shuffle): the detector's few dev-chosen settings
(the turn-context weight in nlp/objections.py) were picked on the "tune" half only, so the
"held-out" row is the honest figure. `--show N` prints N random detections from unlabelled
dialogues outside dev, with the rep turn before each, for a by-eye precision check.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.domain import Sentence
from nlp.clean import clean_for_nlp, repair_text

GOLD_LABELS = {"negative-reaction-to-donation", "disagree-donation", "disagree-donation-more"}
RESULTS = Path(__file__).parent / "results" / "quality_objections.json"
# A plain list of pushback words and phrases, the baseline a team would write first.
KEYWORDS = (
    "can't afford", "cannot afford", "not interested", "no thank", "too expensive", "budget",
    "rather", "prefer", "local", "scam", "trust", "don't want", "do not want", "not today",
    "not right now", "later", "not sure", "won't", "can't", "cannot", "no money",
    "don't have", "overhead", "skeptic", "already donate", "maybe", "not able", "pass",
)
SAMPLE_SIZE = 300


def data_dir() -> Path | None:
    """CALLSIFT_SHARED_DATA, else ../shared/data beside the repo, else /work/shared/data."""
    repo = Path(__file__).resolve().parents[1]
    for c in (os.environ.get("CALLSIFT_SHARED_DATA"), repo.parent / "shared" / "data",
              "/work/shared/data"):
        if c and (Path(c) / "persuasionforgood").is_dir():
            return Path(c) / "persuasionforgood"
    return None


def read_dialogues(path: Path) -> dict[str, list[dict[str, str]]]:
    """Rows grouped by dialogue id, in file order."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            groups[row["B2"]].append(row)
    return dict(groups)


def to_sentences(rows: Sequence[dict[str, str]]) -> list[Sentence]:
    """One Sentence per row; a new turn starts whenever the speaker or Turn value changes."""
    out: list[Sentence] = []
    turn, last = -1, None
    for i, row in enumerate(rows):
        key = (row["Turn"], row["B4"])
        if key != last:
            turn, last = turn + 1, key
        text = repair_text(row["Unit"]).strip()
        role = "rep" if row["B4"] == "0" else "prospect"
        out.append(Sentence(turn_index=turn, sent_index=i, speaker=role, role=role, text=text,
                            clean_text=clean_for_nlp(text).text, char_start=0,
                            char_end=len(text)))
    return out


def keyword_flag(text: str) -> bool:
    """The baseline: any listed phrase occurs in the lowercased sentence."""
    low = text.lower().replace("\u2019", "'")
    return any(k in low for k in KEYWORDS)


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 with their counts."""
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    n_pred, n_gold = sum(pred), sum(gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": int(tp), "predicted": int(n_pred), "gold": int(n_gold)}


def score_dialogues(dialogues: Iterable[list[Sentence]]) -> list[tuple[Sentence, float, str]]:
    """(sentence, confidence, category) for every prospect sentence of the dialogues."""
    from nlp.embed import load_embedder
    from nlp.objections import ClassifierObjectionDetector, load_objection_detector

    embedder, detector = load_embedder(), load_objection_detector()
    assert isinstance(detector, ClassifierObjectionDetector)
    out = []
    for sents in dialogues:
        vectors = embedder.embed([s.clean_text for s in sents])
        rows = [i for i, s in enumerate(sents) if s.role == "prospect"]
        if not rows:
            continue
        conf, cats = detector.scores(sents, vectors, rows)
        labels = detector.model.category.classes_
        out.extend((sents[r], float(p), str(labels[int(np.argmax(c))]))
                   for r, p, c in zip(rows, conf, cats, strict=True))
    return out


def split_halves(ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """The tune half and the held-out half of the dev dialogue ids (seeded, 50/50)."""
    shuffled = sorted(ids)
    random.Random(0).shuffle(shuffled)
    half = len(shuffled) // 2
    return shuffled[:half], shuffled[half:]


def dev_tuned(gold: Sequence[bool], conf: Sequence[float]) -> dict[str, float]:
    """The best single global threshold on the dev set itself (optimistic, for reference)."""
    best: dict[str, float] = {"f1": -1.0}
    for t in np.arange(0.05, 0.96, 0.01):
        m = prf(gold, [c >= t for c in conf])
        if m["f1"] > best["f1"]:
            best = {**m, "threshold": round(float(t), 2)}
    return best


def unlabelled_rate(folder: Path, exclude: set[str], threshold: float) -> dict[str, float]:
    """Share of a 300-sentence random sample of persuadee sentences flagged as objections."""
    dialogues = read_dialogues(folder / "full_dialog.csv")
    ids = sorted(set(dialogues) - exclude)
    random.Random(7).shuffle(ids)
    picked, n = [], 0
    for d in ids:
        picked.append(to_sentences(dialogues[d]))
        n += sum(s.role == "prospect" for s in picked[-1])
        if n >= SAMPLE_SIZE * 2:
            break
    scored = score_dialogues(picked)
    sample = random.Random(11).sample(scored, min(SAMPLE_SIZE, len(scored)))
    flagged = sum(c >= threshold for _, c, _ in sample)
    return {"sampled": len(sample), "flagged": flagged,
            "share": round(flagged / max(1, len(sample)), 4)}


def show_detections(folder: Path, exclude: set[str], threshold: float, n: int,
                    seed: int = 3) -> list[str]:
    """N random detections from unlabelled dialogues outside dev, each after its rep turn."""
    from nlp.objections import preceding_rep_rows

    dialogues = read_dialogues(folder / "full_dialog.csv")
    ids = sorted(set(dialogues) - exclude)
    random.Random(seed).shuffle(ids)
    found: list[str] = []
    for d in ids[:n * 4]:
        sents = to_sentences(dialogues[d])
        for s, c, cat in score_dialogues([sents]):
            if c >= threshold:
                prev = " ".join(sents[r].text for r in preceding_rep_rows(sents, s.sent_index))
                found.append(f"[{cat} {c:.2f}] {s.text}\n    (rep before: {prev[:150]})")
    return random.Random(seed).sample(found, min(n, len(found)))


def evaluate(limit: int | None = None) -> dict[str, Any]:
    """All figures as a dict ({"skipped": reason} when the data is absent)."""
    from nlp.objections import ClassifierObjectionDetector, load_objection_detector

    folder = data_dir()
    if folder is None:
        return {"skipped": "PersuasionForGood data not found (set CALLSIFT_SHARED_DATA)"}
    groups = read_dialogues(folder / "annotated_dev_dialog.csv")
    ids = list(groups)[:limit] if limit else list(groups)
    scored = score_dialogues(to_sentences(groups[d]) for d in ids)
    gold = [r["ee_label_1"] in GOLD_LABELS for d in ids for r in groups[d] if r["B4"] == "1"]
    detector = load_objection_detector()
    assert isinstance(detector, ClassifierObjectionDetector)
    conf = [c for _, c, _ in scored]
    pred = [c >= detector.threshold for c in conf]
    dialogue_of = [d for d in ids for r in groups[d] if r["B4"] == "1"]
    halves = dict(zip(("tune_half", "held_out_half"), split_halves(ids), strict=True))
    by_half = {}
    for name, half in halves.items():
        keep = [d in set(half) for d in dialogue_of]
        by_half[name] = prf([g for g, k in zip(gold, keep, strict=True) if k],
                            [p for p, k in zip(pred, keep, strict=True) if k])
    return {
        "dialogues": len(ids), "persuadee_sentences": len(gold),
        "gold_rate": round(sum(gold) / max(1, len(gold)), 4),
        "threshold": detector.threshold,
        "detector": prf(gold, pred),
        **by_half,
        "keyword_baseline": prf(gold, [keyword_flag(s.clean_text) for s, _, _ in scored]),
        "detector_dev_tuned_threshold": dev_tuned(gold, conf),
        "predicted_categories": dict(Counter(cat for (_, _, cat), p in zip(scored, pred,
                                                                             strict=True) if p)),
        "unlabelled_full_dialog": unlabelled_rate(folder, set(groups), detector.threshold),
    }


def print_table(result: dict[str, Any]) -> None:
    """The figures as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Objections on PersuasionForGood dev ({result['dialogues']} dialogues, "
                        f"{result['persuadee_sentences']} persuadee sentences, "
                        f"gold rate {result['gold_rate']:.1%})")
    for col in ("method", "threshold", "precision", "recall", "F1", "TP", "predicted", "gold"):
        table.add_column(col)
    tuned = result["detector_dev_tuned_threshold"]
    for name, m, t in (("detector (CV thr)", result["detector"],
                        result["threshold"]),
                       ("  tune half", result["tune_half"], result["threshold"]),
                       ("  held-out half", result["held_out_half"], result["threshold"]),
                       ("detector (dev-tuned thr, optimistic)", tuned,
                        tuned["threshold"]),
                       ("keywords", result["keyword_baseline"], "-")):
        table.add_row(name, str(t), f"{m['precision']:.3f}", f"{m['recall']:.3f}",
                      f"{m['f1']:.3f}", str(m["tp"]), str(m["predicted"]), str(m["gold"]))
    console.print(table)
    cats = Table(title="Predicted objections by category (dev)")
    cats.add_column("category")
    cats.add_column("count")
    for cat, n in sorted(result["predicted_categories"].items(), key=lambda x: -x[1]):
        cats.add_row(cat, str(n))
    console.print(cats)
    u = result["unlabelled_full_dialog"]
    console.print(f"Unlabelled full_dialog.csv sample: {u['flagged']}/{u['sampled']} persuadee "
                  f"sentences flagged ({u['share']:.1%}) vs dev gold rate "
                  f"{result['gold_rate']:.1%} and dev flag rate "
                  f"{result['detector']['predicted'] / max(1, result['persuadee_sentences']):.1%}")


def main(argv: Sequence[str] | None = None) -> None:
    """CLI entry: evaluate, print and write bench/results/quality_objections.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N dialogues")
    parser.add_argument("--show", type=int, default=0,
                        help="only print N random detections from unlabelled non-dev dialogues")
    args = parser.parse_args(argv)
    folder = data_dir()
    if args.show and folder is not None:
        from nlp.objections import load_objection_detector

        exclude = set(read_dialogues(folder / "annotated_dev_dialog.csv"))
        threshold = getattr(load_objection_detector(), "threshold", 0.5)
        for i, line in enumerate(show_detections(folder, exclude, threshold, args.show), 1):
            print(f"{i:2d}. {line}")
        return
    result = evaluate(args.limit)
    if "skipped" in result:
        print(f"skipped: {result['skipped']}")
        return
    print_table(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
