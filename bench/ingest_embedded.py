"""The in-process (embedded) ingest run shared by bench.ingest and bench.memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from bench.harness import clear_caches

Call = tuple[str, bytes, bytes]
WARMUP = [f"Warm-up sentence {i} about cloud costs and the renewal." for i in range(64)]


def warmup_call() -> Call:
    """A call of sentences the corpus never produces: loads every lazy model, caches nothing."""
    turns = [f"{'Rita Warmup' if i % 2 == 0 else 'Paul Warmup'}: Warm-up turn {i} says our "
             f"budget owner {i} dislikes the price, and I run a team of {i + 3}." for i in range(8)]
    meta = {"call_id": "WARMUP-0", "participants": [{"name": "Rita Warmup", "role": "rep"},
                                                    {"name": "Paul Warmup", "role": "prospect"}]}
    return "warmup.txt", "\n".join(turns).encode(), json.dumps(meta).encode()


@dataclass
class Timed:
    """Wall time spent inside a wrapped function."""

    seconds: float = 0.0
    calls: int = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn`, adding its wall time to this counter."""
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
                self.calls += 1
        return timed


def sentence_texts(calls: Sequence[Call]) -> tuple[list[str], float]:
    """Every sentence's clean text as the pipeline splits it, and the seconds analyze took."""
    from nlp.parse import parse_transcript
    from workers.runtime import get_runtime

    rt = get_runtime()
    parsed = [parse_transcript(data, filename=name, sidecar=side,
                               max_bytes=rt.settings.max_upload_bytes)
              for name, data, side in calls]
    pipeline = rt.pipeline  # analyze() never embeds: the embedder's caches stay empty
    pipeline.analyze(parsed[0], rt.roster())  # warm spaCy
    t0 = time.perf_counter()
    texts = [s.clean_text for p in parsed for s in pipeline.analyze(p, rt.roster()).sentences]
    return texts, time.perf_counter() - t0


def run_jobs(calls: Sequence[Call], profiler: Any = None) -> dict[str, Any]:
    """Jobs for every call run in-process on a fresh runtime; wall time and counts."""
    from workers.ingest import ingest_job
    from workers.runtime import get_runtime

    clear_caches(embedder=True)  # empty in-memory embedding LRU: only the DB may remember
    rt = get_runtime()
    embedder = rt.pipeline.embedder
    embedder.embed(WARMUP)  # load and warm the model outside the timing
    name, data, side = warmup_call()  # ...and whatever else ingest loads on first use
    ingest_job(rt.store.jobs.create_ingest(filename=name, data=data, sidecar=side), rt)
    model = embedder.name
    before = rt.store.feed.searchable_count(model)
    in_embed = Timed()
    embedder.embed = in_embed.wrap(embedder.embed)  # type: ignore[method-assign]
    if profiler is not None:
        profiler.start()
    t0 = time.perf_counter()
    job_ids = [rt.store.jobs.create_ingest(filename=name, data=data, sidecar=side)
               for name, data, side in calls]
    t1 = time.perf_counter()
    for job_id in job_ids:
        ingest_job(job_id, rt)
    t2 = time.perf_counter()
    if profiler is not None:
        profiler.stop()
    jobs = [rt.store.jobs.get(j) for j in job_ids]
    stored = rt.store.feed.searchable_count(model) - before
    seconds = t2 - t0
    return {
        "calls": len(calls),
        "succeeded": sum(1 for j in jobs if j and j.state == "succeeded"),
        "failed": [f"{j.filename}: {j.error}" for j in jobs if j and j.state == "failed"],
        "sentences_stored": stored,
        "texts_embedded": sum(int(j.result.get("embedded", 0)) for j in jobs if j),
        "seconds": round(seconds, 3), "create_jobs_seconds": round(t1 - t0, 3),
        "embed_seconds": round(in_embed.seconds, 3),
        "sentences_per_s": round(stored / seconds, 1) if seconds else None,
    }


def renamed(calls: Sequence[Call], suffix: str) -> list[Call]:
    """The same transcripts under new call ids (so they are new calls, same sentences)."""
    out = []
    for name, data, side in calls:
        meta = json.loads(side)
        meta["call_id"] += suffix
        out.append((name.replace(".txt", f"{suffix}.txt"), data, json.dumps(meta).encode()))
    return out


def make_profiler() -> Any:
    """A pyinstrument profiler, installing pyinstrument into this venv if it is missing."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pyinstrument"], check=True)
        from pyinstrument import Profiler
    return Profiler(interval=0.002)


def print_profile(profiler: Any, console: Console, lines: int) -> None:
    """The top of the call tree and of the flat self-time list."""
    tree = profiler.output_text(unicode=True, color=False, time="percent_of_total")
    console.rule("profile: call tree (e2e ingest)")
    console.print("\n".join(tree.splitlines()[:lines]), markup=False, highlight=False)
    flat = profiler.output_text(unicode=True, color=False, flat=True, time="percent_of_total")
    console.rule("profile: self time")
    console.print("\n".join(flat.splitlines()[:25]), markup=False, highlight=False)


