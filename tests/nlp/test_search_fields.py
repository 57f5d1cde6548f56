"""How each sentence is indexed: its window in the turn, and whether it is on the vector side."""

from models.domain import Sentence
from nlp.search_fields import is_searchable, search_fields


def _sentences(turns: list[list[str]]) -> list[Sentence]:
    out = []
    for ti, texts in enumerate(turns):
        for si, text in enumerate(texts):
            out.append(Sentence(turn_index=ti, sent_index=si, speaker="Bo", role="prospect",
                                text=text, clean_text=text, char_start=0, char_end=len(text)))
    return out


def test_backchannels_and_fillers_stay_off_the_vector_side_but_names_and_numbers_do_not():
    for line in ("Yeah, sure.", "Makes sense.", "Okay.", "Got it, thanks.", "Um, right."):
        assert not is_searchable(line), line
    for line in ("We're on CloudMinder.", "About 40 seats.",
                 "Honestly the price is more than we budgeted."):
        assert is_searchable(line), line


def test_a_window_is_the_sentence_with_its_neighbours_in_the_same_turn_only():
    sents = _sentences([["So my question is on price.", "Forty dollars a seat is steep.",
                         "We have ninety seats."], ["Yeah, sure."]])
    fields = search_fields(sents)
    assert fields[0].window_text == "So my question is on price. Forty dollars a seat is steep."
    assert fields[1].window_text == ("So my question is on price. Forty dollars a seat is steep. "
                                     "We have ninety seats.")
    assert fields[3].window_text is None and fields[3].window_hash is None  # alone in its turn
    assert fields[0].window_hash and fields[0].window_hash != fields[1].window_hash
    assert fields[1].keywords == "dollar seat steep"
    assert [f.searchable for f in fields] == [True, True, True, False]
