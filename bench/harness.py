"""What the speed benchmarks share: a throwaway workspace, machine info, percentiles, results."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# Tests point this elsewhere so a smoke run never overwrites the real figures.
RESULTS = Path(os.environ.get("CALLSIFT_BENCH_RESULTS") or REPO / "bench" / "results")


def clear_caches(*, embedder: bool = False) -> None:
    """Forget cached settings/runtimes (and optionally the process-wide embedder)."""
    from api.settings import get_settings as api_settings
    from nlp.embed import load_embedder
    from workers.runtime import get_runtime
    from workers.settings import get_settings as worker_settings

    api_settings.cache_clear()
    worker_settings.cache_clear()
    get_runtime.cache_clear()
    if embedder:
        load_embedder.cache_clear()


@contextmanager
def _throwaway_postgres(admin_url: str) -> Iterator[str]:
    """A fresh database next to `admin_url`'s, dropped afterwards (a reused one would let
    the stored embedding cache answer, and the benchmark would measure nothing)."""
    import sqlalchemy as sa

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"callsift_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def workspace(database_url: str | None = None) -> Iterator[dict[str, str]]:
    """Point every runtime at a temp data dir and an empty database; yields the env used.

    `database_url` is a PostgreSQL server URL (any database on it): a throwaway database
    is created beside it and dropped at the end. Without it, SQLite in the temp dir.
    """
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="callsift-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        with (_throwaway_postgres(database_url) if database_url else _sqlite(data)) as url:
            env = {"CALLSIFT_DATA_DIR": str(data), "CALLSIFT_DATABASE_URL": url}
            for key in ("CALLSIFT_BROKER_URL", "CALLSIFT_REP_ROSTER", "CALLSIFT_ENVIRONMENT"):
                os.environ.pop(key, None)
            os.environ.update(env)
            clear_caches(embedder=True)
            try:
                yield env
            finally:
                os.environ.clear()
                os.environ.update(saved)
                clear_caches(embedder=True)


@contextmanager
def _sqlite(data: Path) -> Iterator[str]:
    yield f"sqlite:///{data / 'callsift.db'}"


def percentiles(samples_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max in milliseconds."""
    ms = np.asarray(samples_s, dtype=float) * 1000.0
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return {"p50_ms": round(float(p50), 2), "p95_ms": round(float(p95), 2),
            "p99_ms": round(float(p99), 2), "mean_ms": round(float(ms.mean()), 2),
            "max_ms": round(float(ms.max()), 2), "n": len(ms)}


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _mem_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    """Enough about this box and software to compare figures across runs."""
    import torch

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {
        "platform": platform.platform(), "machine": platform.machine(),
        "python": sys.version.split()[0], "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "mem_gib": _mem_gib(), "torch_threads": torch.get_num_threads(),
        "loadavg_1m_at_end": round(os.getloadavg()[0], 2),
        "git_commit": commit or None,
        "versions": {d: _version(d) for d in ("torch", "sentence-transformers", "transformers",
                                               "spacy", "faiss-cpu", "fastapi", "uvicorn",
                                               "sqlalchemy")},
    }


def write_results(name: str, figures: dict[str, Any], args: dict[str, Any]) -> Path:
    """bench/results/NAME.json with the figures, the arguments, the machine and a timestamp."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    doc = {"benchmark": name, "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
           "args": args, "machine": machine_info(), **figures}
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n")
    return path
