"""Bulk import writes exactly what one-call-at-a-time saving writes."""

from __future__ import annotations

import numpy as np

from models.schemas import SearchFilters
from models.store import InsightWrite, open_store
from tests.models.test_store import _write, store  # noqa: F401  (the fixture)


def _calls():
    first = _write("c1", ["Hello there.", "The price is too high for us."], with_search=True)
    second = _write("c2", ["Our budget is frozen.", "Hello there.", "Send me pricing."],
                    tags=("segment:ent",), with_search=True)
    with_insight = _write("c3", ["We are locked into a contract."], with_search=True)
    object.__setattr__(with_insight, "insights", [InsightWrite(
        type="objection", category="contract", confidence=0.9, sentence_index=0)])
    return [first, second, with_insight]


def _snapshot(st):
    ids = [st.calls.resolve_id(e) for e in ("c1", "c2", "c3")]
    details = [st.calls.detail(i).model_dump(exclude={"id"}) for i in ids]
    for d in details:
        for turn in d["turns"]:
            for s in turn["sentences"]:
                s.pop("id")
    changes = [(c.op, len(c.sentence_ids)) for c in st.feed.changes_after(0)]
    ids_v, vecs = next(st.feed.all_vectors("fake-embedder", 64))
    keyword = [st.search.hit_rows([i])[i].text
               for i in st.keywords.rare_matches(["price", "budget"], SearchFilters(), 10)]
    return details, changes, np.round(vecs, 6).tolist(), sorted(keyword)


def test_bulk_insert_matches_saving_each_call(tmp_path):
    one_by_one = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    bulk = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    for c in _calls():
        one_by_one.calls.save(c)
    ids = bulk.bulk.insert_calls(_calls())
    assert all(isinstance(i, int) for i in ids)
    assert _snapshot(bulk) == _snapshot(one_by_one)
    # "Hello there." (twice) and "Send me pricing." are too short for the vector side
    assert bulk.feed.searchable_count("fake-embedder") == 6
    assert bulk.feed.searchable_count("fake-embedder", searchable_only=True) == 3
    [objection] = bulk.insights.rows(type="objection")
    assert objection.text == "We are locked into a contract." and objection.category == "contract"


def test_bulk_insert_skips_stored_external_ids(store):  # noqa: F811
    saved = store.calls.save(_write("c1", ["Hello there."]))
    ids = store.bulk.insert_calls(_calls())
    assert ids[0] is None and ids[1] is not None and ids[2] is not None
    assert store.calls.resolve_id("c1") == saved.call_id
    # c1 as saved (no search fields) + c2's one line long enough + c3
    assert store.feed.searchable_count("fake-embedder", searchable_only=True) == 1 + 1 + 1
    assert [c.op for c in store.feed.changes_after(0)] == ["add", "add", "add"]
