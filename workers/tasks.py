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
