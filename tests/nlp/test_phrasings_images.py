"""Coined images: small talk and scripted lines stay out, the whole image is quoted, variants group.

Example sentences are written for these tests (a payroll vendor, a fleet-maintenance vendor),
not taken from the labelled calls.
"""

from __future__ import annotations

import pytest

from nlp.phrasing_cues import image_parts, is_small_talk, thing_words
from nlp.phrasings import PHRASING_MIN, CorpusSentence, call_image_scores, rank_phrasings
from tests.fakes import FakeEmbedder

IMAGE = "Payroll should run like a lighthouse, the beam sweeps round whether anyone's looking or not."
SCRIPT = "I'll send a short written summary with actions and owners this afternoon."
PLAIN = [
    "We pull hours from the time clock every night and flag overtime before the run.",
    "Your managers approve timesheets in the app, and finance sees the totals by cost centre.",
    "Most customers go live in about six weeks, with our team doing the mapping.",
    "The payroll run locks at noon on the Thursday before payday.",
]


def _s(i: int, call: int, text: str, turn: int | None = None, speaker: str = "Ana",
       reaction: str | None = None) -> CorpusSentence:
    return CorpusSentence(sentence_id=i, call_id=call, speaker=speaker, role="rep", text=text,
                          turn_index=i if turn is None else turn, next_turn_text=reaction)


def _corpus(extra: list[tuple[int, str, int | None, str]]) -> list[CorpusSentence]:
    """Four calls of plain talk, the script in every call, and the extra (call, text, turn, rep)."""
    rows = [(call, text, None, "Ana" if call % 2 else "Ben") for call in range(1, 5)
            for text in [*PLAIN, SCRIPT]]
    rows += extra
    return [_s(i, c, t, turn, who) for i, (c, t, turn, who) in enumerate(rows)]


@pytest.mark.parametrize("text", [
    "Sounds like a busy week on your side.",
    "It looks like the snow's finally stopped over there, I saw the pictures.",
    "Feels like a good place to wrap up, then.",
    "Take care, and good luck with the audit, sounds like a marathon.",
    "Sound like a plan?",
    "I'd like to show you the approvals screen next.",
    "We'd like to understand how you handle contractors, like, day to day.",
])
def test_small_talk_and_filler_with_like_is_not_an_image(text: str) -> None:
    assert image_parts(text).score < PHRASING_MIN


def test_small_talk_openers_are_recognised_anywhere_in_the_turn() -> None:
    assert is_small_talk("Thanks both, looks like the rain held off for once.")
    assert is_small_talk("Sounds like the hangar move went well.")
    assert not is_small_talk("Payroll runs like a lighthouse, whether anyone's looking or not.")


@pytest.mark.parametrize("text", [
    IMAGE,
    "Think of it as a seatbelt for your payroll, not a speed limit.",
    "Without it, month-end is a kitchen drawer you tip out on the table every Friday.",
    "We turn the parts cage into a vending machine that knows who took what.",
])
def test_a_comparison_with_a_thing_from_another_world_is_an_image(text: str) -> None:
    assert image_parts(text).score >= PHRASING_MIN


def test_things_are_physical_nouns_not_names_jargon_or_verbs() -> None:
    assert "lighthouse" in thing_words(IMAGE)
    # A product called Snowflake is a name; "leading" after a determiner is an adjective.
    assert thing_words("We land the tables in Snowflake overnight.") == []
    assert thing_words("We're a leading platform that leverages machine learning.") == []
    # "dress" counts only as a noun, right after a determiner.
    assert "dress" in thing_words("It's a dress rehearsal for the first payroll run.")
    assert "dress" not in thing_words("Please dress the report up for the board.")
    # Two-word things whose head alone is no thing: the alarm of "smoke alarm".
    assert "alarm" in thing_words("We're the smoke alarm, they're the extinguisher.")


def test_a_thing_the_call_keeps_talking_about_is_the_topic_not_an_image() -> None:
    vans = ["Every van goes out at seven.", "The van carries the spare parts.",
            "Each van has a tablet for the job sheets.",
            "So the van becomes a van that knows its own history."]
    scores = call_image_scores(vans)
    assert scores[-1] < PHRASING_MIN


def test_a_scripted_line_repeated_across_calls_is_never_a_phrasing() -> None:
    corpus = _corpus([(1, IMAGE, None, "Ana")])
    ranked = rank_phrasings(corpus, FakeEmbedder().embed([s.text for s in corpus]), {})
    quoted = {v.text for p in ranked for v in p.variants}
    assert any("lighthouse" in t for t in quoted)
    assert not any(SCRIPT in t for t in quoted)
    assert not any(t in q for t in PLAIN for q in quoted)


def test_small_talk_never_becomes_a_phrasing_even_when_repeated() -> None:
    talk = "Sounds like a long week for the whole team."
    corpus = _corpus([(1, talk, None, "Ana"), (2, talk.replace("long", "busy"), None, "Ben")])
    ranked = rank_phrasings(corpus, FakeEmbedder().embed([s.text for s in corpus]), {})
    assert not any("Sounds like" in v.text for p in ranked for v in p.variants)


def test_the_whole_image_is_quoted_when_it_runs_over_two_sentences_of_a_turn() -> None:
    corpus = _corpus([
        (2, "Running payroll on spreadsheets is like leaving the oven on while you're away.", 50,
         "Ana"),
        (2, "Nobody smells the smoke until the kitchen's black.", 50, "Ana"),
        (2, "Anyway, what does your approval chain look like today?", 50, "Ana"),
    ])
    ranked = rank_phrasings(corpus, FakeEmbedder().embed([s.text for s in corpus]), {})
    oven = next(p for p in ranked if "oven" in p.text)
    assert oven.text.endswith("until the kitchen's black.")
    assert "approval chain" not in oven.text
    assert len(oven.variants[0].sentence_ids) == 2


def test_a_tail_sentence_is_quoted_with_the_sentence_that_sets_up_the_image() -> None:
    corpus = _corpus([
        (3, "Think of us as a smoke alarm for your payroll.", 60, "Ben"),
        (3, "You hear the beep long before the kitchen fills with smoke.", 60, "Ben"),
    ])
    ranked = rank_phrasings(corpus, FakeEmbedder().embed([s.text for s in corpus]), {})
    alarm = [p for p in ranked if any("kitchen" in v.text for v in p.variants)]
    assert len(alarm) == 1
    assert alarm[0].text.startswith("Think of us as a smoke alarm")


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    """MiniLM, loaded once for this module."""
    from nlp.embed import load_embedder

    return load_embedder()


@pytest.mark.model
def test_rewordings_and_borrowings_of_one_image_group_and_a_different_image_does_not(
        embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus([
        (1, "Payroll should run like a lighthouse, the beam keeps sweeping whether anyone's "
            "watching or not.", None, "Ana"),
        (3, "We like to say payroll is a lighthouse: the beam goes round every night, "
            "watched or not.", None, "Ben"),
        (4, "Think of us as the lighthouse keeper for your payroll, the light never misses "
            "a night.", None, "Cy"),
        (2, "Without it, month-end is a kitchen drawer you tip out on the table every Friday.",
         None, "Ben"),
    ])
    vecs = embedder.embed([s.text for s in corpus])
    ranked = rank_phrasings(corpus, vecs, {})
    light = [p for p in ranked if any("lighthouse" in v.text for v in p.variants)]
    assert len(light) == 1
    assert len(light[0].variants) >= 2 and len(light[0].calls) >= 2
    assert not any("drawer" in v.text for v in light[0].variants)
    assert any("drawer" in p.text for p in ranked)
