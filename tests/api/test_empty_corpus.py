"""A fresh install answers every insight route sensibly before any call is stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def empty_client(configure):
    configure(load_model_at_start="false")
    from api.app import create_app

    with TestClient(create_app()) as client:
        yield client


@pytest.mark.model
@pytest.mark.parametrize("path", ["/objections", "/themes?type=objection", "/themes?type=pain",
                                  "/trends?by=rep", "/personas", "/phrases", "/phrases/gap",
                                  "/trackers", "/messaging", "/calls", "/search?q=price"])
def test_every_route_answers_on_an_empty_corpus(empty_client, path):
    response = empty_client.get(path)
    assert response.status_code == 200, response.text
    body = response.json()
    if path == "/objections":
        assert body == {"type": "objection", "items": 0, "unassigned": 0,
                        "unassigned_share": 0.0, "themes": []}


def test_bad_theme_type_and_interval_are_422(empty_client):
    assert empty_client.get("/themes?type=mood").status_code == 422
    assert empty_client.get("/trends?interval=day").status_code == 422
    assert empty_client.get("/trends?by=planet").status_code == 422
