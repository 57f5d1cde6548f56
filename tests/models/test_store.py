"""Store behaviour on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from models.domain import CallMeta, ParsedCall, Participant, Sentence, SpeakerRole, Turn
from models.schemas import SearchFilters
from models.store import CallWrite, open_store
from nlp.embed import text_hash
from nlp.search_fields import search_fields
from tests.fakes import FakeEmbedder


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return open_store(f"sqlite:///{tmp_path / 's.db'}")
    url = request.getfixturevalue("pg_url")
    st = open_store(url)
    with st.db.engine.begin() as conn:  # the session database is shared: start empty
        conn.exec_driver_sql("TRUNCATE calls, participants, turns, sentences, vectors, changes, "
                             "jobs, uploads, rep_roster RESTART IDENTITY CASCADE")
    return st


def _write(ext: str, texts: list[str], content: str = "v1", tags=("segment:smb",),
           with_search: bool = False) -> CallWrite:
    """A call of one-sentence turns; `with_search` adds the search fields ingest computes
    (without them every sentence is on the vector side and has no keyword stems)."""
    turns = [Turn(speaker="Ana" if i % 2 == 0 else "Bo", text=t, start=float(i * 10))
             for i, t in enumerate(texts)]
    parsed = ParsedCall(format="text", meta=CallMeta(
        external_id=ext, title=f"Call {ext}", outcome="won", tags=list(tags),
        participants=[Participant(name="Ana", role="rep")]), turns=turns)
    roles = {"Ana": SpeakerRole(speaker="Ana", role="rep", source="metadata", confidence=1.0),
             "Bo": SpeakerRole(speaker="Bo", role="prospect", source="inferred", confidence=0.8)}
    sents = [Sentence(turn_index=i, sent_index=0, speaker=t.speaker, role=roles[t.speaker].role,
                      text=t.text, clean_text=t.text, char_start=0, char_end=len(t.text),
                      start=t.start) for i, t in enumerate(turns)]
    hashes = [text_hash(s.clean_text) for s in sents]
    vecs = FakeEmbedder().embed([s.clean_text for s in sents])
    return CallWrite(external_id=ext, content_hash=content, parsed=parsed, roles=roles,
                     sentences=sents, text_hashes=hashes, new_vectors=dict(zip(hashes, vecs, strict=True)),
                     model="fake-embedder",
                     search=search_fields(sents) if with_search else ())


def test_save_is_idempotent_for_the_same_content(store):
    first = store.calls.save(_write("c1", ["Hello there.", "The price is too high."]))
    again = store.calls.save(_write("c1", ["Hello there.", "The price is too high."]))
    assert first.changed and not again.changed and first.call_id == again.call_id
    assert store.feed.head() == 1
    assert store.feed.searchable_count("fake-embedder") == 2


def test_new_content_replaces_the_call_and_logs_remove_then_add(store):
    old = store.calls.save(_write("c1", ["Hello there.", "Old line."]))
    new = store.calls.save(_write("c1", ["Hello there.", "New line.", "Third."], content="v2"))
    assert new.changed and new.call_id == old.call_id
    detail = store.calls.detail(new.call_id)
    assert [t.text for t in detail.turns] == ["Hello there.", "New line.", "Third."]
    ops = [(c.op, len(c.sentence_ids)) for c in store.feed.changes_after(0)]
    assert ops == [("add", 2), ("remove", 2), ("add", 3)]
    assert store.calls.resolve_id("c1") == new.call_id


def test_delete_removes_rows_keyword_entries_and_orphan_vectors(store):
    saved = store.calls.save(_write("c1", ["Budget is tight this quarter."], with_search=True))
    store.calls.save(_write("c2", ["Totally different words."], with_search=True))
    assert store.keywords.rare_matches(["budget"], SearchFilters(), 10)
    assert store.calls.delete(saved.call_id)
    assert store.calls.detail(saved.call_id) is None
    assert store.keywords.rare_matches(["budget"], SearchFilters(), 10) == []
    h = text_hash("Budget is tight this quarter.")
    assert store.calls.cached_vectors("fake-embedder", [h]) == {}
    assert not store.calls.delete(saved.call_id)


def test_keyword_matches_rank_by_bm25_and_apply_filters(store):
    store.calls.save(_write("c1", ["Our budget is frozen.", "Pricing pricing pricing, always."],
                            with_search=True))
    store.calls.save(_write("c2", ["The pricing page was clear."], tags=("segment:ent",),
                            with_search=True))
    ids = store.keywords.rare_matches(["price"], SearchFilters(), 10)
    rows = store.search.hit_rows(ids)
    assert len(ids) == 2 and rows[ids[0]].text == "Pricing pricing pricing, always."
    only_ent = store.keywords.rare_matches(["price"], SearchFilters(tags=["segment:ent"]), 10)
    assert [store.search.hit_rows(only_ent)[i].external_id for i in only_ent] == ["c2"]
    by_rep = store.keywords.rare_matches(["price"], SearchFilters(role="rep"), 10)
    assert [store.search.hit_rows(by_rep)[i].text for i in by_rep] == [
        "The pricing page was clear."]


def test_filters_select_sentence_ids_by_role_speaker_and_call(store):
    store.calls.save(_write("c1", ["One.", "Two.", "Three."]))
    prospect = store.search.allowed_sentence_ids(SearchFilters(role="prospect"))
    assert [store.search.hit_rows(prospect)[i].speaker for i in prospect] == ["Bo"]
    assert len(store.search.allowed_sentence_ids(SearchFilters(call="c1"))) == 3
    assert store.search.allowed_sentence_ids(SearchFilters(call="nope")) == []
    assert store.search.allowed_sentence_ids(SearchFilters()) is None


def test_vectors_round_trip_through_the_feed(store):
    store.calls.save(_write("c1", ["Alpha beta.", "Gamma delta."]))
    ids, vecs = next(store.feed.all_vectors("fake-embedder", FakeEmbedder.dim))
    expected = FakeEmbedder().embed(["Alpha beta.", "Gamma delta."])
    assert np.allclose(vecs, expected) and len(ids) == 2


def test_roster_is_replaced_trimmed_and_deduplicated(store):
    assert store.roster.replace([" Priya Nair ", "tom@x.io", "tom@x.io", ""]) == [
        "Priya Nair", "tom@x.io"]
    assert store.roster.get() == ["Priya Nair", "tom@x.io"]


def test_keyword_terms_with_query_syntax_are_ignored_not_executed(store):
    store.calls.save(_write("c1", ["Budget talk this quarter."], with_search=True))
    assert store.keywords.rare_matches(['budget" OR "x', "NEAR(", "budget"], SearchFilters(), 10)
    assert store.keywords.rare_matches(["*", ")"], SearchFilters(), 10) == []


def test_the_sqlite_file_and_its_journal_are_the_owners_alone(tmp_path):
    import stat

    st = open_store(f"sqlite:///{tmp_path / 'private.db'}")
    st.calls.save(_write("c1", ["Budget is frozen this year."]))
    files = [p for p in tmp_path.iterdir() if p.name.startswith("private.db")]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
