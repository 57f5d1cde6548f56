"""Enqueue work by task name: to Celery when a broker is set, else in this process."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

from workers.settings import get_settings

log = logging.getLogger(__name__)


@cache
def _local_executor() -> ThreadPoolExecutor:
    # One thread: embedded mode is one machine, and the embedder already uses both cores.
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="callsift-job")


def _run_local(job_id: str) -> None:
    # Imported here so that processes enqueueing to a broker never load the pipeline.
    from workers.ingest import ingest_job
    from workers.runtime import get_runtime

    try:
        ingest_job(job_id, get_runtime())
    except Exception:
        log.exception("in-process ingest of job %s failed", job_id)
        get_runtime().store.jobs.update(job_id, state="failed", progress=1.0,
                                        error="internal error while ingesting; see server log")


def _reanalyze_local(job_id: str) -> None:
    from workers.reanalyze import reanalyze_job
    from workers.runtime import get_runtime

    try:
        reanalyze_job(job_id, get_runtime())
    except Exception:
        log.exception("in-process reanalyze job %s failed", job_id)
        get_runtime().store.jobs.fail_unless_done(
            job_id, "internal error while re-analysing; see the log (its calls stay stale)")


def _recluster_local() -> None:
    from workers.tasks import recluster_themes

    try:
        recluster_themes()
    except Exception:
        log.exception("in-process re-cluster failed")


def enqueue_recluster() -> Future[None] | None:
    """Queue a full theme re-cluster (Celery beat also runs it on a schedule)."""
    if uses_broker():
        from workers.celery_app import app

        app.send_task("themes.recluster")
        return None
    return _local_executor().submit(_recluster_local)


def uses_broker() -> bool:
    """True when jobs go to Celery workers."""
    return bool(get_settings().broker_url)


def enqueue_ingest(job_ids: Sequence[str]) -> list[Future[None]]:
    """Queue ingest jobs (call only after the jobs are committed)."""
    if uses_broker():
        from celery import group

        from workers.celery_app import app

        # One task per call, sent as a group: any worker takes any call, and one bad call
        # fails alone. Progress is read from the jobs table (GET /batches/{id}), so the
        # group's result is never stored or joined.
        if job_ids:
            group(app.signature("ingest.call", args=[j]) for j in job_ids).apply_async()
        return []
    return [_local_executor().submit(_run_local, job_id) for job_id in job_ids]


def enqueue_reanalyze(job_ids: Sequence[str]) -> list[Future[None]]:
    """Queue reanalyze jobs (each a chunk of call ids), like ingest jobs: a Celery group."""
    if uses_broker():
        from celery import group

        from workers.celery_app import app

        if job_ids:
            group(app.signature("reanalyze.calls", args=[j]) for j in job_ids).apply_async()
        return []
    return [_local_executor().submit(_reanalyze_local, job_id) for job_id in job_ids]


def broker_status() -> dict[str, object]:
    """Whether the broker answers (embedded mode has none and needs none)."""
    if not uses_broker():
        return {"ok": True, "mode": "embedded"}
    from workers.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "celery"}
    except Exception as exc:  # the failure is the answer
        return {"ok": False, "mode": "celery", "error": str(exc)}
