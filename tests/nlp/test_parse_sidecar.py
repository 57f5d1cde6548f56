"""Sidecar metadata: discovery, schema, merging with in-file metadata, filename fallbacks."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nlp.errors import InvalidMetadata
from nlp.parse import find_sidecar, parse_transcript

MD = b"""# Call
**Call ID:** FROM-FILE
**Participants:**
- Jennifer Wu (Director, TechFlow)
**Outcome:** Demo scheduled
---
**Jennifer:** hi
"""


def side(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj).encode()


@pytest.mark.parametrize("name", ["call-07.meta.json", "call-07.vtt.meta.json"])
def test_find_sidecar_accepts_both_names(tmp_path: Path, name: str):
    transcript = tmp_path / "call-07.vtt"
    transcript.write_text("WEBVTT\n")
    (tmp_path / name).write_text("{}")
    assert find_sidecar(transcript) == tmp_path / name


def test_find_sidecar_returns_none_when_absent_or_for_a_sidecar(tmp_path: Path):
    transcript = tmp_path / "call-07.vtt"
    assert find_sidecar(transcript) is None
    (tmp_path / "call-07.meta.json").write_text("{}")
    assert find_sidecar(tmp_path / "call-07.meta.json") is None


def test_sidecar_overrides_file_values_field_by_field():
    sidecar = side({"external_id": "CRM-9", "outcome": "closed lost", "account": "TechFlow",
                    "date": "2024-02-01", "tags": ["q1"], "rep_roster": ["Marcus"]})  # fmt: skip
    meta = parse_transcript(MD, sidecar=sidecar).meta
    assert (meta.external_id, meta.outcome, meta.account) == ("CRM-9", "lost", "TechFlow")
    assert (meta.started_at, meta.tags, meta.rep_roster) == (
        datetime(2024, 2, 1),
        ["q1"],
        ["Marcus"],
    )
    assert meta.title == "Call"  # not in the sidecar, kept from the file
    assert meta.outcome_note == "Demo scheduled"


def test_sidecar_participants_merge_by_case_insensitive_name():
    sidecar = side({"participants": [{"name": "jennifer wu", "role": "prospect", "email": "j@t.io"},
                                     {"name": "Marcus", "role": "rep"}]})  # fmt: skip
    people = parse_transcript(MD, sidecar=sidecar).meta.participants
    assert [(p.name, p.role, p.title, p.company, p.email) for p in people] == [
        ("Jennifer Wu", "prospect", "Director", "TechFlow", "j@t.io"),
        ("Marcus", "rep", None, None, None),
    ]


@pytest.mark.parametrize(
    ("sidecar", "field"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (side({"outcome": "perhaps"}), "outcome"),
        (side({"started_at": "the day after"}), "started_at"),
        (side({"participants": [{"role": "rep"}]}), r"participants\[0\]\.name"),
        (side({"rep_roster": "Kim"}), "rep_roster"),
    ],
)
def test_malformed_sidecar_raises_invalid_metadata(sidecar: bytes, field: str):
    with pytest.raises(InvalidMetadata, match=field):
        parse_transcript(b"Kim: hi\n", sidecar=sidecar)


def test_filename_gives_external_id_and_title_when_missing():
    meta = parse_transcript(b"Kim: hi\n", filename="exports/call-07.vtt.txt").meta
    assert (meta.external_id, meta.title) == ("call-07", "call-07")


def test_filename_does_not_override_ids_from_content():
    meta = parse_transcript(MD, filename="whatever.md").meta
    assert (meta.external_id, meta.title) == ("FROM-FILE", "Call")
