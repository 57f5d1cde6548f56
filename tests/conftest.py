"""Shared fixtures: data location, real services, real models, configured app."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "calls"
REQUIRE_SERVICES = os.environ.get("CALLSIFT_REQUIRE_SERVICES") == "1"
PG_ADMIN_URL = os.environ.get("CALLSIFT_TEST_PG_URL",
                              "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("CALLSIFT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def shared_data_dir() -> Path | None:
    """../shared/data beside the repo (or CALLSIFT_SHARED_DATA), if present."""
    candidates = [os.environ.get("CALLSIFT_SHARED_DATA"), REPO.parent / "shared" / "data",
                  "/work/shared/data"]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return None


def need_service(name: str, reason: str) -> None:
    """Skip with a reason, or fail when CI demands real services."""
    message = f"{name} unavailable: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(message + " (CALLSIFT_REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder; tests using it skip when it is absent."""
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is absent (set CALLSIFT_SHARED_DATA to point at it)")
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    import sqlalchemy as sa

    try:
        admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        need_service("PostgreSQL", str(exc).splitlines()[0])
    name = f"callsift_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The local Redis (a test database number), if it answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        need_service("Redis", str(exc))
    return REDIS_URL


def clear_setting_caches() -> None:
    """Forget cached settings/runtimes so the next read sees the patched environment."""
    from api.settings import get_settings as api_settings
    from workers.runtime import get_runtime
    from workers.settings import get_settings as worker_settings

    api_settings.cache_clear()
    worker_settings.cache_clear()
    get_runtime.cache_clear()


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Point every runtime at a fresh data dir and the given database URL."""

    def apply(database_url: str | None = None, **extra: str) -> Path:
        monkeypatch.setenv("CALLSIFT_DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("CALLSIFT_DATABASE_URL",
                           database_url or f"sqlite:///{tmp_path / 'data' / 'callsift.db'}")
        monkeypatch.delenv("CALLSIFT_BROKER_URL", raising=False)
        monkeypatch.delenv("CALLSIFT_REP_ROSTER", raising=False)
        for key, value in extra.items():
            monkeypatch.setenv(f"CALLSIFT_{key.upper()}", value)
        clear_setting_caches()
        return tmp_path / "data"

    yield apply
    clear_setting_caches()


def wait_for_jobs(client, job_ids: list[str], timeout: float = 180.0) -> list[dict]:  # type: ignore[no-untyped-def]
    """Poll /jobs until every job is finished; return their final states."""
    deadline = time.monotonic() + timeout
    while True:
        jobs = [client.get(f"/jobs/{j}").json() for j in job_ids]
        if all(j["state"] in ("succeeded", "failed") for j in jobs):
            return jobs
        if time.monotonic() > deadline:
            raise AssertionError(f"jobs did not finish: {jobs}")
        time.sleep(0.2)
