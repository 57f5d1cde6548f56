"""Fault-test fixtures: real Celery workers and Redis servers as subprocesses, small calls."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, need_service
from tests.workers.calls import SmallCall

# A worker killed outright never acks its task; Redis hands it out again after this many
# seconds. Production keeps the hour-long default; tests can't wait that long.
VISIBILITY_SECONDS = "8"
TABLES = ("calls, participants, turns, sentences, vectors, changes, jobs, uploads, "
          "rep_roster, insights, themes")


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    """Poll until `check()` is true; fail naming `what` after the deadline."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


class Proc:
    """A subprocess in its own process group, logging to a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("ab")
        self.popen = subprocess.Popen(args, cwd=REPO, env=env, stdout=self._out,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    def kill9(self) -> None:
        """SIGKILL the whole group (the worker and its pool children), like a lost machine."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not exit in time."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=30)
        self._out.close()

    def tail(self, chars: int = 3000) -> str:
        """The end of the log, for assertion messages."""
        return self.log.read_text(errors="replace")[-chars:]


def truncate_all(pg_url: str) -> None:
    """Empty every table the fault tests touch (the schema is migrated if needed)."""
    from models.store import open_store

    store = open_store(pg_url)
    with store.db.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    store.db.dispose()


def worker_env(*, pg_url: str, broker_url: str, data_dir: Path) -> dict[str, str]:
    """Environment for a worker subprocess; its DB connections are tagged for pg_stat_activity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLSIFT_")}
    env.update(CALLSIFT_DATABASE_URL=f"{pg_url}?application_name=callsift-worker",
               CALLSIFT_BROKER_URL=broker_url, CALLSIFT_DATA_DIR=str(data_dir),
               CALLSIFT_BROKER_VISIBILITY_TIMEOUT_SECONDS=VISIBILITY_SECONDS)
    return env


def start_worker(env: dict[str, str], log: Path, name: str) -> Proc:
    """A real `celery worker` with one pool process."""
    return Proc([sys.executable, "-m", "celery", "-A", "workers.celery_app:app", "worker",
                 "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                 "-n", f"{name}@%h"], env, log)


def start_redis(port: int, data_dir: Path, log: Path) -> Proc:
    """A throwaway redis-server with an fsync-always AOF, so a restart keeps the queue."""
    data_dir.mkdir(parents=True, exist_ok=True)
    proc = Proc(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir",
                 str(data_dir), "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
                dict(os.environ), log)
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=1)

    def pings() -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    wait_until(pings, f"redis-server on port {port}", timeout=20)
    return proc


@pytest.fixture
def redis_server_binary() -> str:
    """The redis-server executable (the Redis tests start their own)."""
    import shutil

    path = shutil.which("redis-server")
    if path is None:
        need_service("redis-server", "the binary is not on PATH")
    return str(path)


@pytest.fixture
def procs() -> Iterator[list[Proc]]:
    """Subprocesses a test starts; all stopped at the end, workers before Redis."""
    started: list[Proc] = []
    yield started
    for p in reversed(started):
        p.stop()


class WorkerPool:
    """Two real workers on the test Redis db, shared by the fault tests of a session."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.workers = [start_worker(env, logs / f"pool{i}.log", f"pool{i}") for i in (0, 1)]
        self._started = 2

    def restart(self, i: int) -> Proc:
        """Kill worker `i` with SIGKILL and start a fresh one in its place."""
        self.workers[i].kill9()
        self._started += 1
        self.workers[i] = start_worker(self.env, self.logs / f"pool{self._started}.log",
                                       f"pool{self._started}")
        return self.workers[i]

    def logs_text(self) -> str:
        """Every pool worker's log so far."""
        return "".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("pool*.log")))

    def stop(self) -> None:
        """Stop every worker."""
        for w in self.workers:
            w.stop()


@pytest.fixture(scope="session")
def pool(pg_url: str, redis_url: str, tmp_path_factory) -> Iterator[WorkerPool]:  # type: ignore[no-untyped-def]
    """Start the shared workers once (they load their models once, like in production)."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # a test-only db number: no stale tasks
    truncate_all(pg_url)
    logs = tmp_path_factory.mktemp("pool")
    workers = WorkerPool(worker_env(pg_url=pg_url, broker_url=redis_url, data_dir=logs), logs)
    yield workers
    workers.stop()


@pytest.fixture
def fault_db(pg_url: str) -> str:
    """The session's PostgreSQL database, emptied."""
    truncate_all(pg_url)
    return pg_url


@pytest.fixture
def api(configure, fault_db: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An in-process API on the fault database; `api(broker_url)` opens a TestClient."""
    from fastapi.testclient import TestClient

    import workers.celery_app

    clients: list[TestClient] = []

    def open_client(broker_url: str) -> TestClient:
        configure(database_url=fault_db, broker_url=broker_url)
        # The module-level Celery app keeps the broker of its first import: rebuild it.
        monkeypatch.setattr(workers.celery_app, "app", workers.celery_app.make_celery())
        from api.app import create_app

        client = TestClient(create_app())
        client.__enter__()
        clients.append(client)
        return client

    open_client.db_url = fault_db  # type: ignore[attr-defined]
    yield open_client
    for c in clients:
        with contextlib.suppress(Exception):  # a test may have shut one down already
            c.__exit__(None, None, None)


def post_batch(client, calls: list[SmallCall]) -> str:  # type: ignore[no-untyped-def]
    """Upload calls as one batch; returns the batch id."""
    files = [("files", (c.filename, c.data)) for c in calls]
    response = client.post("/calls/batch", files=files)
    assert response.status_code == 202, response.text
    return str(response.json()["batch_id"])


def batch_counts(client, batch_id: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Jobs per state, from GET /batches/{id}."""
    return dict(client.get(f"/batches/{batch_id}").json()["counts"])


def wait_for_batch(client, batch_id: str, timeout: float = 150.0,  # type: ignore[no-untyped-def]
                   proc: Proc | None = None) -> dict[str, int]:
    """Poll until every job of the batch finished; return the final counts."""
    try:
        wait_until(lambda: client.get(f"/batches/{batch_id}").json()["done"],
                   f"batch {batch_id}", timeout)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {batch_counts(client, batch_id)}\n"
                             f"{proc.tail() if proc else ''}") from None
    return batch_counts(client, batch_id)
