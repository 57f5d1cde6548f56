"""A worker killed with SIGKILL mid-batch loses nothing and duplicates nothing."""

from __future__ import annotations

import pytest

from tests.workers.calls import assert_stored_once, small_calls
from tests.workers.conftest import batch_counts, post_batch, wait_for_batch, wait_until

pytestmark = [pytest.mark.services, pytest.mark.model]


def test_worker_killed_mid_batch_then_restarted_stores_every_call_once(api, pool, redis_url):
    calls = small_calls(50, "kill")
    client = api(redis_url)
    batch = post_batch(client, calls)
    victim = pool.workers[0]
    wait_until(lambda: victim.log.read_text().count("succeeded in") >= 2
               and batch_counts(client, batch).get("succeeded", 0) >= 5,
               "the first calls to be ingested")
    pool.restart(0)  # kill -9 the worker and its pool process, then start a fresh one
    assert batch_counts(client, batch).get("succeeded", 0) < len(calls), "killed too late"

    counts = wait_for_batch(client, batch, timeout=240)
    assert counts["succeeded"] == len(calls), (counts, pool.logs_text()[-3000:])
    assert_stored_once(api.db_url, client, calls)
    for log in pool.logs.glob("pool*.log"):  # models load once per process, not per task
        text = log.read_text()
        if "succeeded in" in text:
            assert text.count("models loaded once") == 1, log.name
