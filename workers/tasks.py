"""Celery tasks: thin wrappers that take ids, call the ingest service and return a summary."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from workers.celery_app import app
from workers.ingest import ingest_job
from workers.runtime import get_runtime

TRANSIENT = (OperationalError, DBAPIError, ConnectionError, TimeoutError)


@app.task(name="ingest.call", autoretry_for=TRANSIENT, retry_backoff=True,
          retry_backoff_max=60, retry_jitter=True, max_retries=5)
def ingest_call(job_id: str) -> dict[str, Any]:
    """Ingest the upload behind a job (idempotent: a finished job is skipped)."""
    return asdict(ingest_job(job_id, get_runtime()))


@app.task(name="themes.recluster", autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def recluster_themes() -> list[dict[str, Any]]:
    """Re-cluster every theme type, keeping ids stable (scheduled by beat)."""
    from models.domain import THEME_SOURCES
    from workers.themes import recluster

    rt = get_runtime()
    emb = rt.pipeline.embedder
    return [asdict(recluster(rt.store, kind, emb.name, emb.dim)) for kind in THEME_SOURCES]
