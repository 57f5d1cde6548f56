"""Markdown transcripts: a `# Title` / `**Field:** value` header, then `**Name:** text` turns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from models.domain import ParsedCall, Turn
from nlp.parse.header import apply_header_field, build_meta
from nlp.parse.names import Labelled, is_header_label, split_label
from nlp.parse.people import participant_from_text
from nlp.parse.turns import drop_empty, join_text

_BOLD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?\*\*(?P<label>[^*]+?)\*\*\s*(?P<rest>.*)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TITLE = re.compile(r"^\s*#{1,3}\s+(?P<title>.+?)\s*#*\s*$")
_TITLE_PREFIX = re.compile(r"^(?:sales\s+)?(?:call\s+)?transcript\s*[:–—-]\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*+]\s+(?P<item>.+)$")


def bold_label(line: str) -> Labelled | None:
    """Read `**Name:** text` or `**Name**: text` (timestamps allowed inside the name)."""
    m = _BOLD_LABEL.match(line)
    if not m:
        return None
    label, rest = m.group("label").strip(), m.group("rest")
    if label.endswith(":"):
        return split_label(f"{label} {rest}")
    if rest.startswith(":"):
        return split_label(f"{label}{rest}")
    return None


def is_field_line(line: str) -> bool:
    """True for any `**Label:** value` line, speaker or not."""
    m = _BOLD_LABEL.match(line)
    return m is not None and (m.group("label").endswith(":") or m.group("rest").startswith(":"))


def is_turn_line(line: str) -> bool:
    """True for a `**Name:** text` line whose label names a speaker, not a header field."""
    lab = bold_label(line)
    return lab is not None and not is_header_label(lab.name)


def parse_markdown(text: str) -> ParsedCall:
    """Parse a Markdown transcript; header fields become metadata, other non-speech lines notes."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if is_turn_line(line)), len(lines))
    fields, notes = _read_header(lines[:start])
    turns, footer = _read_body(lines[start:])
    notes.extend(footer)
    return ParsedCall(
        format="markdown", meta=build_meta(fields), notes="\n".join(notes), turns=turns
    )


def _read_header(lines: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    fields: dict[str, Any] = {}
    notes: list[str] = []
    in_people = False
    for line in lines:
        lab, title, bullet = bold_label(line), _TITLE.match(line), _BULLET.match(line)
        if title and "title" not in fields:
            fields["title"] = _TITLE_PREFIX.sub("", title.group("title")) or title.group("title")
        elif lab is not None:
            in_people = lab.name.lower() in ("participants", "attendees") and not lab.text
            if not in_people and not apply_header_field(fields, lab.name, lab.text):
                notes.append(_plain(line))
        elif in_people and bullet and (person := participant_from_text(bullet.group("item"))):
            fields.setdefault("participants", []).append(person)
        elif line.strip() and not _RULE.match(line):
            notes.append(_plain(line))
    return fields, notes


def _read_body(lines: Sequence[str]) -> tuple[list[Turn], list[str]]:
    turns: list[tuple[Labelled, list[str]]] = []
    notes: list[str] = []
    open_turn = False  # a rule or a `**Call Notes:**` field ends the turn; what follows is notes
    for line in lines:
        lab = bold_label(line)
        if lab is not None and not is_header_label(lab.name):
            turns.append((lab, [lab.text]))
            open_turn = True
        elif _RULE.match(line) or is_field_line(line):
            open_turn = False
            if not _RULE.match(line):
                notes.append(_plain(line))
        elif open_turn:
            turns[-1][1].append(line)
        elif line.strip():
            notes.append(_plain(line))
    built = [Turn(speaker=lab.name, text=join_text(parts), start=lab.start) for lab, parts in turns]
    return drop_empty(built), notes


def _plain(line: str) -> str:
    return line.strip().replace("**", "")
