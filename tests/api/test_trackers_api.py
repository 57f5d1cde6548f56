"""Trackers: created from examples, applied retroactively and to new calls."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for_jobs

pytestmark = pytest.mark.model

APPROVAL = {"name": "Needs sign-off", "role": "prospect",
            "examples": ["I'd have to run it by procurement", "our CFO signs off on this",
                         "legal needs to approve the contract"],
            "negatives": ["I can sign today"]}


def test_tracker_finds_existing_hits_at_once_and_new_calls_later(sample_client):
    created = sample_client.post("/trackers", json=APPROVAL)
    assert created.status_code == 201, created.text
    tracker = created.json()
    assert tracker["hit_count"] > 0
    hits = sample_client.get(f"/trackers/{tracker['id']}/hits").json()
    assert hits and all(h["role"] == "prospect" for h in hits)
    assert any("CFO" in h["quote"] or "procurement" in h["quote"].lower() for h in hits[:5])
    searched = sample_client.get("/search", params={"q": "finance approval", "type": "tracker",
                                                    "category": str(tracker["id"])}).json()
    assert {h["sentence_id"] for h in searched["hits"]} <= {h["sentence_id"] for h in hits} | {
        h["sentence_id"] for h in sample_client.get(
            f"/trackers/{tracker['id']}/hits", params={"limit": 500}).json()}

    new_call = (b"Rita Rep: Thanks for joining.\n"
                b"Paul Prospect: Our VP of finance has to approve any new vendor first.\n")
    job = sample_client.post("/calls", files={"file": ("tracker-new.txt", new_call)}).json()
    wait_for_jobs(sample_client, [job["job_id"]])
    after = sample_client.get(f"/trackers/{tracker['id']}").json()
    assert after["hit_count"] > tracker["hit_count"]

    assert sample_client.post("/trackers", json=APPROVAL).status_code == 409
    assert sample_client.delete(f"/trackers/{tracker['id']}").status_code == 204
    assert sample_client.get(f"/trackers/{tracker['id']}/hits").status_code == 404
    assert sample_client.delete("/calls/tracker-new").status_code == 204


@pytest.mark.parametrize("body", [
    {"name": "x", "examples": ["only one", "two"]},
    {"name": "", "examples": ["a", "b", "c"]},
    {"name": "x", "examples": ["a", "b", "c"], "role": "boss"},
    {"name": "x", "examples": [str(i) for i in range(11)]},
])
def test_invalid_tracker_definitions_are_422(sample_client, body):
    assert sample_client.post("/trackers", json=body).status_code == 422
