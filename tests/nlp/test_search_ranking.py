import numpy as np

from nlp.search import collapse_near_duplicates, highlight, reciprocal_rank_fusion


def test_rrf_rewards_items_ranked_well_by_both_lists():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]])
    assert [i for i, _ in fused][:2] == [1, 3]
    assert dict(fused)[1] == 1 / 61 + 1 / 62


def test_near_identical_lines_collapse_into_the_best_ranked_one():
    a = np.array([1.0, 0.0], dtype=np.float32)
    b = np.array([0.999, 0.0447], dtype=np.float32)
    c = np.array([0.0, 1.0], dtype=np.float32)
    groups = collapse_near_duplicates([5, 6, 7, 8], {5: a, 6: c, 7: b},
                                      {5: "x", 6: "y", 7: "x2", 8: "x"})
    assert groups == [[5, 7, 8], [6]]


def test_highlight_marks_query_words_and_escapes_html():
    out = highlight("Our <pricing> works, prices too", ["pricing"])
    assert "&lt;<mark>pricing</mark>&gt;" in out
    assert highlight("plain", []) == "plain"


def test_query_terms_keep_content_words_only():
    from nlp.search import query_terms

    assert query_terms("Patient info may not be moved OUT of Europe") == [
        "patient", "info", "moved", "europe"]
    assert query_terms("the") == ["the"]
