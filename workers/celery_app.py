"""The Celery app. Delivery settings make a killed worker's task run again, not vanish."""

from __future__ import annotations

from celery import Celery

from workers.settings import get_settings


def make_celery() -> Celery:
    """Configure Celery from CALLSIFT_* settings."""
    settings = get_settings()
    app = Celery("callsift", include=["workers.tasks"])
    app.conf.update(
        broker_url=settings.broker_url or "memory://",
        result_backend=settings.result_backend or None,
        result_expires=settings.result_expires_seconds,
        task_ignore_result=not settings.result_backend,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_concurrency=settings.worker_concurrency,
        # Redis redelivers unacked tasks after the visibility timeout; ingest of one call
        # takes seconds, so an hour is generous without stranding work for a day.
        broker_transport_options={"visibility_timeout": 3600},
        beat_schedule={"recluster-themes": {
            "task": "themes.recluster",
            "schedule": settings.recluster_every_seconds,
        }},
    )
    return app


app = make_celery()
