"""Speaker roles: metadata, roster, title and speech evidence, in that order."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from models.domain import CallMeta, ParsedCall, Participant, Turn
from nlp.roles import assign_roles, match_participant
from tests.conftest import shared_data_dir

DATA_DIR = shared_data_dir() or Path("shared-data-absent")
PFG_DIALOGS = DATA_DIR / "persuasionforgood" / "full_dialog.csv"

SALES_CALL = [
    ("Dana", "Hi Sam, this is Dana from Brightlane. Thanks for taking the time today."),
    ("Sam", "Sure. We're looking for something to replace our current tool."),
    ("Dana", "Great. How many people are on your support team today?"),
    ("Sam", "About twelve. Our budget is tight this year though."),
    ("Dana", "Understood. We help teams like yours cut ticket time. Let me show you our platform."),
    ("Sam", "How much does it cost? And does it integrate with Zendesk?"),
    ("Dana", "It does. Would you be open to a two-week pilot? I can send over a proposal."),
    ("Sam", "I'd have to run it by my boss first."),
]


def make_call(
    lines: list[tuple[str, str]],
    participants: list[Participant] | None = None,
    rep_roster: list[str] | None = None,
) -> ParsedCall:
    """A ParsedCall from (speaker, text) pairs and optional metadata."""
    meta = CallMeta(participants=participants or [], rep_roster=rep_roster or [])
    turns = [Turn(speaker=s, text=t) for s, t in lines]
    return ParsedCall(format="text", meta=meta, turns=turns)


def test_metadata_role_wins_over_roster_and_speech() -> None:
    people = [Participant(name="Dana", role="prospect"), Participant(name="Sam", role="rep")]
    roles = assign_roles(make_call(SALES_CALL, people), roster=["Dana"])
    assert (roles["Dana"].role, roles["Dana"].source, roles["Dana"].confidence) == (
        "prospect", "metadata", 1.0,
    )
    assert (roles["Sam"].role, roles["Sam"].source) == ("rep", "metadata")


def test_first_name_label_matches_full_participant_name() -> None:
    people = [
        Participant(name="Jennifer Wu", role="prospect"),
        Participant(name="Marcus", role="rep"),
    ]
    call = make_call([("Jennifer", "Hello."), ("Marcus", "Hi there.")], people)
    roles = assign_roles(call)
    assert roles["Jennifer"].role == "prospect"
    assert roles["Jennifer"].source == "metadata"


def test_email_local_part_matches_speaker_name() -> None:
    people = [Participant(name="P. Nair", email="priya.nair@acme.com", role="rep")]
    assert match_participant("Priya Nair", people) is people[0]


def test_ambiguous_first_names_are_not_matched() -> None:
    people = [
        Participant(name="Jennifer Wu", role="prospect"),
        Participant(name="Jennifer Lee", role="rep"),
    ]
    call = make_call([("Jennifer", "Hello."), ("Jennifer Lee", "Hi.")], people)
    roles = assign_roles(call)
    assert match_participant("Jennifer", people) is None
    assert roles["Jennifer Lee"].source == "metadata"
    assert roles["Jennifer"].source != "metadata"


def test_roster_matches_by_name() -> None:
    call = make_call([("Alex", "Hello."), ("Robin", "Hi.")])
    roles = assign_roles(call, roster=["Alex Moreno"])
    assert (roles["Alex"].role, roles["Alex"].source, roles["Alex"].confidence) == (
        "rep", "roster", 0.95,
    )


def test_roster_matches_by_participant_email_and_call_roster() -> None:
    people = [Participant(name="Alex Moreno", email="amoreno@seller.io"), Participant(name="Robin")]
    call = make_call([("Alex Moreno", "Hello."), ("Robin", "Hi.")], people, ["AMoreno@seller.io"])
    assert assign_roles(call)["Alex Moreno"].source == "roster"


def test_others_become_prospects_once_a_rep_is_known() -> None:
    people = [
        Participant(name="Alex", company="Seller Inc"),
        Participant(name="Jo", company="Seller Inc"),
        Participant(name="Robin", company="Buyer Co"),
    ]
    lines = [("Alex", "Hello."), ("Jo", "Hi."), ("Robin", "Hey."), ("Kim", "Morning.")]
    roles = assign_roles(make_call(lines, people), roster=["Alex"])
    assert roles["Jo"].role == "rep"  # a colleague of the seller
    for buyer in ("Robin", "Kim"):
        assert (roles[buyer].role, roles[buyer].source, roles[buyer].confidence) == (
            "prospect", "inferred", 0.8,
        )


def test_explicit_metadata_beats_the_others_are_prospects_rule() -> None:
    people = [Participant(name="Robin", company="Buyer Co", role="rep")]
    roles = assign_roles(make_call([("Alex", "Hi."), ("Robin", "Hey.")], people), roster=["Alex"])
    assert roles["Robin"].role == "rep"


def test_title_inference_on_markdown_style_participants() -> None:
    people = [
        Participant(name="Marcus", title="Account Executive", company="TribeAI"),
        Participant(name="Jennifer Wu", title="Director of Sales Operations", company="TechFlow"),
        Participant(name="David Park", title="Sales Manager", company="TechFlow"),
        Participant(name="Alex", title="Product Specialist", company="TribeAI"),
    ]
    lines = [("Marcus", "Hi."), ("Jennifer", "Hello."), ("David", "Hey."), ("Alex", "Hi all.")]
    roles = assign_roles(make_call(lines, people))
    assert {s: r.role for s, r in roles.items()} == {
        "Marcus": "rep", "Jennifer": "prospect", "David": "prospect", "Alex": "rep",
    }
    assert all(r.source == "inferred" and 0.5 < r.confidence <= 0.95 for r in roles.values())


def test_sales_titles_at_the_buyer_are_not_seller_titles() -> None:
    people = [
        Participant(name="Kevin", title="VP of Sales", company="GrowthCo"),
        Participant(name="Ann", title="Sales Manager", company="GrowthCo"),
    ]
    roles = assign_roles(make_call([("Kevin", "Hello."), ("Ann", "Hi.")], people))
    assert {r.role for r in roles.values()} == {"unknown"}


def test_speech_only_inference_finds_the_rep_on_a_two_speaker_call() -> None:
    roles = assign_roles(make_call(SALES_CALL))
    assert (roles["Dana"].role, roles["Dana"].source) == ("rep", "inferred")
    assert roles["Sam"].role == "prospect"
    assert 0.5 < roles["Dana"].confidence <= 0.95


def test_no_evidence_gives_unknown() -> None:
    roles = assign_roles(make_call([("A", "Nice weather today."), ("B", "It really is.")]))
    outcomes = {(r.role, r.source, r.confidence) for r in roles.values()}
    assert outcomes == {("unknown", "unknown", 0.0)}


def _pfg_calls(limit: int) -> list[ParsedCall]:
    """The first `limit` PersuasionForGood dialogues, persuader as "A", persuadee as "B"."""
    dialogs: dict[str, list[Turn]] = defaultdict(list)
    with PFG_DIALOGS.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["B2"] not in dialogs and len(dialogs) == limit:
                break
            speaker = "A" if row["B4"] == "0" else "B"
            dialogs[row["B2"]].append(Turn(speaker=speaker, text=row["Unit"]))
    return [ParsedCall(format="text", meta=CallMeta(), turns=t) for t in dialogs.values()]


@pytest.mark.skipif(not PFG_DIALOGS.exists(), reason=f"{PFG_DIALOGS} not found")
def test_speech_heuristic_finds_persuaders_in_persuasionforgood() -> None:
    calls = _pfg_calls(50)
    committed = correct = 0
    for call in calls:
        persuader = assign_roles(call)["A"]
        if persuader.role != "unknown":
            committed += 1
            correct += persuader.role == "rep"
    accuracy = correct / max(committed, 1)
    print(f"PersuasionForGood: committed {committed}/{len(calls)}, accuracy {accuracy:.2f}")
    assert committed >= len(calls) / 2
    assert accuracy >= 0.7
