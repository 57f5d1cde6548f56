"""The ingest task: idempotent, failure reasons on bad input, embedding cache."""

from __future__ import annotations

import pytest

from workers.ingest import ingest_job

CALL = (b"Priya Nair: Thanks for the time. Just to set the agenda, I'd love to hear about your setup.\n"
        b"Marcus Lee: Our biggest headache is nobody owns the cloud bill.\n"
        b"Priya Nair: Think of us as a smoke detector for your cloud bill.\n")
META = b'{"call_id": "T-1", "outcome": "won", "participants": [{"name": "Priya Nair", "role": "rep"}]}'


@pytest.fixture
def runtime(configure):
    configure()
    from workers.runtime import get_runtime

    return get_runtime()


@pytest.mark.model
def test_running_a_job_twice_stores_the_call_once(runtime):
    job = runtime.store.jobs.create_ingest(filename="t1.txt", data=CALL, sidecar=META)
    first = ingest_job(job, runtime)
    second = ingest_job(job, runtime)
    assert first.state == "succeeded" and second.state == "skipped"
    page, total = runtime.store.calls.list(_no_filters(), limit=10, offset=0)
    assert total == 1 and page[0].external_id == "T-1" and page[0].sentence_count == 4
    assert runtime.store.feed.head() == 1


@pytest.mark.model
def test_reingesting_the_same_content_changes_nothing_and_new_content_replaces(runtime):
    jobs = runtime.store.jobs
    ingest_job(jobs.create_ingest(filename="t1.txt", data=CALL, sidecar=META), runtime)
    again = ingest_job(jobs.create_ingest(filename="t1.txt", data=CALL, sidecar=META), runtime)
    assert again.state == "succeeded" and not again.changed
    assert runtime.store.feed.head() == 1
    changed = CALL + b"Marcus Lee: Send me the pricing.\n"
    result = ingest_job(jobs.create_ingest(filename="t1.txt", data=changed, sidecar=META), runtime)
    assert result.changed and result.call_id == again.call_id
    detail = runtime.store.calls.detail(result.call_id)
    assert detail is not None and len(detail.turns) == 4
    assert [c.op for c in runtime.store.feed.changes_after(0)] == ["add", "remove", "add"]


@pytest.mark.model
def test_repeated_lines_are_embedded_once_across_calls(runtime):
    jobs = runtime.store.jobs
    ingest_job(jobs.create_ingest(filename="a.txt", data=CALL, sidecar=None), runtime)
    second = CALL.replace(b"Marcus Lee", b"Dana Cole")
    done = ingest_job(jobs.create_ingest(filename="b.txt", data=second, sidecar=None), runtime)
    job = jobs.get(jobs.list(limit=1)[0].id)
    assert done.state == "succeeded" and job is not None and job.result["embedded"] == 0


def test_a_bad_transcript_fails_its_job_with_the_reason(runtime):
    job = runtime.store.jobs.create_ingest(filename="x.txt", data=b"\x00\x01binary", sidecar=None)
    outcome = ingest_job(job, runtime)
    stored = runtime.store.jobs.get(job)
    assert outcome.state == "failed" and stored is not None and stored.state == "failed"
    assert "binary" in (stored.error or "").lower()


def _no_filters():
    from models.schemas import SearchFilters

    return SearchFilters()
