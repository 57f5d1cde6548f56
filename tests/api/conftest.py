"""A module-wide API client with the bundled sample calls ingested."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.conftest import EXAMPLES, clear_setting_caches, wait_for_jobs


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    data = tmp_path_factory.mktemp("sample")
    mp.setenv("CALLSIFT_DATA_DIR", str(data))
    mp.setenv("CALLSIFT_DATABASE_URL", f"sqlite:///{data / 'callsift.db'}")
    mp.delenv("CALLSIFT_BROKER_URL", raising=False)
    clear_setting_caches()
    from api.app import create_app

    with TestClient(create_app()) as c:
        roster = json.loads((EXAMPLES / "roster.json").read_text())
        assert c.put("/roster", json=roster).status_code == 200
        files = [("files", (p.name, p.read_bytes())) for p in sorted(EXAMPLES.iterdir())
                 if p.name not in ("README.md", "roster.json")]
        batch = c.post("/calls/batch", files=files).json()
        jobs = wait_for_jobs(c, [j["id"] for j in batch["jobs"]], timeout=300)
        assert [j for j in jobs if j["state"] != "succeeded"] == []
        yield c
    mp.undo()
    clear_setting_caches()


