"""The parsers on the real shared data (seed podcasts, sample Markdown calls); skips when absent."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from nlp.parse import parse_transcript
from tests.conftest import shared_data_dir

DATA = shared_data_dir() or Path("shared-data-absent")
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
CALLS = DATA / "sample-b2b-calls"

needs_seeds = pytest.mark.skipif(not SEEDS, reason=f"no seed transcripts under {DATA}")
needs_calls = pytest.mark.skipif(not CALLS.is_dir(), reason=f"no sample calls under {DATA}")


def parse_file(path: Path):
    return parse_transcript(path.read_bytes(), filename=path.name)


@needs_seeds
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_has_show_notes_and_many_turns(path: Path):
    call = parse_file(path)
    assert call.format == "text"
    assert len(call.notes.splitlines()) >= 3
    assert len(call.turns) > 20
    assert len({t.speaker for t in call.turns}) == 2
    assert all(t.text for t in call.turns)


@needs_seeds
def test_seed_000_starts_with_darryl_and_keeps_artefacts():
    path = next(p for p in SEEDS if p.name.startswith("000_"))
    call = parse_file(path)
    assert call.turns[0].speaker == "Darryl Praill"
    assert call.notes.startswith("Cats and dogs.")
    assert [p.name for p in call.meta.participants] == ["Darryl Praill", "Matt Hayman"]
    texts = " ".join(t.text for t in call.turns)
    assert "[inaudible 00:03:49]" in texts and "[bctt tweet=" in texts


@needs_seeds
def test_seed_004_credits_stay_in_notes():
    path = next(p for p in SEEDS if p.name.startswith("004_"))
    call = parse_file(path)
    assert call.turns[0].speaker == "Steve Robinson"
    assert "Producer: Heather Ohlman" in call.notes


EXPECTED = {
    "discovery-call-01.md": ("DISC-2024-012", datetime(2024, 1, 22), [
        ("Marcus", "Account Executive", "TribeAI"),
        ("Jennifer Wu", "Director of Sales Operations", "TechFlow Inc"),
        ("David Park", "Sales Manager", "TechFlow Inc"),
    ]),
    "closing-call-01.md": ("CLOSE-2024-023", datetime(2024, 2, 15), [
        ("Maria", "Account Executive", "TribeAI"),
        ("James Rodriguez", "CRO", "ScaleUp Inc"),
        ("Susan Park", "CFO", "ScaleUp Inc"),
    ]),
    "cold-call-success-01.md": ("CC-2024-001", datetime(2024, 1, 15), [
        ("Sarah", "Sales Rep", "TribeAI"),
        ("Michael Chen", "VP of Sales", "CloudTech Solutions"),
    ]),
    "cold-call-unsuccessful-01.md": ("CC-2024-078", datetime(2024, 2, 5), [
        ("Brian", "Sales Rep", "TribeAI"),
        ("Patricia Moore", "Director of Sales", "TechStart"),
    ]),
    "demo-call-success-01.md": ("DEMO-2024-089", datetime(2024, 2, 3), [
        ("Alex", "Sales Engineer", "TribeAI"),
        ("Lisa", "Account Executive", "TribeAI"),
        ("Robert Martinez", "CRO", "SalesForce360"),
        ("Amy Chen", "VP Sales", "SalesForce360"),
        ("Tom Wilson", "Sales Ops Manager", "SalesForce360"),
    ]),
    "follow-up-success-01.md": ("FU-2024-156", datetime(2024, 2, 12), [
        ("Rachel", "Account Executive", "TribeAI"),
        ("Chris Anderson", "Sales Operations Lead", "DataPro"),
    ]),
    "objection-pricing-01.md": ("OBJ-2024-034", datetime(2024, 2, 10), [
        ("Nicole", "Account Executive", "TribeAI"),
        ("Kevin Brown", "VP Sales", "GrowthCo"),
    ]),
}  # fmt: skip


@needs_calls
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_call_metadata_and_speakers(name: str):
    external_id, date, people = EXPECTED[name]
    call = parse_file(CALLS / name)
    assert call.format == "markdown"
    assert (call.meta.external_id, call.meta.started_at) == (external_id, date)
    assert [(p.name, p.title, p.company) for p in call.meta.participants] == people
    first_names = {p.name.split()[0] for p in call.meta.participants}
    assert {t.speaker for t in call.turns} == first_names
    assert call.meta.outcome_note and call.notes.startswith("Duration:")
    assert all(t.text for t in call.turns)


@needs_calls
def test_sample_call_outcomes():
    outcomes = {name: parse_file(CALLS / name).meta.outcome for name in EXPECTED}
    assert outcomes["closing-call-01.md"] == "won"
    assert outcomes["cold-call-unsuccessful-01.md"] == "lost"
    assert outcomes["discovery-call-01.md"] == "open"
