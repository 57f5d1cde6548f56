"""Persona quality: the labelled B2B calls per split, next to a keyword baseline, plus the samples.

`evaluate()` scores the persona signals on bench/labelled_calls/ (tune and held-out halves, see
bench/quality_personas_labelled.py for what counts as found) and, in the same run, the simplest
keyword approach; it keeps the older field accuracy on the 14 sample calls in examples/calls.

    python -m bench.quality_personas                  # table + bench/results/quality_personas.json
    python -m bench.quality_personas --split tune     # the tune half only (while developing)
    python -m bench.quality_personas --build-intents  # retrain nlp/data/persona_intent_model.npz
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.labelled import SPLITS, LabelledCall
from bench.labelled import load_calls as load_labelled
from bench.quality_personas_labelled import (
    predict_baseline,
    predict_with_signals,
    score_calls,
    sentence_vectors,
)
from models.domain import ParsedCall, Sentence
from nlp.parse import find_sidecar, parse_transcript
from nlp.persona_clusters import cluster_personas
from nlp.persona_profiles import PersonaProfile, build_profile
from nlp.personas import extract_signals
from nlp.roles import assign_roles
from nlp.segment import load_segmenter
from nlp.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
CALLS = REPO / "examples" / "calls"
LABELS = REPO / "bench" / "labels" / "sample_personas.json"
RESULTS = REPO / "bench" / "results" / "quality_personas.json"
SCALAR_FIELDS = ("seniority", "industry", "team_size", "company_size")
SET_FIELDS = ("tools", "competitors")
TABLE_FIELDS = ("pains", "goals", "tools", "title", "seniority", "title_speech",
                "seniority_speech", "team_size", "company_size", "industry")


def evaluate(splits: tuple[str, ...] = SPLITS, *, sample: bool = True) -> dict[str, Any]:
    """Labelled-call scores per split for callsift and the keyword baseline, and the samples.

    Returns {"tune": {...}, "heldout": {...}, "baseline": {"tune": {...}, "heldout": {...}},
    "sample": {...}}; each split maps a field to found/total/recall (or accuracy) and, for
    pains, goals and tools, predicted/precision.
    """
    from nlp.embed import load_embedder
    from nlp.persona_intents import load_intent_model

    embedder = load_embedder()
    intents = load_intent_model(embedder)
    calls = load_labelled(tuple(splits))
    result: dict[str, Any] = {"baseline": {}}
    for split in splits:
        group = [c for c in calls if c.split == split]
        started = time.perf_counter()

        def predict(call: LabelledCall) -> Any:
            signals = extract_signals(call.sentences, call.parsed.meta.participants,
                                      meta=call.parsed.meta,
                                      vectors=sentence_vectors(call.sentences, embedder),
                                      intents=intents)
            return predict_with_signals(call, signals)

        result[split] = score_calls(group, predict)
        result[split]["seconds"] = round(time.perf_counter() - started, 2)
        result["baseline"][split] = score_calls(group, predict_baseline)
        if split != "tune":  # the held-out half is the honest test: nothing to read and tune on
            result[split].pop("misses", None)
            result["baseline"][split].pop("misses", None)
    result["intent_model"] = {"embedder": intents.embedder, "examples": intents.data_hash}
    if sample:
        result["sample"] = evaluate_sample()
    return result


# ------------------------------------------------------------------ the 14 sample calls

def load_calls(folder: Path = CALLS) -> list[tuple[ParsedCall, list[Sentence]]]:
    """Parse every sample transcript (sidecars included) into sentences with roles."""
    roster = json.loads((folder / "roster.json").read_text())["reps"]
    segmenter = load_segmenter()
    out = []
    for path in sorted(folder.iterdir()):
        if path.name in {"README.md", "roster.json"} or path.name.endswith(".meta.json"):
            continue
        sidecar = find_sidecar(path)
        call = parse_transcript(path.read_bytes(), filename=path.name,
                                sidecar=sidecar.read_bytes() if sidecar else None)
        roles = assign_roles(call, roster)
        out.append((call, split_sentences(call, roles, segmenter)))
    return out


def predicted_fields(profile: PersonaProfile) -> dict[str, Any]:
    """The benchmarked fields of a profile."""
    return {
        "seniority": profile.seniority.value if profile.seniority else None,
        "industry": profile.industry.value if profile.industry else None,
        "team_size": profile.team_size.number if profile.team_size else None,
        "company_size": profile.company_size.number if profile.company_size else None,
        "tools": sorted(t.value for t in profile.tools),
        "competitors": sorted(c.value for c in profile.competitors),
    }


def score(expected: dict[str, dict[str, Any]],
          predicted: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Per-field accuracy (exact match; sets must match exactly) plus set precision/recall."""
    fields: dict[str, Any] = {}
    for name in SCALAR_FIELDS + SET_FIELDS:
        pairs: list[tuple[Any, Any]] = [(expected[c].get(name), predicted.get(c, {}).get(name))
                                        for c in expected]
        if name in SET_FIELDS:
            pairs = [(sorted(e or []), sorted(p or [])) for e, p in pairs]
        correct = sum(e == p for e, p in pairs)
        entry: dict[str, Any] = {"correct": correct, "total": len(pairs),
                                 "accuracy": round(correct / len(pairs), 3)}
        if name in SET_FIELDS:
            tp = sum(len(set(e) & set(p)) for e, p in pairs)
            n_pred, n_gold = sum(len(p) for _, p in pairs), sum(len(e) for e, _ in pairs)
            entry["precision"] = round(tp / n_pred, 3) if n_pred else None
            entry["recall"] = round(tp / n_gold, 3) if n_gold else None
        fields[name] = entry
    correct = sum(f["correct"] for f in fields.values())
    total = sum(f["total"] for f in fields.values())
    return {"fields": fields, "overall": {"correct": correct, "total": total,
                                          "accuracy": round(correct / total, 3)}}


