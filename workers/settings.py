"""Worker runtime settings: the shared core plus Celery's."""

from __future__ import annotations

from functools import cache

from pydantic import Field

from models.settings import CoreSettings
from nlp.config import PipelineConfig


class WorkerSettings(CoreSettings):
    """Settings for Celery workers and in-process (embedded) jobs."""

    worker_concurrency: int = Field(1, ge=1)
    task_max_retries: int = Field(8, ge=0)  # backoff 2, 4, 8 … 60 s: about 4 minutes
    task_time_limit_seconds: int = Field(900, ge=10)  # a hung task's process is replaced
    broker_visibility_timeout_seconds: int = Field(3600, ge=5)
    result_expires_seconds: int = Field(24 * 3600, ge=60)
    recluster_every_seconds: float = Field(6 * 3600, ge=60)

    def pipeline_config(self) -> PipelineConfig:
        """What the pure pipeline needs from these settings."""
        return PipelineConfig(spacy_model=self.spacy_model, embedding_model=self.embedding_model,
                              embedding_batch_size=self.embedding_batch_size,
                              embedding_backend=self.embedding_backend,
                              model_cache_dir=self.model_cache_dir)


@cache
def get_settings() -> WorkerSettings:
    """Process-wide worker settings."""
    return WorkerSettings()
