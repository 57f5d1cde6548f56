"""A live callsift server with the sample calls, and real Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, REPO, need_service

CHROMIUM = Path(os.environ.get("CALLSIFT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = REPO / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check, what: str, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class LiveServer:
    """A callsift server process on a free loopback port."""

    url: str
    log: Path
    client: httpx.Client = field(repr=False)
    loaded: bool = False

    def load_sample_calls(self) -> None:
        """Roster, ingest and re-cluster, as `make run` does, through the public API."""
        if self.loaded:
            return
        c = self.client
        roster = json.loads((EXAMPLES / "roster.json").read_text())
        assert c.put("/roster", json=roster).status_code == 200
        files = [("files", (p.name, p.read_bytes())) for p in sorted(EXAMPLES.iterdir())
                 if p.name not in ("README.md", "roster.json")]
        batch = c.post("/calls/batch", files=files).json()

        def finished() -> bool:
            jobs = c.get("/jobs", params={"batch_id": batch["batch_id"]}).json()
            return all(j["state"] in ("succeeded", "failed") for j in jobs)

        _wait(finished, "the sample calls to be ingested", 420)
        jobs = c.get("/jobs", params={"batch_id": batch["batch_id"]}).json()
        assert [j for j in jobs if j["state"] != "succeeded"] == []
        assert c.post("/themes/recluster").status_code == 202
        _wait(lambda: c.get("/objections").json()["themes"], "objection themes", 180)
        self.loaded = True


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium and the Playwright package, or a skip (a failure in CI)."""
    if not CHROMIUM.exists():
        need_service("Chromium", f"{CHROMIUM} is absent (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        need_service("Chromium", "the playwright package is not installed (pip install -e '.[dev]')")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[LiveServer]:
    """callsift in embedded mode on a temp data dir; empty until load_sample_calls()."""
    data = tmp_path_factory.mktemp("web-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("CALLSIFT_BROKER_URL", "CALLSIFT_REP_ROSTER", "CALLSIFT_DATABASE_URL")}
    env.update(CALLSIFT_DATA_DIR=str(data), CALLSIFT_DATABASE_URL=f"sqlite:///{data / 'callsift.db'}")
    log = data / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=url, timeout=120)
    server = LiveServer(url=url, log=log, client=client)
    try:
        _wait(lambda: proc.poll() is None and client.get("/calls").status_code == 200,
              f"the server (log: {log})", 180)
        if proc.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text()[-2000:]}")
        yield server
    finally:
        client.close()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def sample_server(live_server: LiveServer) -> LiveServer:
    """The live server with the sample calls loaded and themed."""
    live_server.load_sample_calls()
    return live_server


@pytest.fixture(scope="session")
def browser(chromium_path: Path):  # type: ignore[no-untyped-def]
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watched:
    """A page plus every console error, page error and failed request seen on it."""

    page: object
    problems: list[str]

    def assert_clean(self) -> None:
        """No console error and no failed request so far."""
        assert self.problems == [], "the page had errors:\n" + "\n".join(self.problems)

    def shot(self, name: str, full_page: bool = True) -> Path:
        """Save a screenshot under test-artifacts/."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
        return path


@pytest.fixture
def watched(browser, request: pytest.FixtureRequest) -> Iterator[Watched]:  # type: ignore[no-untyped-def]
    """A fresh page; the test fails if the page logged an error or a request failed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.method} {r.url} "
                                                       f"({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(
        f"HTTP {r.status}: {r.request.method} {r.url}"))
    w = Watched(page=page, problems=problems)
    yield w
    if not (ARTIFACTS / f"{request.node.name}.png").exists() and not page.is_closed():
        w.shot(request.node.name.replace("/", "_"))
    context.close()
    assert problems == [], "the page had errors:\n" + "\n".join(problems)
