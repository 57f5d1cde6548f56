"""What a worker process holds once: settings, store and pipeline (models load lazily)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from models.store import Store, open_store
from nlp.pipeline import Pipeline, build_pipeline
from workers.settings import WorkerSettings, get_settings


@dataclass
class Runtime:
    """Per-process resources for ingest work."""

    settings: WorkerSettings
    store: Store

    @cached_property
    def pipeline(self) -> Pipeline:
        """spaCy and the embedder, loaded on first use and kept for the process's life."""
        return build_pipeline(self.settings.pipeline_config())

    def roster(self) -> list[str]:
        """Configured roster plus the one set through the API."""
        return [*self.settings.roster, *self.store.roster.get()]


@cache
def get_runtime() -> Runtime:
    """The process-wide runtime (one per worker process)."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Runtime(settings=settings, store=open_store(settings.database_url))
