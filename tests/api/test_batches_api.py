"""GET /batches/{id}: a batch's progress from its jobs; a bad file fails alone."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import wait_for_jobs

GOOD = (b"Priya Nair: Thanks for the time today.\n"
        b"Marcus Lee: The price is more than we budgeted for.\n")


@pytest.mark.model
def test_batch_progress_counts_each_state_and_a_bad_file_fails_alone(configure):
    configure()
    from api.app import create_app

    with TestClient(create_app()) as client:
        files = [("files", ("good.txt", GOOD)), ("files", ("bad.txt", b"\x00\x01\x02binary"))]
        batch = client.post("/calls/batch", files=files).json()
        wait_for_jobs(client, [j["id"] for j in batch["jobs"]])
        progress = client.get(f"/batches/{batch['batch_id']}").json()
        assert progress["counts"] == {"queued": 0, "running": 0, "succeeded": 1, "failed": 1}
        assert progress["total"] == 2 and progress["done"] and progress["progress"] == 1.0
        jobs = client.get(progress["jobs_url"]).json()
        assert {j["filename"]: j["state"] for j in jobs} == {"good.txt": "succeeded",
                                                             "bad.txt": "failed"}


def test_an_unknown_batch_is_404(configure):
    configure()
    from api.app import create_app

    with TestClient(create_app()) as client:
        assert client.get("/batches/nope").status_code == 404
