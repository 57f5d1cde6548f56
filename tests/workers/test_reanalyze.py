"""`callsift reanalyze` on SQLite: detector changes reach stored calls, idempotent, resumable."""

from __future__ import annotations

import dataclasses
import io
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from rich.console import Console
from typer.testing import CliRunner

import nlp.detector_version
import workers.reanalyze
from models.domain import Sentence
from nlp.objections import ObjectionHit
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.model

SAMPLES = ("01-northwind-freight-discovery.txt", "08-finchpay-pricing.srt",
           "10-quarry-analytics-discovery.json")
JOKE = "unplugging the office fridge"  # a joke in call 01 that no real detector calls an objection
JOKE_SENTENCE = "Our biggest cost-saving idea so far was unplugging the office fridge."


class FlagPhrase:
    """An objection 'detector' that flags exactly the sentences containing a phrase."""

    def __init__(self, phrase: str) -> None:
        self.phrase = phrase

    def detect(self, sentences: Sequence[Sentence], vectors: np.ndarray) -> list[ObjectionHit]:
        return [ObjectionHit(index=i, category="price", confidence=0.99, secondary=None)
                for i, s in enumerate(sentences) if self.phrase in s.text]


class CountingEmbedder:
    """Wraps the real embedder and records every text it is asked to embed."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += list(texts)
        return self.inner.embed(texts)


def ingest_samples(rt, names: Sequence[str] = SAMPLES) -> None:  # type: ignore[no-untyped-def]
    """Ingest sample calls (with their sidecars) through the real ingest job."""
    from nlp.parse import find_sidecar
    from workers.ingest import ingest_job

    for name in names:
        path = EXAMPLES / name
        side = find_sidecar(path)
        job = rt.store.jobs.create_ingest(filename=path.name, data=path.read_bytes(),
                                          sidecar=side.read_bytes() if side else None)
        assert ingest_job(job, rt).state == "succeeded"


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """The sample calls ingested once into a SQLite file each test starts from a copy of."""
    from models.store import open_store
    from workers.runtime import Runtime
    from workers.settings import WorkerSettings

    folder = tmp_path_factory.mktemp("reanalyze-template")
    url = f"sqlite:///{folder / 'callsift.db'}"
    rt = Runtime(settings=WorkerSettings(data_dir=folder, database_url=url, broker_url="",
                                         rep_roster=""), store=open_store(url))
    ingest_samples(rt)
    rt.store.db.dispose()
    return folder / "callsift.db"


@pytest.fixture
def rt(configure, template_db: Path):  # type: ignore[no-untyped-def]
    """A runtime on a fresh copy of the ingested sample calls."""
    data = configure()
    data.mkdir(parents=True, exist_ok=True)
    for f in template_db.parent.glob("callsift.db*"):
        shutil.copy(f, data / f.name)
    from workers.runtime import get_runtime

    return get_runtime()


def upgrade_detector(monkeypatch, rt, detector, revision: str = "test-upgrade"):  # type: ignore[no-untyped-def]
    """Swap the objection detector and bump the detector version, as a release would."""
    monkeypatch.setitem(rt.__dict__, "pipeline",
                        dataclasses.replace(rt.pipeline, objections=detector))
    monkeypatch.setattr(nlp.detector_version, "DETECTOR_REVISION", revision)


def spy_embedder(monkeypatch, rt) -> CountingEmbedder:  # type: ignore[no-untyped-def]
    spy = CountingEmbedder(rt.pipeline.embedder)
    monkeypatch.setitem(rt.__dict__, "pipeline", dataclasses.replace(rt.pipeline, embedder=spy))
    return spy


def run(rt, **kwargs):  # type: ignore[no-untyped-def]
    """Plan and run a reanalysis here; returns the plan and each job's outcome."""
    from workers.insights import current_detector_version
    from workers.reanalyze import plan_reanalysis, reanalyze_job

    plan = plan_reanalysis(rt.store, current_detector_version(rt.settings), **kwargs)
    return plan, [reanalyze_job(j, rt) for j in plan.jobs]


