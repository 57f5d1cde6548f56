"""Bad input gets a 4xx naming the problem, and nothing is stored."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from tests.conftest import wait_for_jobs

GOOD = b"Ana Rep: Hello, thanks for the time.\nBo Buyer: Our budget is frozen until March.\n"


@pytest.fixture
def client(configure):
    configure(max_upload_bytes="2000", load_model_at_start="false")
    from api.app import create_app

    with TestClient(create_app()) as c:
        yield c


def _post_file(client, name: str, data: bytes, metadata: bytes | None = None):
    files = {"file": (name, data)}
    if metadata is not None:
        files["metadata"] = ("meta.json", metadata)
    return client.post("/calls", files=files)


@pytest.mark.parametrize(("name", "data", "status", "words"), [
    ("empty.txt", b"", 422, "empty"),
    ("blank.txt", b"   \n\n ", 422, "empty"),
    ("img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 415, "binary"),
    ("big.txt", b"Ana: " + b"word " * 1000, 413, "limit"),
    ("notes.txt", b"just some prose without any speakers at all\nand more prose\n", 422, "turns"),
    ("x.json", b'{"title": "no utterances here"}', 415, ""),
])
def test_bad_files_are_refused_with_a_reason_and_nothing_is_stored(client, name, data, status,
                                                                   words):
    response = _post_file(client, name, data)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"].lower()
    assert client.get("/calls").json()["total"] == 0
    assert client.get("/jobs").json() == []


def test_invalid_metadata_json_is_a_422_naming_the_metadata(client):
    response = _post_file(client, "call.txt", GOOD, metadata=b"{not json")
    assert response.status_code == 422
    assert "metadata" in response.json()["detail"].lower() or "json" in response.json()["detail"].lower()


def test_bad_outcome_in_metadata_names_the_field(client):
    response = _post_file(client, "call.txt", GOOD, metadata=json.dumps({"outcome": "maybe"}).encode())
    assert response.status_code == 422
    assert "outcome" in response.json()["detail"]


def test_empty_json_body_is_refused(client):
    response = client.post("/calls", content=b"", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_unknown_call_and_job_are_404(client):
    assert client.get("/calls/nope").status_code == 404
    assert client.delete("/calls/nope").status_code == 404
    assert client.get("/jobs/nope").status_code == 404


def test_search_needs_a_query_and_valid_filters(client):
    assert client.get("/search").status_code == 422
    assert client.get("/search", params={"q": "x", "role": "boss"}).status_code == 422
    assert client.get("/search", params={"q": "x", "limit": 0}).status_code == 422


def test_batch_fails_each_bad_file_alone_with_its_reason(client):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("inner/good2.txt", GOOD.replace(b"March", b"April"))
        zf.writestr("inner/empty.txt", b"")
    files = [("files", ("good.txt", GOOD)), ("files", ("bin.dat", b"\x00\x01\x02" * 50)),
             ("files", ("calls.zip", zipped.getvalue()))]
    response = client.post("/calls/batch", files=files)
    assert response.status_code == 202
    jobs = {j["filename"]: j for j in response.json()["jobs"]}
    assert set(jobs) == {"good.txt", "bin.dat", "inner/good2.txt", "inner/empty.txt"}
    assert jobs["bin.dat"]["state"] == "failed" and "binary" in jobs["bin.dat"]["error"].lower()
    assert jobs["inner/empty.txt"]["state"] == "failed"
    final = {j["filename"]: j for j in wait_for_jobs(client, [j["id"] for j in jobs.values()])}
    assert final["good.txt"]["state"] == "succeeded", final["good.txt"]
    assert final["inner/good2.txt"]["state"] == "succeeded"
    assert client.get("/calls").json()["total"] == 2


@pytest.mark.parametrize("path", [
    "/calls/99999999999999999999", "/calls/%C2%B2", "/trackers/99999999999999999999",
    "/objections/99999999999999999999", "/search?q=x&theme=99999999999999999999",
])
def test_ids_beyond_64_bits_or_in_unicode_digits_are_4xx_not_500(client, path):
    response = client.request("DELETE" if path.startswith("/trackers") else "GET", path)
    assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])


@pytest.mark.parametrize("ref", ["99999999999999999999", "\u00b2"])
def test_a_call_filter_that_is_no_id_is_an_external_id_that_matches_nothing(client, ref):
    body = client.get("/search", params={"q": "budget", "call": ref}).json()
    assert body["hits"] == [] and "call" in body["message"]


def test_speaker_is_matched_literally_and_bounded(client):
    job = _post_file(client, "lit.txt", GOOD).json()["job_id"]
    wait_for_jobs(client, [job])
    from api.services import open_services
    from api.settings import get_settings
    from models.schemas import SearchFilters

    store = open_services(get_settings()).store
    assert store.search.allowed_sentence_ids(SearchFilters(speaker="%")) == []
    assert store.search.allowed_sentence_ids(SearchFilters(speaker="bo buyer"))
    assert client.get("/search", params={"q": "x", "speaker": "a" * 50_000}).status_code == 422
