"""The keyword analyser: tokens a person would accept, and highlights of whole words."""

from nlp.search_text import Bm25, highlight, keywords, query_stems, tokens


def test_use_is_never_stemmed_to_us_and_stop_words_are_dropped():
    assert query_stems("We already use a competitor") == ["use", "competitor"]
    assert "us" not in keywords("US customers are hosted in us-east-2.").split()


def test_contractions_lose_their_clitic_and_fillers_carry_no_topic():
    assert query_stems("I'd have to run it by my boss") == ["run", "boss"]
    assert query_stems("We're locked in with CloudMinder, um, yeah") == ["lock", "cloudmind"]
    assert query_stems("Don't, won't, can't, shouldn't") == []


def test_no_stem_is_shorter_than_three_letters():
    stems = keywords("Our ops team uses AI for QA on the go, as is.").split()
    assert stems and all(len(s) >= 2 for s in stems)
    assert all(len(s) >= 3 or s in {"ops", "ai", "qa"} for s in stems)


def test_inflections_share_a_stem():
    assert len(set(keywords("integrations integrating integrate").split())) == 1


def test_highlight_marks_whole_matching_words_only():
    out = highlight("Our dev team does the digest; I'd run it by my boss <now>.",
                    query_stems("I'd have to run it by my boss"))
    assert out == ("Our dev team does the digest; I&#x27;d <mark>run</mark> it by my "
                   "<mark>boss</mark> &lt;now&gt;.")


def test_highlight_without_query_words_only_escapes():
    assert highlight("a <b> c", []) == "a &lt;b&gt; c"


def test_tokens_carry_their_spans():
    text = "Pricing is brutal."
    assert [(t.stem, text[t.start:t.end]) for t in tokens(text)] == [
        ("price", "Pricing"), ("brutal", "brutal")]


def test_bm25_prefers_rarer_words_and_shorter_sentences():
    bm = Bm25(documents=1000, mean_length=6.0)
    df = {"price": 200, "shelfwar": 3}
    assert bm.score(["shelfwar"], ["shelfwar", "worri"], df) > bm.score(
        ["price"], ["price", "worri"], df)
    assert bm.score(["price"], ["price"], df) > bm.score(["price"], ["price"] + ["x"] * 20, df)
    assert bm.score(["price"], [], df) == 0.0
