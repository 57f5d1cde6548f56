"""Every benchmark in turn, then one table of the figures next to their targets.

Each benchmark runs in its own process (`python -m bench.NAME`), so model caches,
environment and memory never leak from one into the next, and writes
bench/results/NAME.json; this reads those files back for the summary, and writes
bench/results/run_all.json. A benchmark module that doesn't exist (yet) is skipped with
a message; one that fails is reported and the rest still run.

Run: python -m bench.run_all            # everything, ~30 min on 2 cores
     python -m bench.run_all --quick    # tiny sizes, a few minutes: checks the plumbing
     python -m bench.run_all --only search_scale,load
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.harness import REPO, RESULTS, machine_info
from bench.summary import SUMMARIES

# (module, arguments for the full run, arguments for --quick)
BENCHES: list[tuple[str, list[str], list[str]]] = [
    ("search_scale", [], ["--sizes", "2000,5000", "--queries", "20", "--warmup", "3",
                          "--flat-queries", "5"]),
    ("themes", [], ["--sizes", "1000,3000", "--real-upto", "1000", "--bertopic-max", "1000"]),
    ("load", [], ["--sentences", "5000", "--users", "10", "--seconds", "10"]),
    ("quality", [], ["--smoke"]),
    ("ingest", [], ["--calls", "4", "--turns", "10", "--workers", "1"]),
    ("memory", [], ["--calls", "20"]),
]
BUDGET_S = 30 * 60


def run_one(name: str, args: list[str], timeout: float, console: Console) -> dict[str, Any]:
    """`python -m bench.NAME ARGS`, streaming its output; status and seconds."""
    if importlib.util.find_spec(f"bench.{name}") is None:
        console.print(f"[yellow]bench/{name}.py does not exist yet: skipped[/]")
        return {"status": "missing", "seconds": 0.0}
    console.rule(f"bench.{name} {' '.join(args)}")
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", f"bench.{name}", *args], cwd=REPO,
                              timeout=timeout, check=False)
        status = "ok" if proc.returncode == 0 else f"failed (exit {proc.returncode})"
    except subprocess.TimeoutExpired:
        status = f"timed out after {timeout:.0f} s"
    seconds = round(time.perf_counter() - t0, 1)
    if status != "ok":
        console.print(f"[red]bench.{name}: {status}[/]")
    return {"status": status, "seconds": seconds}


def fresh_result(name: str, since: float) -> dict[str, Any] | None:
    """bench/results/NAME.json if this run wrote it."""
    path = RESULTS / f"{name}.json"
    if not path.exists() or path.stat().st_mtime < since:
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def summary_rows(name: str, result: dict[str, Any] | None,
                 run: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, verdict) lines for one benchmark."""
    if run["status"] != "ok" or result is None:
        return [("(no figures)", run["status"], "", "")]
    fn: Callable[[dict[str, Any]], list[tuple[str, str, str, str]]] | None = SUMMARIES.get(name)
    try:
        return fn(result) if fn else [("(see its table)", "", "", "")]
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return [("(figures not understood)", f"{type(exc).__name__}: {exc}", "", "")]


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmarks, print the summary, write bench/results/run_all.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes: checks, not figures")
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    ap.add_argument("--timeout", type=float, default=45 * 60, help="seconds per benchmark")
    args = ap.parse_args(argv)
    console = Console(width=150)
    wanted = {x.strip() for x in args.only.split(",") if x.strip()}
    start_wall, start = time.time(), time.perf_counter()
    runs: dict[str, dict[str, Any]] = {}
    table = Table(title="callsift benchmarks: figures vs targets"
                        + (" (--quick sizes: not figures to quote)" if args.quick else ""))
    for col in ("benchmark", "measure", "value", "target", "verdict"):
        table.add_column(col)
    for name, full, quick in BENCHES:
        if wanted and name not in wanted:
            continue
        runs[name] = run_one(name, quick if args.quick else full, args.timeout, console)
        result = fresh_result(name, start_wall)
        runs[name]["summary"] = summary_rows(name, result, runs[name])
    total = round(time.perf_counter() - start, 1)
    for name, run in runs.items():
        for i, (measure, value, target, verdict) in enumerate(run["summary"]):
            style = {"ok": "green", "miss": "red"}.get(verdict, "")
            table.add_row(f"{name} ({run['seconds']:.0f} s)" if i == 0 else "", measure, value,
                          target, f"[{style}]{verdict}[/]" if style else verdict)
    console.print(table)
    console.print(f"total {total / 60:.1f} min (budget {BUDGET_S // 60} min); "
                  f"load average now {machine_info()['loadavg_1m_at_end']}")
    doc = {"benchmark": "run_all", "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
           "quick": args.quick, "total_seconds": total, "within_budget": total <= BUDGET_S,
           "runs": runs, "machine": machine_info()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "run_all.json").write_text(json.dumps(doc, indent=2) + "\n")
    return doc


if __name__ == "__main__":
    main()
