"""Celery tasks: thin wrappers that take ids, call a worker service and return a summary."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from celery import Task

from workers.celery_app import app
from workers.errors import TRANSIENT
from workers.ingest import ingest_job
from workers.reanalyze import reanalyze_job
from workers.runtime import get_runtime
from workers.settings import get_settings

log = logging.getLogger(__name__)

RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 2, "retry_backoff_max": 60,
         "retry_jitter": True}


class IngestTask(Task):  # type: ignore[misc]
    """Records a final failure on the job, so no job stays `running` after its task gave up."""

    gave_up = "ingest gave up"

    def on_failure(self, exc: BaseException, task_id: str, args: tuple[Any, ...],
                   kwargs: dict[str, Any], einfo: Any) -> None:
        """Called once retries are exhausted, or at once for a non-transient error."""
        job_id = str(args[0] if args else kwargs["job_id"])
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        try:
            # Conditional: a duplicate delivery may have finished the job already.
            get_runtime().store.jobs.fail_unless_done(job_id, f"{self.gave_up}: {reason}"[:1000])
        except Exception:  # the database may be the thing that is down
            log.exception("could not mark job %s failed", job_id)


@app.task(name="ingest.call", base=IngestTask, max_retries=get_settings().task_max_retries,
          **RETRY)
def ingest_call(job_id: str) -> dict[str, Any]:
    """Ingest the upload behind a job (idempotent: a finished job is skipped)."""
    return asdict(ingest_job(job_id, get_runtime()))


class ReanalyzeTask(IngestTask):
    """The same final-failure record, for reanalyze jobs."""

    gave_up = "reanalyze gave up"


@app.task(name="reanalyze.calls", base=ReanalyzeTask,
          max_retries=get_settings().task_max_retries, **RETRY)
def reanalyze_calls(job_id: str) -> dict[str, Any]:
    """Re-run the detectors on a job's stored calls (idempotent: current calls are skipped)."""
    return asdict(reanalyze_job(job_id, get_runtime()))


@app.task(name="themes.recluster", max_retries=3, **RETRY)
def recluster_themes() -> list[dict[str, Any]]:
    """Re-cluster every theme type, keeping ids stable (scheduled by beat)."""
    from models.domain import THEME_SOURCES
    from workers.themes import recluster

    rt = get_runtime()
    emb = rt.pipeline.embedder
    return [asdict(recluster(rt.store, kind, emb.name, emb.dim)) for kind in THEME_SOURCES]
