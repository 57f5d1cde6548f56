"""Ingest through real Celery workers: N `callsift worker` processes on the local Redis.

The bench process creates the jobs in the (throwaway) database, sends them to Redis and
polls the database until every job is finished; the workers do all the work. Each worker
is started before the clock and warmed with a call of its own, so model loading is never
timed. RSS of every worker process (Celery's parent and its pool child) is sampled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BROKER = "redis://127.0.0.1:6379/13"  # a database number the tests don't use
# Each run has its own queue: two bench runs at once (run_all beside a manual run) never
# take each other's tasks, and nothing is flushed that another run still needs.
QUEUE = f"bench-{uuid.uuid4().hex[:10]}"

Call = tuple[str, bytes, bytes]


def process_tree_rss(pid: int) -> int:
    """Resident bytes of a process and its children (a Celery worker and its pool)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


@dataclass
class RssSampler:
    """Samples the summed RSS of some process trees every `every` seconds, in a thread."""

    pids: list[int]
    every: float = 0.25
    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> RssSampler:
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = sum(process_tree_rss(p) for p in self.pids)
            self.samples.append((time.perf_counter() - self._t0, rss))
            self._stop.wait(self.every)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        """The highest summed RSS seen, in MiB."""
        return round(max((r for _, r in self.samples), default=0) / 2**20, 1)


def drop_queue() -> None:
    """Delete this run's queue list from Redis (tasks left in it would never run)."""
    import redis

    client = redis.Redis.from_url(BROKER)
    client.delete(QUEUE)
    client.close()


def client() -> Any:
    """A Celery client of the bench's own (workers.celery_app reads its broker at import)."""
    from celery import Celery

    app = Celery("callsift-bench", broker=BROKER)
    app.conf.task_default_queue = QUEUE
    return app


@contextmanager
def celery_workers(n: int, env: dict[str, str], log_dir: Path) -> Iterator[list[int]]:
    """N workers with `--concurrency 1` (what `callsift worker` runs, plus this run's own
    queue) on the bench broker; yields their pids."""
    full_env = {**os.environ, **env, "CALLSIFT_BROKER_URL": BROKER}
    procs = []
    for i in range(n):
        log = open(log_dir / f"worker-{i}.log", "wb")  # noqa: SIM115 - closed below
        cmd = [sys.executable, "-m", "celery", "-A", "workers.celery_app:app", "worker",
               "-Q", QUEUE, "-n", f"{QUEUE}-{i}@%h", "--concurrency", "1",
               "--loglevel", "warning"]
        procs.append((subprocess.Popen(cmd, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True), log))
    try:
        yield [p.pid for p, _ in procs]
    finally:
        for p, _ in procs:
            p.send_signal(signal.SIGTERM)  # warm shutdown: the current task finishes
        for p, log in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            log.close()
        drop_queue()


def warmup_calls(n: int) -> list[Call]:
    """One distinct small call per worker (sentences the corpus never produces)."""
    import json

    out = []
    for w in range(n):
        tag = uuid.uuid4().hex[:6]
        turns = [f"{'Rita Warm' if i % 2 == 0 else 'Paul Warm'}: Warm-up {tag} turn {i} of "
                 f"worker {w}, our budget owner dislikes the price and I run a team of {i + 3}."
                 for i in range(8)]
        meta = {"call_id": f"WARMUP-{tag}", "participants": [
            {"name": "Rita Warm", "role": "rep"}, {"name": "Paul Warm", "role": "prospect"}]}
        out.append((f"warmup-{tag}.txt", "\n".join(turns).encode(), json.dumps(meta).encode()))
    return out


def enqueue_batch(store: Any, calls: Sequence[Call]) -> tuple[str, list[str], float]:
    """One job per call under a new batch id, each sent to the workers; (batch, ids, start)."""
    app = client()
    batch = uuid.uuid4().hex
    job_ids = [store.jobs.create_ingest(filename=name, data=data, sidecar=side, batch_id=batch)
               for name, data, side in calls]
    t0 = time.perf_counter()
    for job_id in job_ids:
        app.send_task("ingest.call", args=[job_id])
    app.close()
    return batch, job_ids, t0


def run_batch(store: Any, calls: Sequence[Call], timeout: float) -> tuple[list[str], float]:
    """Create jobs, enqueue them to the workers, wait until all are terminal; (ids, seconds)."""
    batch, job_ids, t0 = enqueue_batch(store, calls)
    while True:  # one GROUP BY per poll: the bench process must not compete for the CPU
        counts = store.jobs.batch_counts(batch)
        done = counts.get("succeeded", 0) + counts.get("failed", 0)
        if done == len(job_ids):
            break
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{len(job_ids) - done} of {len(job_ids)} jobs unfinished after "
                               f"{timeout:.0f} s (see the worker logs)")
        time.sleep(0.2)
    return job_ids, time.perf_counter() - t0