def evaluate_sample() -> dict[str, Any]:
    """Extract profiles for the 14 sample calls and score them against their hand labels."""
    labels = json.loads(LABELS.read_text())["calls"]
    calls = load_calls()
    started = time.perf_counter()
    profiles, outcomes, predicted = [], [], {}
    for call, sentences in calls:
        call_id = call.meta.external_id or ""
        signals = extract_signals(sentences, call.meta.participants, meta=call.meta)
        profile = build_profile(signals, call_id=call_id)
        profiles.append(profile)
        outcomes.append(call.meta.outcome)
        predicted[call_id] = predicted_fields(profile)
    elapsed = time.perf_counter() - started
    personas = cluster_personas(profiles, outcomes)
    result = score(labels, predicted)
    result["errors"] = [
        {"call_id": c, "field": f, "expected": labels[c].get(f), "predicted": predicted[c][f]}
        for c in labels for f in SCALAR_FIELDS + SET_FIELDS
        if (sorted(labels[c].get(f) or []) if f in SET_FIELDS else labels[c].get(f))
        != predicted.get(c, {}).get(f)]
    result["calls"] = len(calls)
    result["seconds_extract_and_profile"] = round(elapsed, 2)
    result["personas"] = [{"id": p.id, "label": p.label, "call_ids": list(p.call_ids),
                           "call_count": p.call_count, "win_rate": p.win_rate} for p in personas]
    return result


# ------------------------------------------------------------------ output

def _cell(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("total") in (None, 0):
        return "-"
    rate = entry.get("recall", entry.get("accuracy"))
    text = f"{rate:.2f} ({entry['found']}/{entry['total']})"
    if entry.get("precision") is not None:
        text += f" p {entry['precision']:.2f}"
    return text


def build_intents() -> Path:
    """Retrain the pain/goal classifier for the default embedder and write its artefact."""
    from nlp.embed import load_embedder
    from nlp.persona_intents import MODEL_PATH, save_intent_model, train_intent_model

    save_intent_model(train_intent_model(load_embedder()))
    return MODEL_PATH


def main() -> None:
    """Print the per-split table and write the JSON result."""
    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, action="append")
    parser.add_argument("--build-intents", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list what was missed (tune only)")
    args = parser.parse_args()
    console = Console()
    if args.build_intents:
        console.print(f"wrote {build_intents().relative_to(REPO)}")
        return
    splits = tuple(args.split or SPLITS)
    result = evaluate(splits)
    table = Table(title="Personas on the labelled B2B calls (recall or accuracy, precision)")
    table.add_column("field")
    for split in splits:
        table.add_column(f"{split} ({result[split]['calls']} calls)", justify="right")
        table.add_column(f"baseline {split}", justify="right")
    for name in TABLE_FIELDS:
        table.add_row(name, *(c for split in splits for c in (
            _cell(result[split].get(name)), _cell(result["baseline"][split].get(name)))))
    console.print(table)
    sample = result["sample"]["overall"]
    console.print(f"sample calls (examples/calls): field accuracy {sample['accuracy']:.3f} "
                  f"({sample['correct']}/{sample['total']})")
    if args.misses and "tune" in splits:
        for field, misses in result["tune"]["misses"].items():
            for m in misses:
                console.print(f"  miss {field}: {m}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
