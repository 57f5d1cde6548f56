import pytest

from models.domain import CallMeta, ParsedCall, SpeakerRole, Turn
from nlp.segment import load_segmenter
from nlp.sentences import interpolate_time, split_sentences, turn_time_span
from tests.fakes import PeriodSegmenter


def _call(*turns: Turn) -> ParsedCall:
    return ParsedCall(format="text", meta=CallMeta(), turns=list(turns))


ROLES = {"Ana": SpeakerRole(speaker="Ana", role="rep", source="metadata", confidence=1.0),
         "Bo": SpeakerRole(speaker="Bo", role="prospect", source="inferred", confidence=0.8)}


def test_sentence_offsets_point_into_the_turns_display_text():
    call = _call(Turn(speaker="Ana", text="Hi there. [crosstalk] We help <b>teams</b> ship."))
    sents = split_sentences(call, ROLES, PeriodSegmenter())
    assert [s.clean_text for s in sents] == ["Hi there.", "We help teams ship."]
    for s in sents:
        assert call.turns[0].text[s.char_start:s.char_end] == s.text
    assert sents[1].text == "We help <b>teams</b> ship."
    assert [s.sent_index for s in sents] == [0, 1]


def test_sentences_carry_speaker_and_role_and_unknown_speakers_are_unknown():
    call = _call(Turn(speaker="Ana", text="One."), Turn(speaker="Cy", text="Two."))
    sents = split_sentences(call, ROLES, PeriodSegmenter())
    assert [(s.speaker, s.role, s.turn_index) for s in sents] == [
        ("Ana", "rep", 0), ("Cy", "unknown", 1)]


def test_timestamp_is_interpolated_within_a_turn_using_the_next_turns_start():
    call = _call(Turn(speaker="Ana", text="A" * 10 + ". " + "B" * 8 + ".", start=100.0),
                 Turn(speaker="Bo", text="Ok.", start=120.0))
    sents = split_sentences(call, ROLES, PeriodSegmenter())
    assert sents[0].start == 100.0
    assert sents[1].start == pytest.approx(100.0 + 20.0 * 12 / 21, abs=0.01)
    assert sents[2].start == 120.0


def test_turn_end_wins_over_next_start_and_last_turn_uses_speech_rate():
    turns = [Turn(speaker="Ana", text="x" * 30, start=0.0, end=4.0),
             Turn(speaker="Bo", text="y" * 30, start=10.0)]
    assert turn_time_span(turns, 0) == (0.0, 4.0)
    assert turn_time_span(turns, 1) == (10.0, 12.0)
    assert interpolate_time(None, 5, 10) is None


def test_turns_without_times_give_sentences_without_times():
    sents = split_sentences(_call(Turn(speaker="Ana", text="One. Two.")), ROLES, PeriodSegmenter())
    assert [s.start for s in sents] == [None, None]


@pytest.mark.model
def test_spacy_senter_splits_conversational_turns():
    seg = load_segmenter()
    assert seg.name.endswith(":senter")
    text = "Yeah. So we used to close deals in 50 days. Now it's 70! Why? Reps are drowning."
    spans = seg.split([text])[0]
    assert len(spans) >= 4
    assert text[spans[1][0]:spans[1][1]].startswith("So we used")


def test_missing_spacy_model_falls_back_to_the_sentencizer(caplog):
    seg = load_segmenter("no_such_model_xyz")
    assert seg.name == "sentencizer"
    assert "rule-based sentencizer" in caplog.text
    assert len(seg.split(["One here. Two here."])[0]) == 2
