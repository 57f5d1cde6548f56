"""The FAISS replica follows the database: incremental updates, deletes, rebuilds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import clear_setting_caches, wait_for_jobs

pytestmark = pytest.mark.model

CALLS = {
    "a.txt": b"Ana Rep: Thanks for joining. We help finance teams close the books faster.\n"
             b"Bo Buyer: Honestly the price is more than we budgeted for this year.\n",
    "b.txt": b"Cy Rep: Let me share my screen and walk you through the dashboard.\n"
             b"Di Buyer: Our security team will need to review your SOC 2 report first.\n",
    "c.txt": b"Ed Rep: Think of it as a smoke detector for your cloud bill.\n"
             b"Flo Buyer: Ha, I love that. We're locked in with our current vendor until March.\n",
}
QUERIES = ["too expensive for our budget", "security review before we buy", "contract ends in spring"]


def _ingest(client: TestClient, files: dict[str, bytes]) -> list[dict]:
    jobs = [client.post("/calls", files={"file": (n, d)}).json()["job_id"] for n, d in files.items()]
    return wait_for_jobs(client, jobs)


def _results(client: TestClient) -> list[list[tuple[int, float]]]:
    out = []
    for q in QUERIES:
        hits = client.get("/search", params={"q": q, "limit": 5}).json()["hits"]
        out.append([(h["sentence_id"], round(h["score"], 6)) for h in hits])
    return out


def test_new_calls_become_searchable_and_deleted_calls_disappear(configure):
    configure()
    from api.app import create_app

    with TestClient(create_app()) as client:
        assert client.get("/health").json()["index"]["size"] == 0
        _ingest(client, CALLS)
        top = client.get("/search", params={"q": QUERIES[1]}).json()["hits"][0]
        assert "SOC 2" in top["quote"] and top["role"] == "prospect" and top["speaker"] == "Di Buyer"
        assert top["context_before"]["speaker"] == "Cy Rep" and top["context_after"] is None
        assert client.delete("/calls/b").status_code == 204
        hits = client.get("/search", params={"q": QUERIES[1]}).json()["hits"]
        assert all(h["external_id"] != "b" for h in hits)
        # 8 sentences, "Thanks for joining." too short for the vector side, minus b's 2
        assert client.get("/health").json()["index"]["size"] == 5


def test_restart_reloads_the_saved_index_and_a_missing_or_corrupt_file_is_rebuilt(configure):
    data_dir = configure()
    from api.app import create_app

    with TestClient(create_app()) as client:
        _ingest(client, CALLS)
        before = _results(client)
    index_file = data_dir / "index" / "sentences.faiss"
    assert index_file.exists()
    for damage in (None, "corrupt", "missing"):
        if damage == "corrupt":
            index_file.write_bytes(b"not a faiss index")
        elif damage == "missing":
            index_file.unlink()
        clear_setting_caches()
        with TestClient(create_app()) as client:
            assert _results(client) == before, damage
            assert client.get("/health").json()["index"]["size"] == 7, damage


def test_a_stale_index_file_catches_up_from_the_change_log(configure):
    configure(index_save_seconds="0")
    from api.app import create_app

    with TestClient(create_app()) as client:
        _ingest(client, {"a.txt": CALLS["a.txt"]})
        assert client.get("/health").json()["index"]["size"] == 2
    clear_setting_caches()
    from workers.ingest import ingest_job
    from workers.runtime import get_runtime

    rt = get_runtime()  # another process's worth of writes while no API was running
    ingest_job(rt.store.jobs.create_ingest(filename="b.txt", data=CALLS["b.txt"], sidecar=None), rt)
    with TestClient(create_app()) as client:
        health = client.get("/health").json()["index"]
        assert health["size"] == 4
        hits = client.get("/search", params={"q": QUERIES[1]}).json()["hits"]
        assert "SOC 2" in hits[0]["quote"]


def test_reingesting_identical_calls_leaves_results_unchanged(configure):
    configure()
    from api.app import create_app

    with TestClient(create_app()) as client:
        _ingest(client, CALLS)
        before = _results(client)
        jobs = _ingest(client, CALLS)
        assert all(j["state"] == "succeeded" and j["result"]["changed"] is False for j in jobs)
        assert client.get("/calls").json()["total"] == 3
        assert _results(client) == before
