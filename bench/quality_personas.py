"""Persona field accuracy on the 14 hand-labelled sample calls (bench/labels/sample_personas.json).

Run `python -m bench.quality_personas`: prints a table, writes bench/results/quality_personas.json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

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


def evaluate() -> dict[str, Any]:
    """Extract profiles for the sample calls and score them against the hand labels."""
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


def main() -> None:
    """Print the accuracy table and write the JSON result."""
    from rich.console import Console
    from rich.table import Table

    result = evaluate()
    table = Table(title=f"Persona field accuracy ({result['calls']} sample calls)")
    for col in ("field", "correct", "accuracy", "precision", "recall"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for name, f in result["fields"].items():
        table.add_row(name, f"{f['correct']}/{f['total']}", f"{f['accuracy']:.3f}",
                      *(f"{f[k]:.3f}" if f.get(k) is not None else "-"
                        for k in ("precision", "recall")))
    o = result["overall"]
    table.add_row("overall", f"{o['correct']}/{o['total']}", f"{o['accuracy']:.3f}", "-", "-")
    console = Console()
    console.print(table)
    for e in result["errors"]:
        console.print(f"  miss {e['call_id']} {e['field']}: expected {e['expected']!r}, "
                      f"got {e['predicted']!r}")
    for p in result["personas"]:
        console.print(f"  {p['id']}: {p['label']} - {p['call_count']} calls, win rate "
                      f"{p['win_rate']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
