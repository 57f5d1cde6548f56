"""Rep answers to an objection theme: filler is dropped, each group shows its sample size."""

from __future__ import annotations

from api.objections_service import rank_answers
from models.store import InsightRow
from tests.fakes import FakeEmbedder


def row(i: int, answer: str, outcome: str) -> InsightRow:
    """An objection insight on call i whose rep answered `answer`."""
    return InsightRow(
        id=i, type="objection", category="price", confidence=0.9, value=None,
        payload={"answer": answer}, theme_id=1, call_id=i, external_id=f"C-{i}",
        call_title=None, call_date=None, outcome=outcome, tags=[], stage=None, sentence_id=i,
        text="That's more than we set aside this year.", speaker="Dana", role="prospect",
        turn_index=0, char_start=0, char_end=10)


def test_filler_answers_are_dropped_and_groups_show_their_sample() -> None:
    phased = "We can phase the rollout so the first year costs half."
    rows = [row(1, "Okay. How's that going?", "won"), row(2, "Sure, makes sense.", "won"),
            row(3, phased, "won"), row(4, f"Totally fair. {phased}", "lost"),
            row(5, phased, "open")]
    answers = rank_answers(rows, FakeEmbedder())
    assert [a.answer for a in answers] == [phased]
    group = answers[0]
    assert (group.calls, group.won, group.lost, group.decided) == (3, 1, 1, 2)
    assert group.win_rate is None and not group.enough_data  # 2 decided calls: too few
