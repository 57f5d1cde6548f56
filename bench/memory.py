"""Worker memory over a long batch: RSS must stay flat, not grow with the number of calls.

One real `callsift worker --concurrency 1` (Celery on the local Redis, throwaway
PostgreSQL database) ingests N small generated calls. The bench polls the job counts and
samples the RSS of the worker's process tree (Celery parent + pool child) with psutil,
then reports RSS at 10%, 50% and 100% of the calls, the peak, and the least-squares slope
from 10% on (MiB per 1,000 calls) -- the first calls load models and fill caches.

Run: python -m bench.memory [--calls 1000] [--turns 6]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from bench import ingest_celery as cel
from bench.corpus import generate_calls
from bench.harness import workspace, write_results

PG_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
# Flat: the slope stays under this, or (in short runs, where a slope over a few calls means
# little) RSS grew by under FLAT_GROWTH_MIB from 10% to 100% of the calls.
FLAT_MIB_PER_1000 = 25.0
FLAT_GROWTH_MIB = 10.0


def ingest_sampled(store: Any, calls: Sequence[cel.Call], pids: list[int],
                   timeout: float) -> tuple[list[tuple[float, int, float]], float]:
    """Enqueue every call; sample (seconds, calls done, RSS MiB) until all are done."""
    batch, ids, t0 = cel.enqueue_batch(store, calls)
    samples: list[tuple[float, int, float]] = []
    done = 0
    while done < len(ids):
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{len(ids) - done} calls unfinished after {timeout:.0f} s")
        time.sleep(0.5)
        counts = store.jobs.batch_counts(batch)
        done = counts.get("succeeded", 0) + counts.get("failed", 0)
        rss = sum(cel.process_tree_rss(p) for p in pids) / 2**20
        samples.append((time.perf_counter() - t0, done, rss))
    return samples, time.perf_counter() - t0


def summarize(samples: list[tuple[float, int, float]], n: int) -> dict[str, Any]:
    """RSS at 10/50/100% of the calls, the peak, and the slope from 10% on."""
    def at(share: float) -> float:
        target = share * n
        return next(r for _, d, r in samples if d >= target)

    tail = [(d, r) for _, d, r in samples if d >= 0.1 * n]
    done = np.array([d for d, _ in tail], dtype=float)
    rss = np.array([r for _, r in tail], dtype=float)
    slope = float(np.polyfit(done, rss, 1)[0]) * 1000 if len(set(done)) > 1 else 0.0
    return {"rss_mib_at_10pct": round(at(0.1), 1), "rss_mib_at_50pct": round(at(0.5), 1),
            "rss_mib_at_100pct": round(at(1.0), 1),
            "peak_rss_mib": round(max(r for _, _, r in samples), 1),
            "slope_mib_per_1000_calls": round(slope, 1),
            "flat": bool(slope < FLAT_MIB_PER_1000 or at(1.0) - at(0.1) < FLAT_GROWTH_MIB)}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, write bench/results/memory.json."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--turns", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--database-url", default=PG_ADMIN)
    args = ap.parse_args(argv)
    console = Console()
    calls = generate_calls(args.calls, args.seed, args.turns)
    logs = Path(tempfile.mkdtemp(prefix="callsift-bench-memory-"))
    from workers.runtime import get_runtime

    with workspace(args.database_url) as env:
        store = get_runtime().store
        with cel.celery_workers(1, env, logs) as pids:
            cel.run_batch(store, cel.warmup_calls(1), timeout=900)
            after_warmup = sum(cel.process_tree_rss(p) for p in pids) / 2**20
            samples, seconds = ingest_sampled(store, calls, pids, timeout=3600)
        sentences = store.feed.searchable_count(get_runtime().pipeline.embedder.name)
    res: dict[str, Any] = {
        **summarize(samples, len(calls)), "rss_mib_after_warmup": round(after_warmup, 1),
        "calls": len(calls), "sentences": sentences, "seconds": round(seconds, 1),
        "samples": [(round(t, 1), d, round(r, 1)) for t, d, r in samples],
        "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
    }
    table = Table(title=f"Worker RSS over {len(calls)} calls ({sentences} sentences, "
                        f"{seconds:.0f} s)")
    for col in ("after warm-up", "10%", "50%", "100%", "peak", "slope MiB/1k calls"):
        table.add_column(col, justify="right")
    table.add_row(*(f"{res[k]:.0f}" for k in ("rss_mib_after_warmup", "rss_mib_at_10pct",
                                               "rss_mib_at_50pct", "rss_mib_at_100pct",
                                               "peak_rss_mib")),
                  f"{res['slope_mib_per_1000_calls']:.1f}")
    console.print(table)
    console.print("flat" if res["flat"] else "[red]growing[/red]",
                  f"(slope under {FLAT_MIB_PER_1000:.0f} MiB per 1,000 calls, or under "
                  f"{FLAT_GROWTH_MIB:.0f} MiB from 10% to 100%)")
    path = write_results("memory", res, vars(args))
    console.print(f"wrote {path.relative_to(path.parents[2])}")
    return res


if __name__ == "__main__":
    main()
