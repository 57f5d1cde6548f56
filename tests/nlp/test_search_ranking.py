"""Ranking: meaning first, boosts for keywords and asked-for insights, a floor, a 0-100 score."""

import numpy as np

from nlp.search import collapse_near_duplicates
from nlp.search_intent import read_intent
from nlp.search_ranking import Candidate, RankWeights, display_score, rank

W = RankWeights()


def test_near_identical_lines_collapse_into_the_best_ranked_one():
    a = np.array([1.0, 0.0], dtype=np.float32)
    b = np.array([0.999, 0.0447], dtype=np.float32)
    c = np.array([0.0, 1.0], dtype=np.float32)
    groups = collapse_near_duplicates([5, 6, 7, 8], {5: a, 6: c, 7: b},
                                      {5: "x", 6: "y", 7: "x2", 8: "x"})
    assert groups == [[5, 7, 8], [6]]


def test_nothing_under_the_floor_is_a_match():
    cands = [Candidate(1, W.floor + 0.1), Candidate(2, W.floor - 0.01), Candidate(3, 0.0)]
    assert [r.sentence_id for r in rank(cands, read_intent("anything"), W)] == [1]


def test_keywords_boost_but_never_outvote_a_clearly_closer_meaning():
    close = Candidate(1, 0.55)
    worded = Candidate(2, 0.45, bm25=50.0, matched=["price"])
    ranked = rank([worded, close], read_intent("price"), W)
    assert [r.sentence_id for r in ranked] == [1, 2]
    assert ranked[1].score > 0.45 and ranked[1].score < 0.45 + W.keyword


def test_an_objection_query_boosts_detected_objections_of_its_category_most():
    intent = read_intent("buyers worried the price is more than their budget")
    assert intent.objection and "price" in intent.categories
    same = Candidate(1, 0.40, objection="price")
    other = Candidate(2, 0.40, objection="timing")
    plain = Candidate(3, 0.40)
    ranked = rank([plain, other, same], intent, W)
    assert [r.sentence_id for r in ranked] == [1, 2, 3]
    assert any(k.startswith("objection: price") for k in ranked[0].boosts)


def test_insight_boosts_need_the_query_to_ask_for_them():
    intent = read_intent("what our champion said about the offsite")
    assert not intent.objection and not intent.phrasing
    ranked = rank([Candidate(1, 0.40, objection="price", phrasing=True)], intent, W)
    assert ranked[0].boosts == {}


def test_queries_are_read_as_what_they_ask_for():
    assert read_intent("how reps compare the product to a smoke detector").phrasing
    assert read_intent("finance leaders at mid-sized plants describing month-end").persona
    assert read_intent("prospects pushing back on a multi-year contract").categories == (
        "contract",)
    assert read_intent("onboarding timeline for the new region").labels() == [
        "objection (implementation)"]
    assert read_intent("what the weather was like at the offsite").labels() == []


def test_display_score_is_0_to_100_with_the_floor_at_50():
    assert display_score(W.floor, W) == 50
    assert display_score(W.strong, W) == 100 == display_score(5.0, W)
    assert display_score(-5.0, W) == 0
    assert 50 < display_score((W.floor + W.strong) / 2, W) < 100
