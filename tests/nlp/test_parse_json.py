"""JSON transcripts: schema, aliases, times, validation errors naming the field."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from nlp.errors import InvalidMetadata, NoTurnsFound, UnknownFormat
from nlp.parse import parse_transcript


def parse_obj(obj: dict[str, Any], **kwargs: Any):
    return parse_transcript(json.dumps(obj).encode(), **kwargs)


FULL = {
    "call_id": "C-1",
    "title": "Pricing",
    "started_at": "2024-01-22T15:00:00Z",
    "participants": [
        {"name": "Kim Lee", "role": "rep", "title": "AE", "company": "Acme", "email": "k@a.io"},
        {"name": "Bob", "role": "Prospect"},
    ],
    "outcome": "Closed-Won",
    "account": "Beta Corp",
    "stage": "negotiation",
    "tags": ["pricing"],
    "rep_roster": ["Kim Lee"],
    "unexpected": {"ignored": True},
    "utterances": [
        {"speaker": "Kim Lee", "start": 0, "end": 2.5, "text": "Hello."},
        {"speaker": "Bob", "start": "00:00:03", "end": "0:04.5", "text": " Hi. "},
        {"speaker": "Bob", "text": "   "},
    ],
}


def test_json_full_schema_parses_metadata_and_turns():
    call = parse_obj(FULL)
    assert call.format == "json"
    meta = call.meta
    assert (meta.external_id, meta.title, meta.outcome) == ("C-1", "Pricing", "won")
    assert meta.started_at == datetime(2024, 1, 22, 15, tzinfo=UTC)
    assert (meta.account, meta.stage, meta.tags, meta.rep_roster) == (
        "Beta Corp", "negotiation", ["pricing"], ["Kim Lee"],
    )  # fmt: skip
    assert [(p.name, p.role) for p in meta.participants] == [
        ("Kim Lee", "rep"),
        ("Bob", "prospect"),
    ]
    assert [(t.speaker, t.text, t.start, t.end) for t in call.turns] == [
        ("Kim Lee", "Hello.", 0.0, 2.5),
        ("Bob", "Hi.", 3.0, 4.5),
    ]


def test_json_external_id_is_an_alias_of_call_id():
    call = parse_obj({"external_id": 77, "utterances": [{"speaker": "A", "text": "x"}]})
    assert call.meta.external_id == "77"


def test_json_missing_speaker_becomes_unknown():
    call = parse_obj({"utterances": [{"text": "hello"}]})
    assert call.turns[0].speaker == "Unknown"


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"started_at": "not a date"}, "started_at"),
        ({"participants": [{"name": "A", "role": "boss"}]}, "participants[0].role"),
        ({"tags": "pricing"}, "tags"),
        ({"utterances": [{"speaker": "A", "text": 5}]}, "utterances[0].text"),
        ({"utterances": [{"speaker": "A", "text": "x", "start": "soon"}]}, "utterances[0].start"),
        ({"utterances": "nope"}, "utterances"),
    ],
)
def test_json_wrong_types_raise_invalid_metadata_naming_the_field(
    patch: dict[str, Any], field: str
):
    with pytest.raises(InvalidMetadata, match=re.escape(f"{field}:")):
        parse_obj({**FULL, **patch})


def test_json_syntax_error_raises_invalid_metadata_with_position():
    with pytest.raises(InvalidMetadata, match="line 1 column"):
        parse_transcript(b'{"utterances": [}', filename="call.json")


def test_json_without_utterances_is_unknown_format():
    with pytest.raises(UnknownFormat, match="utterances"):
        parse_obj({"title": "just metadata"})


def test_json_with_only_empty_utterances_has_no_turns():
    with pytest.raises(NoTurnsFound):
        parse_obj({"utterances": [{"speaker": "A", "text": " "}]})


def test_json_mojibake_inside_escaped_strings_is_repaired():
    call = parse_obj({"utterances": [{"speaker": "A", "text": "it\u00e2\u20ac\u2122s"}]})
    assert call.turns[0].text == "it\u2019s"
