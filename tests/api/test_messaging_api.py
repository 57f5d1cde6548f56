"""The messaging library: official copy in, claims listed, duplicates ignored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.model

COPY = """Stackwise cuts cloud waste by 30% in 90 days.
- Real-time anomaly alerts for every team.
Cost allocation that finance trusts. Ok."""


def test_copy_is_split_into_claims_and_duplicates_are_ignored(configure):
    configure()
    from api.app import create_app

    with TestClient(create_app()) as client:
        assert client.get("/messaging").json() == []
        first = client.post("/messaging", json={"text": COPY, "source": "website"})
        assert first.status_code == 201
        texts = [c["text"] for c in first.json()["claims"]]
        assert texts == ["Stackwise cuts cloud waste by 30% in 90 days.",
                         "Real-time anomaly alerts for every team.",
                         "Cost allocation that finance trusts."]
        again = client.post("/messaging", json={"claims": [texts[0], "A brand new claim here."]})
        assert again.json()["added"] == 1 and len(again.json()["claims"]) == 4
        claim_id = again.json()["claims"][0]["id"]
        assert client.delete(f"/messaging/{claim_id}").status_code == 204
        assert client.delete(f"/messaging/{claim_id}").status_code == 404
        assert client.post("/messaging", json={}).status_code == 422