def snapshot(db_url: str) -> list[tuple]:
    """Every insight row by content (not row id), sorted: what views are built from."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT c.external_id, i.type, i.category, i.confidence, i.value, "
                "i.sentence_id, i.theme_id, i.payload FROM insights i "
                "JOIN calls c ON c.id = i.call_id")).all()
    finally:
        engine.dispose()
    return sorted((*r[:7], str(r[7])) for r in rows)


def objections_of(rt, external_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    call_id = rt.store.calls.resolve_id(external_id)
    return [r.text for r in rt.store.insights.rows(type="objection", call_id=call_id)]


def version(rt) -> str:  # type: ignore[no-untyped-def]
    from workers.insights import current_detector_version

    return current_detector_version(rt.settings)


def test_ingest_records_the_detector_version_so_fresh_calls_are_not_stale(rt):
    assert rt.store.reanalysis.counts(version(rt)) == (0, 3)
    plan, outcomes = run(rt)
    assert plan.calls == 0 and outcomes == []


def test_unchanged_detectors_reproduce_the_ingested_insights_exactly(rt):
    before = snapshot(rt.settings.database_url)
    assert any(r[1] == "objection" for r in before) and any(r[1] == "persona" for r in before)
    plan, outcomes = run(rt, force=True)
    assert plan.calls == 3 and [o.counts for o in outcomes] == [{"updated": 3}]
    assert snapshot(rt.settings.database_url) == before


def test_a_detector_upgrade_reaches_stored_calls_without_reparsing_or_reembedding(
        rt, monkeypatch):
    personas_before = [r for r in snapshot(rt.settings.database_url) if r[1] == "persona"]
    head_before = rt.store.feed.head()
    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))
    spy = spy_embedder(monkeypatch, rt)
    assert rt.store.reanalysis.counts(version(rt)) == (3, 3)

    plan, outcomes = run(rt)

    assert plan.calls == 3 and outcomes[0].state == "succeeded"
    assert objections_of(rt, "SW-2026-001") == [JOKE_SENTENCE]
    assert objections_of(rt, "SW-2026-008") == [] and objections_of(rt, "SW-2026-010") == []
    (joke,) = rt.store.insights.rows(type="objection",
                                     call_id=rt.store.calls.resolve_id("SW-2026-001"))
    assert joke.category == "price" and joke.payload["answer"] == "Ha! Hey, every bit counts."
    assert [r for r in snapshot(rt.settings.database_url) if r[1] == "persona"] == personas_before
    assert spy.texts == []  # every vector came from the database
    assert rt.store.feed.head() == head_before  # sentences untouched: nothing to re-index
    assert rt.store.reanalysis.counts(version(rt)) == (0, 3)


def test_reanalysing_twice_gives_the_same_rows_and_no_duplicates(rt, monkeypatch):
    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))
    run(rt)
    first = snapshot(rt.settings.database_url)
    plan, _ = run(rt)
    assert plan.calls == 0  # nothing stale: the second run does nothing
    _, outcomes = run(rt, force=True)
    assert outcomes[0].counts == {"updated": 3}
    assert snapshot(rt.settings.database_url) == first
    assert len(set(first)) == len(first)


def test_an_interrupted_run_resumes_with_only_the_calls_it_had_not_done(rt, monkeypatch):
    from cli.reanalyze import reanalyze_stored

    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))
    real = workers.reanalyze.detect_insights
    analysed: list[str | None] = []

    def crash_on_second_call(store, detector, call, *args):  # type: ignore[no-untyped-def]
        if len(analysed) == 1:
            raise KeyboardInterrupt  # the process is stopped mid-run
        analysed.append(call.parsed.meta.external_id)
        return real(store, detector, call, *args)

    monkeypatch.setattr(workers.reanalyze, "detect_insights", crash_on_second_call)
    quiet = Console(file=io.StringIO())
    with pytest.raises(KeyboardInterrupt):
        reanalyze_stored([], force=False, dry_run=False, recluster=False, console=quiet)
    assert rt.store.reanalysis.counts(version(rt)) == (2, 3)
    assert objections_of(rt, "SW-2026-001") == [JOKE_SENTENCE]

    monkeypatch.setattr(workers.reanalyze, "detect_insights", real)
    plan, outcomes = run(rt)
    assert plan.calls == 2 and outcomes[0].counts == {"updated": 2}
    interrupted_then_resumed = snapshot(rt.settings.database_url)
    _, outcomes = run(rt, force=True)  # the same detectors in one uninterrupted run
    assert snapshot(rt.settings.database_url) == interrupted_then_resumed


def test_a_failure_inside_the_swap_keeps_the_old_insights_and_the_call_stale(rt, monkeypatch):
    import models.store.reanalysis

    before = snapshot(rt.settings.database_url)
    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))

    def broken_insert(*args):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(models.store.reanalysis, "insert_insights", broken_insert)
    plan, (outcome,) = run(rt)
    job = rt.store.jobs.get(next(iter(plan.jobs)))
    assert outcome.state == "failed" and outcome.counts == {"failed": 3}
    assert job is not None and "disk full" in (job.error or "")
    assert snapshot(rt.settings.database_url) == before  # the delete rolled back with it
    assert rt.store.reanalysis.counts(version(rt)) == (3, 3)


def test_a_call_deleted_or_reingested_while_it_is_analysed_is_skipped(rt, monkeypatch):
    from workers.ingest import ingest_job

    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))
    real = workers.reanalyze.detect_insights
    new_content = (EXAMPLES / SAMPLES[0]).read_bytes() + b"[00:30:00] Sam Reyes: One more thing.\n"
    sidecar = (EXAMPLES / "01-northwind-freight-discovery.meta.json").read_bytes()

    def meanwhile(store, detector, call, *args):  # type: ignore[no-untyped-def]
        external_id = call.parsed.meta.external_id
        if external_id == "SW-2026-001":  # an ingest replaces it while the detectors run
            job = rt.store.jobs.create_ingest(filename="01.txt", data=new_content,
                                              sidecar=sidecar)
            assert ingest_job(job, rt).changed
        if external_id == "SW-2026-008":  # someone deletes it
            assert rt.store.calls.delete(rt.store.calls.resolve_id(external_id))
        return real(store, detector, call, *args)

    monkeypatch.setattr(workers.reanalyze, "detect_insights", meanwhile)
    _, (outcome,) = run(rt)
    assert outcome.counts == {"changed": 1, "gone": 1, "updated": 1}
    call_id = rt.store.calls.resolve_id("SW-2026-001")
    detail = rt.store.calls.detail(call_id)
    assert detail is not None and detail.turns[-1].text == "One more thing."
    sentence_ids = {x.id for turn in detail.turns for x in turn.sentences}
    rows = rt.store.insights.rows(type="objection", call_id=call_id)
    assert rows and {r.sentence_id for r in rows} <= sentence_ids  # the re-ingest's own rows
    assert rt.store.calls.resolve_id("SW-2026-008") is None
    assert rt.store.reanalysis.counts(version(rt)) == (0, 2)


def test_a_missing_vector_is_embedded_stored_and_sent_to_the_index(rt, monkeypatch):
    call_id = rt.store.calls.resolve_id("SW-2026-001")
    engine = sa.create_engine(rt.settings.database_url)
    with engine.begin() as conn:
        sid, text_hash, text = conn.execute(sa.text(
            "SELECT id, text_hash, clean_text FROM sentences WHERE call_id = :c AND text LIKE "
            "'%office fridge%'"), {"c": call_id}).one()
        conn.execute(sa.text("DELETE FROM vectors WHERE text_hash = :h"), {"h": text_hash})
    engine.dispose()
    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))
    spy = spy_embedder(monkeypatch, rt)
    run(rt)
    assert spy.texts == [text]
    assert rt.store.calls.cached_vectors(spy.name, [text_hash])
    last = rt.store.feed.changes_after(rt.store.feed.head() - 1)
    assert [(c.op, c.call_id, c.sentence_ids) for c in last] == [("add", call_id, [sid])]


def test_cli_reanalyze_counts_stale_calls_runs_them_and_takes_call_ids(rt, monkeypatch):
    from cli.main import app

    runner = CliRunner()
    dry = runner.invoke(app, ["reanalyze", "--dry-run"])
    assert dry.exit_code == 0 and "0 of 3 calls are stale" in dry.output
    upgrade_detector(monkeypatch, rt, FlagPhrase(JOKE))
    assert "3 of 3 calls are stale" in runner.invoke(app, ["reanalyze", "--dry-run"]).output

    done = runner.invoke(app, ["reanalyze"])
    assert done.exit_code == 0, done.output
    assert "3 re-analysed, 0 already current" in done.output
    assert "every call is current" in runner.invoke(app, ["reanalyze"]).output
    one = runner.invoke(app, ["reanalyze", "--call", "SW-2026-008"])
    assert one.exit_code == 0 and "1 re-analysed" in one.output
    missing = runner.invoke(app, ["reanalyze", "--call", "nope"])
    assert missing.exit_code == 2 and "no stored call" in missing.output


def test_reanalyze_gives_calls_stored_before_search_fields_their_windows_and_stems(rt):
    call_id = rt.store.calls.resolve_id("SW-2026-001")
    engine = sa.create_engine(rt.settings.database_url)
    with engine.begin() as conn:  # as a call stored before migration 0005 looks
        conn.execute(sa.text("UPDATE sentences SET window_hash = NULL, keywords = NULL, "
                             "searchable = 1 WHERE call_id = :c"), {"c": call_id})
    engine.dispose()
    before = rt.store.feed.searchable_count(rt.pipeline.embedder.name, searchable_only=True)
    rt.store.reanalysis.mark_stale([call_id])
    run(rt, call_ids=[call_id])
    with rt.store.db.session() as s:
        rows = s.execute(sa.text("SELECT keywords, window_hash, searchable, clean_text "
                                 "FROM sentences WHERE call_id = :c"), {"c": call_id}).all()
    assert all(r.keywords for r in rows if r.searchable)
    assert any(r.window_hash for r in rows)
    assert not all(r.searchable for r in rows)  # short lines left the vector side again
    assert rt.store.feed.searchable_count(rt.pipeline.embedder.name,
                                          searchable_only=True) < before
    from models.schemas import SearchFilters
    assert rt.store.keywords.rare_matches(["fridg"], SearchFilters(call="SW-2026-001"), 5)
    moved = rt.store.feed.changes_after(rt.store.feed.head() - 1)[0]
    assert moved.op == "add" and moved.call_id == call_id and len(moved.sentence_ids) > 1
