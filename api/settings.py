"""API runtime settings."""

from __future__ import annotations

from functools import cache

from pydantic import Field

from models.settings import CoreSettings


class ApiSettings(CoreSettings):
    """Settings for the FastAPI process."""

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # 0: every search checks the change log head (one primary-key lookup), so a finished
    # ingest is visible to the very next query. Raise it only for very high query rates.
    index_refresh_seconds: float = Field(0.0, ge=0.0)
    index_save_seconds: float = Field(10.0, ge=0.0)
    load_model_at_start: bool = True


@cache
def get_settings() -> ApiSettings:
    """Process-wide API settings."""
    return ApiSettings()
