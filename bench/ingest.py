"""Ingest throughput: end-to-end sentences/s next to the raw sentence-transformers encode.

In one run, on the same generated calls, each mode on an empty database:
  raw       SentenceTransformer.encode() (torch, batch 64, warm, all distinct texts at once,
            sorted by length) -- the limit the issue measures against; measured before the
            first mode and after the last, the faster pass counts. Also the configured
            backend's own raw encode (e.g. ONNX Runtime) for reference.
  embedded  a job per call + `ingest_job` in this process (SQLite), with the configured
            backend and again with torch (the pre-ONNX figure).
  celery-N  N real `callsift worker --concurrency 1` processes on the local Redis (a
            throwaway db number) and a throwaway PostgreSQL database; wall time from the
            first enqueue to the last finished job.
  again     the embedded calls under new ids: every vector is cached, so everything but
            the model.
ratio = mode sentences/s / raw torch sentences/s. Then the sizing projection (bench/scaling).

Run: python -m bench.ingest [--calls 40] [--workers 1,2] [--profile]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import ingest_celery as cel
from bench import scaling
from bench.corpus import generate_calls
from bench.harness import clear_caches, workspace, write_results
from bench.ingest_embedded import (
    WARMUP,
    Call,
    make_profiler,
    print_profile,
    renamed,
    run_jobs,
    sentence_texts,
)

PG_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def measure_raw(embedder: Any, texts: list[str]) -> dict[str, Any]:
    """encode() on the distinct texts in one call (the embedder batches), warm model."""
    embedder.embed(WARMUP)
    t0 = time.perf_counter()
    vecs = embedder.embed(texts)
    seconds = time.perf_counter() - t0
    assert vecs.shape[0] == len(texts)
    return {"texts": len(texts), "seconds": round(seconds, 3),
            "sentences_per_s": round(len(texts) / seconds, 1)}


def embedded(calls: Sequence[Call], backend: str, profiler: Any = None) -> dict[str, Any]:
    """In-process ingest on a fresh SQLite workspace; plus the cached-vector re-ingest."""
    with workspace(None):
        os.environ["CALLSIFT_EMBEDDING_BACKEND"] = backend
        clear_caches(embedder=True)
        e2e = run_jobs(calls, profiler)
        again = run_jobs(renamed(calls, "-again")) if profiler is None else None
    return {"backend": backend, **e2e, "again": again}


def celery(calls: Sequence[Call], n: int, pg_admin: str, timeout: float) -> dict[str, Any]:
    """N real workers on Redis + a throwaway PostgreSQL database."""
    from workers.runtime import get_runtime

    logs = Path(tempfile.mkdtemp(prefix=f"callsift-bench-{n}-workers-"))  # kept for post-mortems
    with workspace(pg_admin) as env:
        store = get_runtime().store  # migrates the fresh database before workers start
        with cel.celery_workers(n, env, logs) as pids:
            cel.run_batch(store, cel.warmup_calls(n), timeout=900)  # models load, untimed
            with cel.RssSampler(pids) as rss:
                job_ids, seconds = cel.run_batch(store, calls, timeout)
        jobs = [store.jobs.get(j) for j in job_ids]
        sentences = sum(int(j.result.get("sentences", 0)) for j in jobs if j and j.result)
        failed = [f"{j.filename}: {j.error}" for j in jobs if j and j.state == "failed"]
    return {"workers": n, "calls": len(calls), "failed": failed, "sentences_stored": sentences,
            "seconds": round(seconds, 3), "sentences_per_s": round(sentences / seconds, 1),
            "peak_rss_mib_all_workers": rss.peak_mib,
            "peak_rss_mib_per_worker": round(rss.peak_mib / n, 1)}


def report(res: dict[str, Any], console: Console) -> None:
    """The comparison table and the projection."""
    raw = res["raw"]["sentences_per_s"]
    table = Table(title=f"Ingest ({res['calls']} calls, {res['sentences']} sentences, "
                        f"{res['distinct_texts']} distinct; load avg {res['loadavg_1m_at_start']})")
    for col in ("what", "sentences/s", "seconds", "vs raw torch"):
        table.add_column(col, justify="left" if col == "what" else "right")
    table.add_row("raw torch encode (sentence-transformers, batch 64)", f"{raw:.0f}",
                  f"{res['raw']['seconds']:.1f}", "1.00")
    rb = res["raw_backend"]
    table.add_row(f"raw {res['backend']} encode (same texts)", f"{rb['sentences_per_s']:.0f}",
                  f"{rb['seconds']:.1f}", f"{rb['sentences_per_s'] / raw:.2f}")
    for run in res["embedded"]:
        table.add_row(f"embedded e2e, {run['backend']} (SQLite, 1 process)",
                      f"{run['sentences_per_s']:.0f}", f"{run['seconds']:.1f}",
                      f"{run['sentences_per_s'] / raw:.2f}")
    for run in res["celery"]:
        table.add_row(f"celery, {run['workers']} worker(s) (PostgreSQL + Redis)",
                      f"{run['sentences_per_s']:.0f}", f"{run['seconds']:.1f}",
                      f"{run['sentences_per_s'] / raw:.2f}")
    again = res["embedded"][0]["again"]
    if again:
        table.add_row("re-ingest, every vector cached (embedded)",
                      f"{again['sentences_per_s']:.0f}", f"{again['seconds']:.1f}",
                      f"{again['sentences_per_s'] / raw:.2f}")
    console.print(table)
    for run in [*res["embedded"], *res["celery"]]:
        for line in run["failed"]:
            console.print(f"[red]failed[/red] {line}")
    if res.get("scaling"):
        console.print(f"[bold]Sizing[/bold] {res['scaling']['text']}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--calls", type=int, default=40)
    ap.add_argument("--turns", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", default="1,2", help="Celery worker counts ('' to skip)")
    ap.add_argument("--database-url", default=PG_ADMIN, help="PostgreSQL server for Celery runs")
    ap.add_argument("--no-torch", action="store_true", help="skip the embedded torch run")
    ap.add_argument("--reference-raw", type=float, default=0.0,
                    help="scale worker rates to this raw torch encode rate (sentences/s of an "
                         "unshared box); 0: use the rates as measured (conservative)")
    ap.add_argument("--profile", action="store_true", help="pyinstrument the embedded run only")
    ap.add_argument("--profile-lines", type=int, default=80)
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, write bench/results/ingest.json."""
    args = parse_args(argv)
    console = Console()
    calls = generate_calls(args.calls, args.seed, args.turns)
    load_at_start = round(os.getloadavg()[0], 2)
    with workspace(None):
        from nlp.embed import build_embedder
        from workers.runtime import get_runtime

        settings = get_runtime().settings
        texts, analyze_s = sentence_texts(calls)
        spc, n_samples = scaling.sample_sentences_per_call()
    distinct = list(dict.fromkeys(texts))
    backend = settings.embedding_backend
    console.print(f"{len(calls)} calls, {len(texts)} sentences, {len(distinct)} distinct; "
                  f"backend {backend}; load average {load_at_start}")
    raw_torch = build_embedder(settings.embedding_model, settings.embedding_batch_size)
    raw_fast = build_embedder(settings.embedding_model, settings.embedding_batch_size, backend,
                              settings.model_cache_dir)
    passes = [measure_raw(raw_torch, distinct)]
    raw_backend = measure_raw(raw_fast, distinct)
    profiler = make_profiler() if args.profile else None
    runs = [embedded(calls, backend, profiler)]
    if not args.no_torch and backend != "torch" and profiler is None:
        runs.append(embedded(calls, "torch"))
    counts = [int(n) for n in args.workers.split(",") if n.strip()] if profiler is None else []
    workers = [celery(calls, n, args.database_url, timeout=1800) for n in counts]
    passes.append(measure_raw(raw_torch, distinct))
    best = min(passes, key=lambda p: p["seconds"])
    res: dict[str, Any] = {
        "calls": len(calls), "sentences": len(texts), "distinct_texts": len(distinct),
        "backend": backend, "analyze_seconds": round(analyze_s, 3), "raw": best,
        "raw_passes": passes, "raw_backend": raw_backend, "embedded": runs, "celery": workers,
        "e2e": runs[0], "ratio": round(runs[0]["sentences_per_s"] / best["sentences_per_s"], 3),
        "profiled": profiler is not None, "loadavg_1m_at_start": load_at_start,
        "sample_sentences_per_call": round(spc, 1), "sample_calls": n_samples,
    }
    for run in workers:
        res[f"ratio_celery_{run['workers']}_worker"] = round(
            run["sentences_per_s"] / best["sentences_per_s"], 3)
    if workers:
        res["scaling"] = projection(workers, spc, best["sentences_per_s"], args.reference_raw)
    report(res, console)
    if profiler is not None:
        print_profile(profiler, console, args.profile_lines)
    path = write_results("ingest_profiled" if profiler else "ingest", res, vars(args))
    console.print(f"wrote {path.relative_to(path.parents[2])}")
    return res


