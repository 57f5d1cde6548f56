"""`callsift reanalyze` on PostgreSQL: alongside writers of the same calls, and through Celery."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import workers.reanalyze
from tests.workers.conftest import start_worker, truncate_all, wait_until, worker_env
from tests.workers.test_reanalyze import (
    EXAMPLES,
    JOKE,
    JOKE_SENTENCE,
    SAMPLES,
    FlagPhrase,
    ingest_samples,
    run,
    snapshot,
    upgrade_detector,
    version,
)

pytestmark = [pytest.mark.services, pytest.mark.model]


@pytest.fixture
def pg_rt(configure, pg_url: str):  # type: ignore[no-untyped-def]
    """An in-process runtime on the session's PostgreSQL database, emptied."""
    truncate_all(pg_url)
    configure(database_url=pg_url)
    from workers.runtime import get_runtime

    return get_runtime()


def prepared_write(rt, name: str, extra: bytes = b""):  # type: ignore[no-untyped-def]
    """What ingest would store for a sample call (plus an extra line), computed up front."""
    from models.store import CallWrite
    from nlp.parse import find_sidecar, parse_transcript
    from workers.ingest import sentence_vectors
    from workers.insights import current_detector_version, detect_insights

    path = EXAMPLES / name
    side = find_sidecar(path)
    data = path.read_bytes() + extra
    parsed = parse_transcript(data, filename=path.name,
                              sidecar=side.read_bytes() if side else None)
    analyzed = rt.pipeline.analyze(parsed, rt.roster())
    vectors, new = sentence_vectors(rt, analyzed.text_hashes,
                                    [s.clean_text for s in analyzed.sentences])
    return CallWrite(
        external_id=str(parsed.meta.external_id), content_hash=f"test-{len(data)}",
        parsed=parsed, roles=analyzed.roles, sentences=analyzed.sentences,
        text_hashes=analyzed.text_hashes, new_vectors=new, model=rt.pipeline.embedder.name,
        insights=detect_insights(rt.store, rt.pipeline.objections, analyzed, vectors,
                                 rt.pipeline.embedder),
        detector_version=current_detector_version(rt.settings))


def assert_consistent(rt, db_url: str) -> None:  # type: ignore[no-untyped-def]
    """Every call current, analysed once, its insights on its own sentences, none twice."""
    import sqlalchemy as sa

    assert rt.store.reanalysis.stale(version(rt)) == []
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            foreign = conn.scalar(sa.text(
                "SELECT count(*) FROM insights i JOIN sentences s ON s.id = i.sentence_id "
                "WHERE s.call_id <> i.call_id"))
            twice = conn.execute(sa.text(
                "SELECT call_id, type, category, sentence_id, value, payload::text "
                "FROM insights GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1")).all()
            jokes = conn.execute(sa.text(
                "SELECT c.external_id, s.text FROM insights i JOIN calls c ON c.id = i.call_id "
                "JOIN sentences s ON s.id = i.sentence_id WHERE i.type = 'objection'")).all()
    finally:
        engine.dispose()
    assert foreign == 0 and twice == []
    assert sorted(jokes) == [("SW-2026-001", JOKE_SENTENCE)]


def test_reanalyze_while_the_same_calls_are_replaced_and_deleted_stays_consistent(
        pg_rt, pg_url, monkeypatch):
    ingest_samples(pg_rt)
    upgrade_detector(monkeypatch, pg_rt, FlagPhrase(JOKE))
    writes = [prepared_write(pg_rt, SAMPLES[0], b"[00:30:00] Sam Reyes: One more thing.\n"),
              prepared_write(pg_rt, SAMPLES[0], b"[00:30:00] Sam Reyes: Two more things.\n"),
              prepared_write(pg_rt, SAMPLES[1])]
    monkeypatch.setattr(workers.reanalyze, "CHUNK_SIZE", 1)
    errors: list[BaseException] = []
    outcomes: list = []

    def reanalyze() -> None:
        try:
            outcomes.extend(run(pg_rt)[1])
        except BaseException as exc:  # recorded for the main thread to fail on
            errors.append(exc)

    thread = threading.Thread(target=reanalyze)
    thread.start()
    finance = pg_rt.store.calls.resolve_id("SW-2026-008")
    for i in range(40):  # an ingest replacing call 01 and a user deleting and re-adding 08
        if not thread.is_alive():
            break
        pg_rt.store.calls.save(writes[i % 2])
        if i % 4 == 1 and finance is not None:
            assert pg_rt.store.calls.delete(finance)
            finance = None
        elif i % 4 == 3 and finance is None:
            finance = pg_rt.store.calls.save(writes[2]).call_id
    thread.join()
    assert errors == []  # no deadlock, no foreign-key failure
    assert len(outcomes) == 3 and all(o.state == "succeeded" for o in outcomes)
    assert_consistent(pg_rt, pg_url)


@pytest.fixture
def celery_reanalyze(configure, pg_url: str, redis_url: str, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """The CLI configured for Celery on Redis + PostgreSQL, with one real worker."""
    import redis

    import workers.celery_app

    redis.Redis.from_url(redis_url).flushdb()  # a test-only db number: no stale tasks
    truncate_all(pg_url)
    configure(database_url=pg_url, broker_url=redis_url)
    # The module-level Celery app keeps the broker of its first import: rebuild it.
    monkeypatch.setattr(workers.celery_app, "app", workers.celery_app.make_celery())
    proc = start_worker(worker_env(pg_url=pg_url, broker_url=redis_url, data_dir=tmp_path),
                        tmp_path / "worker.log", "reanalyze")
    yield proc
    proc.stop()


def test_reanalyze_through_a_real_celery_worker_rewrites_each_stale_call_once(
        celery_reanalyze, pg_url, monkeypatch):
    import sqlalchemy as sa

    from cli.main import app
    from nlp.parse import find_sidecar
    from workers.client import enqueue_ingest
    from workers.runtime import get_runtime

    rt = get_runtime()
    jobs = []
    for name in SAMPLES:
        path = EXAMPLES / name
        side = find_sidecar(path)
        jobs.append(rt.store.jobs.create_ingest(filename=path.name, data=path.read_bytes(),
                                                sidecar=side.read_bytes() if side else None))
    enqueue_ingest(jobs)
    wait_until(lambda: all(rt.store.jobs.is_done(j) for j in jobs), "ingest by the worker", 300)
    ingested = snapshot(pg_url)
    assert ingested and rt.store.reanalysis.stale(version(rt)) == []
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:  # as if stored by an older release, one call's rows lost
        conn.execute(sa.text("UPDATE calls SET detector_version = 'older'"))
        conn.execute(sa.text("DELETE FROM insights WHERE call_id = "
                             "(SELECT id FROM calls WHERE external_id = 'SW-2026-008')"))
    engine.dispose()
    monkeypatch.setattr(workers.reanalyze, "CHUNK_SIZE", 1)  # a group of three tasks

    result = CliRunner().invoke(app, ["reanalyze"])

    assert result.exit_code == 0, result.output + celery_reanalyze.tail()
    assert "3 re-analysed, 0 already current" in result.output
    assert snapshot(pg_url) == ingested  # the same detectors give the ingest's rows back
    assert rt.store.reanalysis.stale(version(rt)) == []
    done = [j for j in rt.store.jobs.list(limit=20) if j.kind == "reanalyze.calls"]
    assert len(done) == 3 and {j.state for j in done} == {"succeeded"}
    assert "every call is current" in CliRunner().invoke(app, ["reanalyze"]).output
