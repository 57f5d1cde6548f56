"""The keyword side: document counts and rare-word matches over the stems stored at ingest."""

from __future__ import annotations

import pytest

import models.store.keywords as keyword_store
from models.schemas import SearchFilters
from nlp.search_text import query_stems
from tests.models.test_store import _write, store  # noqa: F401  (the fixture)


@pytest.fixture
def corpus(store):  # noqa: F811
    lines = [f"Pricing question number {i} about the budget." for i in range(6)]
    lines += ["Shelfware is our pricing worry.", "We're locked in with CloudMinder until May.",
              "US customers are hosted in us-east-2.", "Yeah, sure."]
    store.bulk.insert_calls([_write(f"c{i}", [x], with_search=True) for i, x in enumerate(lines)])
    return store


def _texts(st, ids):
    rows = st.search.hit_rows(ids)
    return [rows[i].text for i in ids]


def test_document_counts_are_per_stem(corpus):
    df = corpus.keywords.doc_freqs(query_stems("pricing budget shelfware zzzabsent"))
    assert df == {"price": 7, "budget": 6, "shelfwar": 1, "zzzabsent": 0}
    n, mean = corpus.keywords.stats()
    assert n == 9 and 1.0 < mean < 5.0  # "Yeah, sure." has no stems, so no keywords


def test_rare_words_bring_their_sentences_and_common_ones_do_not(corpus, monkeypatch):
    monkeypatch.setattr(keyword_store, "RARE_MAX_DOCS", 3)
    ids = corpus.keywords.rare_matches(query_stems("pricing shelfware"), SearchFilters(), 10)
    assert _texts(corpus, ids) == ["Shelfware is our pricing worry."]
    assert corpus.keywords.rare_matches(query_stems("pricing budget"), SearchFilters(), 10) == []


def test_use_does_not_match_us_and_names_match_whole(corpus):
    assert corpus.keywords.rare_matches(query_stems("we already use a competitor"),
                                        SearchFilters(), 10) == []
    ids = corpus.keywords.rare_matches(query_stems("locked in with cloudminder"),
                                       SearchFilters(), 10)
    assert _texts(corpus, ids) == ["We're locked in with CloudMinder until May."]


def test_filters_apply_to_rare_matches(corpus):
    ids = corpus.keywords.rare_matches(query_stems("cloudminder"), SearchFilters(role="rep"), 10)
    assert _texts(corpus, ids) == ["We're locked in with CloudMinder until May."]
    assert corpus.keywords.rare_matches(query_stems("cloudminder"),
                                        SearchFilters(role="prospect"), 10) == []
