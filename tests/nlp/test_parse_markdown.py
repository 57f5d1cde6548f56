"""Markdown transcripts: header block, participants, outcome, bold speaker turns, footer notes."""

from __future__ import annotations

from datetime import datetime

import pytest

from nlp.parse import parse_transcript

MD = """# Sales Call Transcript: Discovery Call
**Call ID:** DISC-1
**Date:** January 22, 2024
**Duration:** 42 minutes
**Participants:**
- Marcus (TribeAI Account Executive)
- Jennifer Wu (Director of Sales Operations, TechFlow Inc)
- David Park (Sales Ops Manager)
**Outcome:** Demo scheduled for next week

---

**Marcus:** Thanks for joining. [crosstalk]

**Jennifer:** Happy to.
We have a problem:
- Engagement: low

**Marcus:** Got it.

---

**Call Notes:**
- Strong discovery
"""


def parse(text: str, **kwargs: object):
    return parse_transcript(text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]


def test_markdown_header_fills_metadata():
    meta = parse(MD).meta
    assert (meta.external_id, meta.title) == ("DISC-1", "Discovery Call")
    assert meta.started_at == datetime(2024, 1, 22)
    assert (meta.outcome, meta.outcome_note) == ("open", "Demo scheduled for next week")


def test_markdown_participants_read_title_and_company():
    people = [(p.name, p.title, p.company, p.role) for p in parse(MD).meta.participants]
    assert people == [
        ("Marcus", "Account Executive", "TribeAI", "unknown"),
        ("Jennifer Wu", "Director of Sales Operations", "TechFlow Inc", "unknown"),
        ("David Park", "Sales Ops Manager", None, "unknown"),
    ]


def test_markdown_turns_keep_speaker_as_written_and_join_continuations():
    call = parse(MD)
    assert call.format == "markdown"
    assert [(t.speaker, t.text) for t in call.turns] == [
        ("Marcus", "Thanks for joining. [crosstalk]"),
        ("Jennifer", "Happy to. We have a problem: - Engagement: low"),
        ("Marcus", "Got it."),
    ]


def test_markdown_other_header_lines_and_footer_go_to_notes():
    notes = parse(MD).notes.splitlines()
    assert notes == ["Duration: 42 minutes", "Call Notes:", "- Strong discovery"]


def test_markdown_call_notes_label_without_rule_does_not_join_last_turn():
    call = parse("**Kim:** Hi.\n**Bob:** Bye.\n**Call Notes - What Went Wrong:**\n- too pushy\n")
    assert call.turns[-1].text == "Bye."
    assert "- too pushy" in call.notes


def test_markdown_colon_outside_bold_and_timestamp():
    call = parse("**Kim (00:01:05)**: Hello.\n**Bob**: Hi.\n")
    assert [(t.speaker, t.text, t.start) for t in call.turns] == [
        ("Kim", "Hello.", 65.0),
        ("Bob", "Hi.", None),
    ]


@pytest.mark.parametrize(
    ("note", "outcome"),
    [
        ("Deal closed, contract signed", "won"),
        ("Closed won", "won"),
        ("No next step", "lost"),
        ("Prospect not interested", "lost"),
        ("They went with competitor", "lost"),
        ("Prospect won't commit yet", "open"),
        ("Moving to pilot phase", "open"),
    ],
)
def test_markdown_outcome_note_maps_to_outcome(note: str, outcome: str):
    meta = parse(f"**Outcome:** {note}\n\n---\n\n**Kim:** hi\n").meta
    assert (meta.outcome, meta.outcome_note) == (outcome, note)


def test_markdown_unreadable_date_stays_in_notes():
    call = parse("**Date:** sometime in spring\n---\n**Kim:** hi\n")
    assert call.meta.started_at is None
    assert call.notes == "Date: sometime in spring"
