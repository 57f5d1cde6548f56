"""The broker restarted mid-batch: the batch still completes, and Redis holds no leftovers."""

from __future__ import annotations

import pytest

from tests.workers.calls import assert_stored_once, small_calls
from tests.workers.conftest import (
    batch_counts,
    free_port,
    post_batch,
    start_redis,
    start_worker,
    wait_for_batch,
    wait_until,
    worker_env,
)

pytestmark = [pytest.mark.services, pytest.mark.model]


def test_redis_restarted_mid_batch_the_batch_completes(api, procs, redis_server_binary,
                                                       tmp_path):
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    procs.append(redis := start_redis(port, tmp_path / "redis", tmp_path / "redis.log"))
    env = worker_env(pg_url=api.db_url, broker_url=broker, data_dir=tmp_path / "w")
    procs.append(worker := start_worker(env, tmp_path / "worker.log", "redisfault"))
    calls = small_calls(16, "redis")
    client = api(broker)
    batch = post_batch(client, calls)
    wait_until(lambda: batch_counts(client, batch).get("succeeded", 0) >= 3,
               "the first calls to be ingested")
    redis.stop()  # SIGTERM: Redis flushes its append-only file and exits
    assert batch_counts(client, batch).get("succeeded", 0) < len(calls), "restarted too late"
    procs.remove(redis)
    procs.insert(0, start_redis(port, tmp_path / "redis", tmp_path / "redis.log"))

    counts = wait_for_batch(client, batch, timeout=240, proc=worker)
    assert counts["succeeded"] == len(calls), (counts, worker.tail())
    assert worker.log.read_text().count("succeeded in") >= len(calls)  # this broker's worker
    assert_stored_once(api.db_url, client, calls)
    assert_no_growing_keys(port)


def assert_no_growing_keys(port: int) -> None:
    """No stored task results, an empty queue, nothing left unacked."""
    import redis

    r = redis.Redis(port=port)
    keys = {k.decode() for k in r.keys("*")}
    assert not [k for k in keys if k.startswith("celery-task-meta")], keys
    assert r.llen("celery") == 0 and r.hlen("unacked") == 0, keys
