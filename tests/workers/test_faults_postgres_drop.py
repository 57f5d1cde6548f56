"""PostgreSQL connections terminated mid-task: the task retries and completes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.workers.calls import assert_stored_once, small_calls
from tests.workers.conftest import post_batch, wait_for_batch, wait_until

pytestmark = [pytest.mark.services, pytest.mark.model]

WAITING = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'callsift-worker' "
           "AND wait_event_type = 'Lock'")
TERMINATE = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE application_name = 'callsift-worker'")


def test_worker_connections_terminated_mid_task_retry_and_complete(api, pool, redis_url):
    calls = small_calls(4, "pgdrop")
    client = api(redis_url)
    admin = sa.create_engine(api.db_url)
    with admin.connect() as holder:
        # Hold the lock the worker's save takes for this external id: its task stops inside
        # an open transaction, where we cut every worker connection.
        holder.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:e, 0))"),
                       {"e": calls[0].external_id})
        batch = post_batch(client, calls)
        with admin.connect() as probe:
            wait_until(lambda: probe.execute(sa.text(WAITING)).scalar_one() > 0,
                       "a worker to wait inside its save transaction")
            assert probe.execute(sa.text(TERMINATE)).scalar_one() > 0
        holder.rollback()  # release the lock
    admin.dispose()

    counts = wait_for_batch(client, batch)
    assert counts["succeeded"] == len(calls), (counts, pool.logs_text()[-3000:])
    assert "OperationalError" in pool.logs_text() and "retry" in pool.logs_text().lower()
    assert_stored_once(api.db_url, client, calls)
