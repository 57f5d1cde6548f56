"""Quality of rep-coined phrasings: precision@10 against hand labels on the sample calls.

Run: python -m bench.quality_phrasings
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from nlp.embed import load_embedder
from nlp.parse import find_sidecar, parse_transcript
from nlp.phrasings import CorpusSentence, Phrasing, rank_phrasings
from nlp.roles import assign_roles
from nlp.segment import load_segmenter
from nlp.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
CALLS = REPO / "examples" / "calls"
LABELS = REPO / "bench" / "labels" / "sample_phrasings.json"
RESULTS = REPO / "bench" / "results" / "quality_phrasings.json"
SKIP = {"README.md", "roster.json"}
K = 10


def call_paths(folder: Path = CALLS) -> list[Path]:
    """Transcript files in a folder: not sidecars, not the README or roster."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name not in SKIP and not p.name.endswith(".meta.json"))


def load_corpus(folder: Path = CALLS) -> tuple[list[CorpusSentence], dict[int, str]]:
    """Rep sentences of every call (with the prospect turn that followed) and call outcomes."""
    roster = json.loads((folder / "roster.json").read_text())["reps"]
    segmenter = load_segmenter()
    corpus: list[CorpusSentence] = []
    outcomes: dict[int, str] = {}
    for call_id, path in enumerate(call_paths(folder), start=1):
        sidecar = find_sidecar(path)
        parsed = parse_transcript(path.read_bytes(), filename=path.name,
                                  sidecar=sidecar.read_bytes() if sidecar else None)
        roles = assign_roles(parsed, roster)
        outcomes[call_id] = parsed.meta.outcome
        turns = parsed.turns
        for s in split_sentences(parsed, roles, segmenter):
            if s.role != "rep":
                continue
            nxt = turns[s.turn_index + 1] if s.turn_index + 1 < len(turns) else None
            reaction = nxt.text if nxt and roles.get(nxt.speaker) and \
                roles[nxt.speaker].role == "prospect" else None
            corpus.append(CorpusSentence(
                sentence_id=len(corpus), call_id=call_id, speaker=s.speaker, role=s.role,
                text=s.clean_text, turn_index=s.turn_index, next_turn_text=reaction))
    return corpus, outcomes


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def is_hit(text: str, labels: list[str]) -> bool:
    """True when the text contains one of the labelled substrings."""
    return any(_norm(label) in _norm(text) for label in labels)


def _row(rank: int, p: Phrasing, labels: dict[str, list[str]]) -> dict[str, Any]:
    verdict = "hit" if is_hit(p.text, labels["coined"]) else (
        "borderline" if is_hit(p.text, labels["borderline"]) else "miss")
    return {"rank": rank, "text": p.text, "verdict": verdict, "total": round(p.total, 3),
            "scores": {k: round(v, 3) for k, v in p.scores.items()},
            "uses": len(p.variants), "calls": list(p.calls), "speakers": list(p.speakers),
            "lift": p.lift.summary, "evidence": list(p.evidence)}


def evaluate() -> dict[str, Any]:
    """Rank phrasings on the sample calls and score the top K against the labels."""
    labels = json.loads(LABELS.read_text())
    t0 = time.perf_counter()
    corpus, outcomes = load_corpus()
    vectors = load_embedder().embed([s.text for s in corpus])
    ranked = rank_phrasings(corpus, vectors, outcomes, messaging_vectors=None)
    seconds = time.perf_counter() - t0
    rows = [_row(i, p, labels) for i, p in enumerate(ranked[:K], start=1)]
    hits = sum(r["verdict"] == "hit" for r in rows)
    said = [v.text for p in ranked for v in p.variants]
    found = [label for label in labels["coined"] if any(is_hit(t, [label]) for t in said)]
    return {"k": K, "precision_at_k": hits / K, "hits": hits,
            "label_recall": round(len(found) / len(labels["coined"]), 3),
            "labels_missed": [label for label in labels["coined"] if label not in found],
            "borderline": sum(r["verdict"] == "borderline" for r in rows),
            "phrasings": len(ranked), "rep_sentences": len(corpus), "calls": len(outcomes),
            "seconds": round(seconds, 2), "top": rows}


def print_report(result: dict[str, Any], console: Console | None = None) -> None:
    """A table of the top K with their score parts, then precision@K."""
    console = console or Console(width=160)
    table = Table(title=f"Top {result['k']} rep-coined phrasings (sample calls)")
    for col in ("#", "phrasing", "ok", "total", "fig", "dist", "res", "spread", "lift",
                "calls"):
        table.add_column(col, overflow="fold")
    for r in result["top"]:
        s = r["scores"]
        table.add_row(str(r["rank"]), r["text"], r["verdict"], f"{r['total']:.2f}",
                      f"{s['figurative']:.2f}", f"{s['distinctiveness']:.2f}",
                      f"{s['resonance']:.2f}", f"{s['spread']:.2f}", f"{s['lift']:.2f}",
                      ",".join(map(str, r["calls"])))
    console.print(table)
    console.print(f"precision@{result['k']} = {result['precision_at_k']:.2f} "
                  f"({result['hits']} hits, {result['borderline']} borderline) over "
                  f"{result['phrasings']} phrasings from {result['rep_sentences']} rep "
                  f"sentences in {result['calls']} calls, {result['seconds']}s")
    console.print(f"label recall (any variant) = {result['label_recall']:.2f}; missed: "
                  f"{result['labels_missed']}")


def main() -> None:
    """Evaluate, print and write bench/results/quality_phrasings.json."""
    result = evaluate()
    print_report(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
