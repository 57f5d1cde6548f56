"""Every quality target in one table: tune half, held-out half and the baseline, in one run.

    python -m bench.quality            # full sets
    python -m bench.quality --smoke    # a few calls per half and small slices (the test suite)

The labelled B2B calls (bench/labelled_calls/) are split by call; only the tune half was read
while building the detectors, and its sentences train the objection classifier. The held-out
column is the real figure. Themes have no tune half of calls: DSTC11 dev is the set the settings
were chosen on, CLINC150 val the one they never saw. Results go to bench/results/quality.json.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import (
    labelled,
    quality_lift,
    quality_objections,
    quality_objections_b2b,
    quality_personas,
    quality_phrasings,
    quality_search,
    quality_themes,
)

RESULTS = Path(__file__).parent / "results" / "quality.json"
SMOKE_CALLS_PER_SPLIT = 2


def collect(smoke: bool) -> dict[str, Any]:
    """Run every quality evaluation (slices of the data when `smoke`)."""
    if smoke:
        labelled.CALLS_PER_SPLIT = SMOKE_CALLS_PER_SPLIT
    return {
        "objections_b2b": quality_objections_b2b.evaluate(),
        "objections_pfg": quality_objections.evaluate(limit=10 if smoke else None),
        "personas": quality_personas.evaluate(sample=not smoke),
        "phrasings": quality_phrasings.evaluate(sample=not smoke),
        "themes": quality_themes.evaluate(),
        "search": quality_search.evaluate(smoke),
        "lift": quality_lift.evaluate(limit=40 if smoke else None),
    }


def _f(x: Any, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def _get(d: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


Row = tuple[str, str, str, str, str]


def objection_rows(r: dict[str, Any]) -> list[Row]:
    b2b, pfg = r["objections_b2b"], r["objections_pfg"]
    out: list[Row] = []
    if "tune" in b2b:
        def cell(split: str, key: str, counts: tuple[str, str] | None = None) -> str:
            m = b2b[split]
            text = _f(m[key])
            return text + (f" ({m[counts[0]]}/{m[counts[1]]})" if counts else "")

        out += [
            ("objections F1 (B2B calls)", ">= 0.80", cell("tune", "f1"), cell("heldout", "f1"),
             cell("heldout_keyword_baseline", "f1")),
            ("  precision", "", cell("tune", "precision"), cell("heldout", "precision"),
             cell("heldout_keyword_baseline", "precision")),
            ("  recall", "", cell("tune", "recall", ("found", "objections")),
             cell("heldout", "recall", ("found", "objections")),
             cell("heldout_keyword_baseline", "recall", ("found", "objections"))),
            ("objection category accuracy (found ones)", ">= 0.85",
             cell("tune", "category_accuracy"), cell("heldout", "category_accuracy"),
             cell("heldout_keyword_baseline", "category_accuracy")),
            ("decoys flagged as objections", "<= 0.05",
             cell("tune", "decoy_rate", ("decoys_flagged", "decoys")),
             cell("heldout", "decoy_rate", ("decoys_flagged", "decoys")),
             cell("heldout_keyword_baseline", "decoy_rate", ("decoys_flagged", "decoys")))]
    if "tune_half" in pfg:
        out.append(("objections F1 (PersuasionForGood dev)", ">= 0.60",
                    _f(pfg["tune_half"]["f1"]), _f(pfg["held_out_half"]["f1"]),
                    _f(pfg["keyword_baseline"]["f1"]) + " (all dev)"))
    return out


def persona_rows(r: dict[str, Any]) -> list[Row]:
    pe = r["personas"]
    if "heldout" not in pe:
        return []

    def cell(block: Any) -> str:
        if not block or not block.get("total"):
            return "-"
        rate = block.get("recall", block.get("accuracy"))
        text = f"{rate:.2f} ({block['found']}/{block['total']})"
        return text + (f" p {block['precision']:.2f}" if block.get("precision") is not None
                       else "")

    targets = {"pains": ">= 0.70", "goals": ">= 0.70", "tools": ">= 0.80",
               "title_speech": "found", "seniority_speech": "found"}
    names = {"title_speech": "title said in speech (no metadata)",
             "seniority_speech": "seniority said in speech (no metadata)"}
    fields = ("pains", "goals", "tools", "title_speech", "seniority_speech", "team_size",
              "company_size", "industry")
    return [(f"persona {names.get(f, f)}", targets.get(f, ""), cell(pe["tune"].get(f)),
             cell(pe["heldout"].get(f)), cell(_get(pe, "baseline", "heldout", f)))
            for f in fields]


def phrasing_rows(r: dict[str, Any]) -> list[Row]:
    ph = r["phrasings"]
    if "heldout" not in ph:
        return []
    spec = (("coined phrasings precision@10", "precision_at_10", ">= 0.90"),
            ("coined cluster recall", "cluster_recall", ">= 0.70"),
            ("scripted lines among phrasings", "scripted_leaked", "0"),
            ("small talk / plain lines among phrasings", "not_coined_leaked", "0"),
            ("whole image quoted", "whole_image_rate", "1.00"),
            ("variants grouped: purity", "grouping_purity", "1.00"))
    return [(name, target, _f(_get(ph, "tune", key)), _f(_get(ph, "heldout", key)),
             _f(_get(ph, "baseline", "heldout", key))) for name, key, target in spec]


def theme_rows(r: dict[str, Any]) -> list[Row]:
    th = r["themes"]
    if "dstc11" not in th:
        return []

    def cell(name: str) -> str:
        m = th.get(name)
        return (f"{m['acc']:.3f} (NMI {m['nmi']:.2f}, ARI {m['ari']:.2f}, {m['clusters']} cl.)"
                if m else "-")

    ref = next((v for k, v in (_get(th, "sets", "clinc150", "results") or {}).items()
                if k.startswith("reference")), None)
    return [("themes ACC, no k (tune: DSTC11 dev; held-out: CLINC150 val)", ">= 0.80",
             cell("dstc11"), cell("clinc150"),
             f"{ref['acc']:.3f} (k-means told k)" if ref else "-")]


def lift_rows(r: dict[str, Any]) -> list[Row]:
    lift = r["lift"]
    if not lift.get("highest"):
        return []
    best, worst = lift["highest"][0], lift["lowest"][0]
    return [("lift: best rep strategy (PFG)", "", "", best["summary"], ""),
            ("lift: worst rep strategy (PFG)", "", "", worst["summary"], "")]


def search_rows(r: dict[str, Any]) -> list[Row]:
    se = r["search"]
    if "search" not in se:
        return []

    def cell(block: str, split: str, key: str) -> str:
        return _f(_get(se, block, split, key))

    def peers(split: str, key: str) -> str:
        return f"dense {cell('dense', split, key)}, BM25 {cell('bm25', split, key)}"

    off = se["offtopic"]
    return [("search hit@10 (paraphrased queries)", ">= 0.90", cell("search", "tune", "hit_at_10"),
             cell("search", "heldout", "hit_at_10"), peers("heldout", "hit_at_10")),
            ("search recall@10", ">= 0.60", cell("search", "tune", "recall_at_10"),
             cell("search", "heldout", "recall_at_10"), peers("heldout", "recall_at_10")),
            ("off-topic queries with no hits", "1.00", _f(off["tune"]["no_hits"]),
             _f(off["heldout"]["no_hits"]), "-")]


ROWS: tuple[Callable[[dict[str, Any]], list[Row]], ...] = (
    objection_rows, persona_rows, phrasing_rows, search_rows, theme_rows, lift_rows)


def main() -> None:
    """Print the table and write bench/results/quality.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="small slices only")
    args = parser.parse_args()
    result = collect(args.smoke)
    title = f"callsift quality, {date.today().isoformat()}" + (
        " (smoke slices: not figures)" if args.smoke else "")
    table = Table(title=title)
    for col in ("measure", "target", "tune half", "held-out half", "baseline (held-out)"):
        table.add_column(col)
    for make in ROWS:
        for row in make(result):
            table.add_row(*row)
    Console(width=200).print(table)
    for name, block in result.items():
        if isinstance(block, dict) and "skipped" in block:
            print(f"{name}: skipped ({block['skipped']})")
    if not args.smoke:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
