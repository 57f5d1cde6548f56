"""Ingest through a real Celery worker on the local Redis, stored in the real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import REPO, wait_for_jobs

CALL = (b"Priya Nair: Just to set the agenda, I'd love to hear about your setup.\n"
        b"Marcus Lee: Honestly, we're locked in with CloudMinder until March.\n"
        b"Priya Nair: Then let's plan the switch so nothing overlaps.\n")


@pytest.fixture
def worker_env(configure, pg_url, redis_url, tmp_path) -> dict[str, str]:
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # a test-only db number: no stale tasks
    configure(database_url=pg_url, broker_url=redis_url)
    from models.store import open_store

    with open_store(pg_url).db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE calls, participants, turns, sentences, vectors, changes, "
                             "jobs, uploads, rep_roster RESTART IDENTITY CASCADE")
    return {**os.environ, "CALLSIFT_DATA_DIR": str(tmp_path / "worker")}


@pytest.fixture
def celery_worker(worker_env, tmp_path):
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app:app", "worker",
         "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
        cwd=REPO, env=worker_env, stdout=log, stderr=subprocess.STDOUT)
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.mark.services
@pytest.mark.model
def test_api_enqueues_to_redis_and_a_real_worker_ingests_into_postgres(celery_worker, tmp_path):
    from api.app import create_app

    with TestClient(create_app()) as client:
        assert client.get("/health").json()["broker"] == {"ok": True, "mode": "celery"}
        response = client.post("/calls", files={"file": ("w1.txt", CALL)})
        assert response.status_code == 202
        (job,) = wait_for_jobs(client, [response.json()["job_id"]], timeout=240)
        assert job["state"] == "succeeded", (job, Path(tmp_path / "worker.log").read_text()[-3000:])
        call = client.get(f"/calls/{job['call_id']}").json()
        assert call["external_id"] == "w1" and len(call["turns"]) == 3
        hits = client.get("/search", params={"q": "we are locked in with our current "
                                                  "vendor until March"}).json()["hits"]
        assert hits and "CloudMinder" in hits[0]["quote"]
    assert celery_worker.poll() is None, "the worker died"
