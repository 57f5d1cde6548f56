"""Header fields (`Label: value` lines before the first turn) shared by text and Markdown."""

from __future__ import annotations

from typing import Any

from models.domain import CallMeta
from nlp.parse.metadata import outcome_from_note, parse_date
from nlp.parse.people import participants_from_list

_ONE_PERSON = {"host", "guest"}
_SEVERAL_PEOPLE = {"hosts", "guests", "participants", "attendees", "speakers"}


def apply_header_field(fields: dict[str, Any], label: str, value: str) -> bool:
    """Record one header field into CallMeta keyword arguments; False if it means nothing to us."""
    key, value = label.strip().lower(), value.strip()
    if not value:
        return False
    if key in _ONE_PERSON or key in _SEVERAL_PEOPLE:
        people = participants_from_list(value, several=key in _SEVERAL_PEOPLE)
        fields.setdefault("participants", []).extend(people)
    elif key == "title":
        fields["title"] = value
    elif key == "call id":
        fields["external_id"] = value
    elif key == "account":
        fields["account"] = value
    elif key == "outcome":
        fields["outcome_note"] = value
        fields["outcome"] = outcome_from_note(value)
    elif key in ("date", "recorded"):
        return _apply_date(fields, value)
    else:
        return False
    return True


def _apply_date(fields: dict[str, Any], value: str) -> bool:
    # A header date is free text written by a person; one we cannot read stays in the notes.
    try:
        fields["started_at"] = parse_date(value)
    except ValueError:
        return False
    return True


def build_meta(fields: dict[str, Any]) -> CallMeta:
    """Build CallMeta from collected header fields (only those set)."""
    return CallMeta(**fields)
