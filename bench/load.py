"""Load: 50 concurrent clients on GET /search for 60 s against a live server (locust).

A synthetic corpus (bench/synth.py, bulk-stored) is served by one uvicorn process, as
`callsift serve` runs it; locust runs headless in its own process on the same box, each
user searching back to back with no think time, over distinct real query texts. Reports
requests, failures (target 0), throughput and latency under load.

Needs the `bench` extra (locust). Run: python -m bench.load [--users 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.harness import REPO, workspace, write_results
from bench.search import free_port, make_queries, start_server, stop_server
from bench.synth import SynthCorpus, VectorPool

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run_locust(port: int, users: int, seconds: int, queries: Path, out: Path) -> dict[str, Any]:
    """Headless locust against the server; the aggregated row of its stats CSV."""
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
           "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--stop-timeout", "30",
           "--host", f"http://127.0.0.1:{port}", "--csv", str(out / "load"), "--only-summary",
           "--exit-code-on-error", "0"]
    env = {**os.environ, "CALLSIFT_LOAD_QUERIES": str(queries)}
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=seconds + 180, check=False)
    stats = out / "load_stats.csv"
    if proc.returncode != 0 or not stats.exists():
        raise RuntimeError(f"locust failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    with stats.open() as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    failures = (out / "load_failures.csv").read_text() if (out / "load_failures.csv").exists() \
        else ""
    return {
        "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
        "mean_ms": round(float(row["Average Response Time"]), 1),
        "max_ms": float(row["Max Response Time"]),
        "failure_kinds": [r for r in failures.splitlines()[1:] if r.strip()],
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Build the corpus, serve it, load it, print the table, write bench/results/load.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=100_000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--queries", type=int, default=6000, help="distinct query texts")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--database-url", default=None,
                    help="PostgreSQL server URL; a throwaway database is made beside it")
    args = ap.parse_args(argv)
    console = Console(width=150)
    with workspace(args.database_url) as env:
        from nlp.embed import SentenceTransformerEmbedder
        from workers.runtime import get_runtime

        rt = get_runtime()
        emb = SentenceTransformerEmbedder(rt.settings.embedding_model)
        corpus = SynthCorpus(VectorPool.build(emb, seed=args.seed), emb.name, seed=args.seed)
        corpus.grow_to(rt.store, args.sentences)
        del emb
        data = Path(env["CALLSIFT_DATA_DIR"])
        queries = data / "queries.txt"
        queries.write_text("\n".join(make_queries(args.queries, args.seed + 1)) + "\n")
        port = free_port()
        server = start_server(port, data / "uvicorn.log", timeout=900)
        try:
            res = run_locust(port, args.users, args.seconds, queries, data)
        finally:
            stop_server(server)
    res.update({"sentences": corpus.sentences, "users": args.users, "seconds": args.seconds,
                "distinct_queries": args.queries, "errors_target": 0})
    report(res, console)
    path = write_results("load", res, vars(args))
    console.print(f"wrote {path}")
    return res


def report(res: dict[str, Any], console: Console) -> None:
    """The load table."""
    table = Table(title=f"Load: {res['users']} concurrent clients on GET /search for "
                        f"{res['seconds']} s ({res['sentences']:,} sentences, one uvicorn)")
    for col in ("requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"):
        table.add_column(col, justify="right")
    table.add_row(f"{res['requests']:,}", str(res["failures"]), f"{res['rps']:.1f}",
                  f"{res['p50_ms']:.0f}", f"{res['p95_ms']:.0f}", f"{res['p99_ms']:.0f}",
                  f"{res['max_ms']:.0f}")
    console.print(table)
    for kind in res["failure_kinds"]:
        console.print(f"[red]failure: {kind}[/]")


if __name__ == "__main__":
    main()
