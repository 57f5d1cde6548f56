"""All quality figures in one table, next to their targets.

    python -m bench.quality            # full sets
    python -m bench.quality --smoke    # small slices (what the test suite runs)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import (
    quality_lift,
    quality_objections,
    quality_personas,
    quality_phrasings,
    quality_themes,
)

RESULTS = Path(__file__).parent / "results" / "quality.json"


def collect(smoke: bool) -> dict[str, Any]:
    """Run every quality evaluation (slices of the data when `smoke`)."""
    return {
        "objections": quality_objections.evaluate(limit=10 if smoke else None),
        "themes": quality_themes.evaluate(),
        "phrasings": quality_phrasings.evaluate(),
        "personas": quality_personas.evaluate(),
        "lift": quality_lift.evaluate(limit=40 if smoke else None),
    }


def rows(r: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(measure, value, target) lines for the summary table."""
    out: list[tuple[str, str, str]] = []
    obj = r["objections"]
    if "detector" in obj:
        d, k = obj["detector"], obj["keyword_baseline"]
        out += [("objections F1 (PersuasionForGood dev)", f"{d['f1']:.3f}", ">= 0.80"),
                ("  precision / recall", f"{d['precision']:.3f} / {d['recall']:.3f}", ""),
                ("  keyword baseline F1", f"{k['f1']:.3f}", "")]
    themes = r["themes"].get("results", {})
    chosen = next((v for key, v in themes.items() if key.startswith("chosen")), None)
    if chosen:
        out += [("themes ACC (DSTC11 dev, no k)", f"{chosen['acc']:.3f}", ">= 0.75"),
                ("  NMI / ARI", f"{chosen['nmi']:.3f} / {chosen['ari']:.3f}", ""),
                ("  clusters / unassigned", f"{chosen['clusters']} / {chosen['outliers']:.1%}",
                 "< 20% unassigned")]
    ph = r["phrasings"]
    if "precision_at_k" in ph:
        out.append(("coined phrasings precision@10 (sample calls)",
                    f"{ph['precision_at_k']:.2f}", ""))
    pe = r["personas"]
    if "overall" in pe:
        overall = pe["overall"]
        value = overall.get("accuracy", overall) if isinstance(overall, dict) else overall
        out.append(("persona field accuracy (sample calls, in-sample)", str(value), ""))
    lift = r["lift"]
    if "highest" in lift and lift["highest"]:
        best, worst = lift["highest"][0], lift["lowest"][0]
        out += [("lift: best rep strategy (PFG)", f"{best['summary']}", ""),
                ("lift: worst rep strategy (PFG)", f"{worst['summary']}", "")]
    return out


def main() -> None:
    """Print the table and write bench/results/quality.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true", help="small slices only")
    args = parser.parse_args()
    result = collect(args.smoke)
    table = Table(title="callsift quality" + (" (smoke slices)" if args.smoke else ""))
    for col in ("measure", "value", "target"):
        table.add_column(col)
    for row in rows(result):
        table.add_row(*row)
    Console().print(table)
    if not args.smoke:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
