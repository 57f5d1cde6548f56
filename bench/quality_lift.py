"""Outcome lift of rep strategies on PersuasionForGood (donation > 0 counts as won).

Persuader sentences from every dialogue are clustered with the theme clusterer; each theme
is a strategy or phrasing, and its lift compares the donation rate of dialogues that use it
against those that don't (Newcombe 95% CI).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.quality_objections import data_dir
from nlp.embed import load_embedder
from nlp.lift import outcome_lift
from nlp.themes import build_clusterer, ctfidf_labels, representative

RESULTS = Path(__file__).parent / "results" / "quality_lift.json"
MIN_DIALOGUES = 10


def donations(folder: Path) -> dict[str, str]:
    """Dialogue id -> 'won' if the persuadee (role 1) donated, else 'lost'."""
    out: dict[str, str] = {}
    with (folder / "full_info.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            if row["B4"] == "1":
                out[row["B2"]] = "won" if float(row["B6"] or 0) > 0 else "lost"
    return out


def persuader_sentences(folder: Path, limit: int | None) -> list[tuple[str, str]]:
    """(dialogue id, sentence) for the persuader's sentences of the first `limit` dialogues."""
    seen: list[str] = []
    out = []
    with (folder / "full_dialog.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            if row["B2"] not in seen:
                if limit is not None and len(seen) >= limit:
                    break
                seen.append(row["B2"])
            if row["B4"] == "0" and len(row["Unit"].split()) >= 4:
                out.append((row["B2"], row["Unit"].strip()))
    return out


def evaluate(limit: int | None = None, top: int = 5) -> dict[str, Any]:
    """Lift of each persuader theme; the `top` highest and lowest with enough data."""
    folder = data_dir()
    if folder is None:
        return {"skipped": "PersuasionForGood data not found"}
    outcomes = donations(folder)
    sents = [s for s in persuader_sentences(folder, limit) if s[0] in outcomes]
    texts = [t for _, t in sents]
    vectors = load_embedder().embed(texts)
    labels = build_clusterer().cluster(vectors)
    names, reps = ctfidf_labels(texts, labels), representative(vectors, labels)
    ids = sorted({d for d, _ in sents})
    index = {d: i for i, d in enumerate(ids)}
    dialogue_outcome = {index[d]: outcomes[d] for d in ids}
    members: dict[int, set[int]] = defaultdict(set)
    for (d, _), lab in zip(sents, labels, strict=True):
        if lab >= 0:
            members[int(lab)].add(index[d])
    rows = []
    for lab, calls in members.items():
        lift = outcome_lift(calls, dialogue_outcome, min_calls=MIN_DIALOGUES)
        if lift.enough_data and lift.difference is not None:
            rows.append({"theme": lab, "keyphrases": names.get(lab, []),
                         "example": texts[reps[lab]], "dialogues": len(calls),
                         "difference": lift.difference, "ci": [lift.ci_low, lift.ci_high],
                         "summary": lift.summary})
    # Rank by the CI bound nearest zero, so 7/7 in a tiny theme doesn't outrank 60/80.
    highest = sorted(rows, key=lambda r: -r["ci"][0])[:top]
    lowest = sorted(rows, key=lambda r: r["ci"][1])[:top]
    won = sum(1 for o in dialogue_outcome.values() if o == "won")
    return {"dialogues": len(ids), "baseline_win_rate": round(won / len(ids), 3),
            "persuader_sentences": len(texts), "themes": len(members),
            "unassigned_share": round(float((labels == -1).mean()), 3),
            "highest": highest, "lowest": lowest}


def print_table(result: dict[str, Any], console: Console) -> None:
    """Highest and lowest lift themes."""
    table = Table(title=f"Rep strategy lift on PersuasionForGood ({result['dialogues']} "
                        f"dialogues, baseline donation rate {result['baseline_win_rate']:.0%})")
    for col in ("", "theme (c-TF-IDF)", "example", "dialogues", "lift (95% CI)"):
        table.add_column(col)
    for side in ("highest", "lowest"):
        for r in result[side]:
            table.add_row(side, ", ".join(r["keyphrases"][:3]), r["example"][:70],
                          str(r["dialogues"]),
                          f"{r['difference']:+.0%} ({r['ci'][0]:+.0%}..{r['ci'][1]:+.0%})")
    console.print(table)


def main() -> None:
    """CLI entry: python -m bench.quality_lift [--limit N]."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None, help="first N dialogues only")
    args = parser.parse_args()
    result = evaluate(args.limit)
    if "skipped" in result:
        print(result["skipped"])
        return
    print_table(result, Console())
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
