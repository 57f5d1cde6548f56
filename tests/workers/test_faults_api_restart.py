"""An API restart serves the same search results: the index is reloaded, or rebuilt."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for_jobs
from tests.workers.calls import assert_stored_once, small_calls

pytestmark = [pytest.mark.services, pytest.mark.model]

QUERIES = ["the price is too high", "we are under contract with another vendor",
           "who signs off on the budget", "alerts wake our engineers up",
           "tickets a week in Lisbon"]


def _results(client) -> list[list[tuple[int, float]]]:  # type: ignore[no-untyped-def]
    return [[(h["sentence_id"], round(h["score"], 6))
             for h in client.get("/search", params={"q": q, "limit": 10}).json()["hits"]]
            for q in QUERIES]


def test_search_results_are_identical_after_restart_and_after_rebuild(api, pool, redis_url):
    calls = small_calls(8, "restart")
    client = api(redis_url)
    jobs = [client.post("/calls", files={"file": (c.filename, c.data)}).json()["job_id"]
            for c in calls]
    assert {j["state"] for j in wait_for_jobs(client, jobs)} == {"succeeded"}
    before = _results(client)
    assert all(before)
    index_file = client.app.state.services.settings.index_path

    client.__exit__(None, None, None)  # shutdown saves the index file
    reloaded = api(redis_url)
    assert reloaded.app.state.services.keeper.last_rebuild_reason is None  # loaded from file
    assert _results(reloaded) == before

    reloaded.__exit__(None, None, None)
    index_file.unlink()
    rebuilt = api(redis_url)
    assert rebuilt.app.state.services.keeper.last_rebuild_reason is not None
    assert _results(rebuilt) == before
    assert_stored_once(api.db_url, rebuilt, calls)
