"""In a large corpus the keyword side matches on selective words only."""

from __future__ import annotations

import pytest

import models.store.search as search_store
from models.schemas import SearchFilters
from models.store import open_store
from tests.models.test_store import _write, store  # noqa: F401  (the fixture)


@pytest.fixture
def big_store(store, monkeypatch):  # noqa: F811
    # "Large" scaled down: a word in more than 3 sentences (and 20% of them) is common.
    monkeypatch.setattr(search_store, "COMMON_MIN_DOCS", 3)
    monkeypatch.setattr(search_store, "COMMON_SHARE", 0.2)
    st = store
    lines = [f"Pricing question number {i} about the budget." for i in range(12)]
    lines += ["Shelfware is our pricing worry.", "The budget and the pricing are fine.",
              "Pricing budget renewal."]
    st.bulk.insert_calls([_write(f"c{i}", [x]) for i, x in enumerate(lines)])
    return st


def _texts(st, ids):
    rows = st.search.hit_rows(ids)
    return [rows[i].text for i in ids]


def test_common_and_absent_words_are_left_out_when_a_selective_word_exists(big_store):
    ids = big_store.search.keyword(["pricing", "shelfware", "zzzabsent"], SearchFilters(), 10)
    assert _texts(big_store, ids) == ["Shelfware is our pricing worry."]


def test_when_every_word_is_common_a_sentence_must_hold_the_two_rarest(big_store):
    ids = big_store.search.keyword(["pricing", "budget"], SearchFilters(), 50)
    texts = _texts(big_store, ids)
    assert texts and all("budget" in x.lower() and "pricing" in x.lower() for x in texts)
    assert "Shelfware is our pricing worry." not in texts


def test_a_small_corpus_keeps_plain_any_word_matching(tmp_path):
    st = open_store(f"sqlite:///{tmp_path / 's.db'}")
    st.bulk.insert_calls([_write("a", ["Pricing is high."]), _write("b", ["Budget is frozen."])])
    assert len(st.search.keyword(["pricing", "budget"], SearchFilters(), 10)) == 2
