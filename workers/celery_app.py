"""The Celery app. Delivery settings make a killed worker's task run again, not vanish."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from workers.settings import WorkerSettings, get_settings

log = logging.getLogger(__name__)


def transport_options(settings: WorkerSettings) -> dict[str, Any]:
    """Redis redelivery: a task unacked for `visibility` seconds goes back on the queue."""
    visibility = settings.broker_visibility_timeout_seconds
    return {
        # A worker killed outright (kill -9, lost machine) never acks its task: Redis hands it
        # out again after this long. It must exceed the longest task, or a slow task runs
        # twice (harmless, the task is idempotent, but wasted work).
        "visibility_timeout": visibility,
        # How often each worker sweeps for such abandoned tasks; one Redis scan per sweep.
        "unacked_restore_interval": max(1, min(10, visibility // 10)),
        "unacked_restore_throttle": 1,
    }


def make_celery() -> Celery:
    """Configure Celery from CALLSIFT_* settings."""
    settings = get_settings()
    app = Celery("callsift", include=["workers.tasks"])
    app.conf.update(
        broker_url=settings.broker_url or "memory://",
        result_backend=settings.result_backend or None,
        result_expires=settings.result_expires_seconds,
        # Job state lives in the database; nothing reads task results, so none are stored
        # and no celery-task-meta-* keys pile up in Redis.
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # The soft limit raises inside the task, so its job is marked failed with the
        # reason; the hard limit a minute later replaces a process that ignored it.
        task_soft_time_limit=settings.task_time_limit_seconds,
        task_time_limit=settings.task_time_limit_seconds + 60,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a restarting Redis is waited for, not fatal
        worker_concurrency=settings.worker_concurrency,
        worker_send_task_events=True,  # for Flower; Redis pub/sub, nothing is stored
        broker_transport_options=transport_options(settings),
        beat_schedule={"recluster-themes": {
            "task": "themes.recluster",
            "schedule": settings.recluster_every_seconds,
        }},
    )
    return app


@worker_process_init.connect
def load_models_once(**_: Any) -> None:
    """Load spaCy and the embedder in each pool process as it starts, before any task.

    `get_runtime()` is cached per process and `Runtime.pipeline` is a cached property, so
    this is the one load for the process's life; tasks reuse it. It runs after the fork, so
    no database connection or model thread pool is shared between processes.
    """
    from workers.runtime import get_runtime

    rt = get_runtime()
    rt.pipeline.embedder.embed(["warm up"])
    log.info("worker process ready: models loaded once for this process")


app = make_celery()
