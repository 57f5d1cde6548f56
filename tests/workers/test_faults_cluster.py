"""Two API replicas and two workers on one PostgreSQL and one Redis."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.workers.calls import SmallCall, assert_stored_once, is_searchable, small_calls
from tests.workers.conftest import Proc, free_port, truncate_all, wait_until, worker_env

pytestmark = [pytest.mark.services, pytest.mark.model]


@pytest.fixture(scope="module")
def replicas(pool, pg_url, redis_url, tmp_path_factory) -> Iterator[list[httpx.Client]]:  # type: ignore[no-untyped-def]
    """Two uvicorn processes, each with its own FAISS replica and data dir."""
    truncate_all(pg_url)
    root = tmp_path_factory.mktemp("replicas")
    procs, clients = [], []
    for name in ("a", "b"):
        port = free_port()
        env = worker_env(pg_url=pg_url, broker_url=redis_url, data_dir=root / name)
        procs.append(Proc([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                           "--host", "127.0.0.1", "--port", str(port)], env, root / f"{name}.log"))
        clients.append(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30))
    for proc, client in zip(procs, clients, strict=True):
        wait_until(lambda c=client, p=proc: _healthy(c, p), "an API replica to start", 180)
    yield clients
    for client in clients:
        client.close()
    for proc in procs:
        proc.stop()


def _healthy(client: httpx.Client, proc: Proc) -> bool:
    assert proc.popen.poll() is None, proc.tail()
    try:
        return client.get("/health").status_code == 200
    except httpx.TransportError:
        return False


def _ingest(client: httpx.Client, call: SmallCall) -> str:
    response = client.post("/calls", files={"file": (call.filename, call.data)})
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


def _wait_jobs(client: httpx.Client, job_ids: list[str]) -> list[dict]:  # type: ignore[type-arg]
    jobs: list[dict] = []  # type: ignore[type-arg]

    def finished() -> bool:
        jobs[:] = [client.get(f"/jobs/{j}").json() for j in job_ids]
        return all(j["state"] in ("succeeded", "failed") for j in jobs)

    wait_until(finished, f"jobs {job_ids}", 180)
    return jobs


def test_a_call_ingested_through_one_replica_is_searchable_through_the_other(replicas, pg_url):
    a, b = replicas
    first, second = small_calls(2, "replica")
    jobs = [_ingest(a, first), _ingest(b, second)]
    assert {j["state"] for j in _wait_jobs(a, jobs)} == {"succeeded"}
    wait_until(lambda: is_searchable(b, first), "replica b to find the call sent to a", 30)
    wait_until(lambda: is_searchable(a, second), "replica a to find the call sent to b", 30)
    assert_stored_once(pg_url, a, [first, second], exclusive=False)
    assert_stored_once(pg_url, b, [first, second], exclusive=False)


@pytest.mark.parametrize("same_content", [True, False])
def test_concurrent_reingest_of_one_external_id_from_two_clients_yields_one_call(
        replicas, pg_url, same_content):
    call = small_calls(1, f"twice-{same_content}")[0]
    other = call if same_content else SmallCall(
        call.external_id, call.data + b"Priya Nair: I'll send the summary today.\n",
        call.turns + 1, call.probe)
    job_ids: list[str] = []
    threads = [threading.Thread(target=lambda c=c, v=v: job_ids.append(_ingest(c, v)))
               for c, v in zip(replicas, (call, other), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    jobs = _wait_jobs(replicas[0], job_ids)
    assert {j["state"] for j in jobs} == {"succeeded"}, jobs
    assert len({j["call_id"] for j in jobs}) == 1
    stored = replicas[0].get(f"/calls/{call.external_id}").json()
    winner = call if len(stored["turns"]) == call.turns else other
    assert_stored_once(pg_url, replicas[1], [winner], exclusive=False)
