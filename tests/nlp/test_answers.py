"""Rep answers keep their contentful declarative sentences; filler and questions go."""

from __future__ import annotations

import pytest

from nlp.answers import substantive_answer


@pytest.mark.parametrize("filler", [
    "Okay. How's that going?",
    "Sure, makes sense.",
    "Yeah, I hear you.",
    "Got it. What would it take to get there?",
    "Mm-hmm.",
    "Totally fair, totally fair.",
    "",
])
def test_filler_and_questions_are_not_answers(filler: str) -> None:
    assert substantive_answer(filler) is None


def test_a_backchannel_before_the_answer_is_cut_off() -> None:
    text = "Totally fair. We can split the rollout into two phases so year one costs less."
    assert substantive_answer(text) == ("We can split the rollout into two phases so year "
                                        "one costs less.")


def test_a_trailing_question_is_dropped_and_the_statement_kept() -> None:
    text = "We could move you to annual billing with a price lock. Does that work?"
    assert substantive_answer(text) == "We could move you to annual billing with a price lock."