def projection(workers: list[dict[str, Any]], sentences_per_call: float, raw: float,
               reference_raw: float) -> dict[str, Any]:
    """The sizing projection at the sample calls' length and at a long recorded call's.

    Worker rates are as measured, or (with `reference_raw`) their ratio to the raw encode of
    the same run times that reference. Torch slows more than ONNX Runtime on a shared box,
    so the ratio flatters ONNX there; the measured rate is the conservative choice.
    """
    by_n = {w["workers"]: w for w in workers}
    one = by_n.get(1) or workers[0]
    two = by_n.get(2)
    scale = max(raw, reference_raw) / raw
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    kw = {"one_worker_rate": one["sentences_per_s"] / one["workers"] * scale,
          "two_worker_rate": two["sentences_per_s"] * scale if two else None,
          "worker_rss_mib": max(w["peak_rss_mib_per_worker"] for w in workers),
          "cores": cores or 1}
    sample = scaling.project(sentences_per_call=sentences_per_call, **kw)
    long = scaling.project(sentences_per_call=scaling.LONG_CALL_SENTENCES, **kw)
    return {"sample_calls": sample, "long_calls": long, "raw_used": max(raw, reference_raw),
            "text": f"{scaling.describe(sample)} "
                    + (f"(Worker rate: its ratio to the raw encode, "
                       f"{one['sentences_per_s'] / raw:.2f}, x {reference_raw:.0f} sentences/s.) "
                       if scale > 1 else "(Worker rate as measured in this run.) ")
                    + f"For full-length calls "
                    f"({scaling.LONG_CALL_SENTENCES} sentences): {long['workers']} worker(s), "
                    f"{long['cores']} cores, {long['worker_ram_gib']:.1f} GiB."}


if __name__ == "__main__":
    main()
