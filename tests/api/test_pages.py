"""The dashboard's pages and assets are served by the app itself (no CDN, no build step)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.routes.pages import PAGES


@pytest.fixture
def client(configure):
    configure(load_model_at_start="false")
    from api.app import create_app

    with TestClient(create_app()) as c:
        yield c


def test_root_opens_the_dashboard(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code in (302, 307) and response.headers["location"] == "/ui/search"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_is_html_that_loads_only_local_assets(client, name):
    response = client.get(f"/ui/{name}")
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    html = response.text
    assert '<link rel="stylesheet" href="/ui/static/style.css">' in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    for asset in re.findall(r"""(?:src|href)=["'](/ui/(?:static|vendor)/[^"']+)""", html):
        assert client.get(asset).status_code == 200, asset


def test_plotly_comes_from_the_installed_package(client):
    response = client.get("/ui/vendor/plotly.min.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert len(response.content) > 1_000_000


def test_detail_pages_and_unknown_pages(client):
    assert 'data-theme-id="3"' in client.get("/ui/objections/3").text
    assert 'data-call-ref="SW-2026-001"' in client.get("/ui/calls/SW-2026-001").text
    assert client.get("/ui/nowhere").status_code == 404


def test_pages_stay_out_of_the_api_docs(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/ui") or p == "/"]
