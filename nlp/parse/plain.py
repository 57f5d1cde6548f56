"""Plain-text transcripts: `Name: text` lines, optional timestamps, a show-notes header."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from models.domain import ParsedCall, Turn
from nlp.parse.header import apply_header_field, build_meta
from nlp.parse.names import Labelled, is_header_label, split_label, split_name_time_line
from nlp.parse.turns import drop_empty, join_text, split_inline


def label_line(line: str) -> Labelled | None:
    """The speaker label a text line starts with, if any."""
    return split_label(line) or split_name_time_line(line)


def parse_plain(text: str, *, known_speakers: Sequence[str] = ()) -> ParsedCall:
    """Parse a plain-text transcript; header lines before the first turn become notes."""
    lines = text.split("\n")
    labels = [label_line(line) for line in lines]
    start = first_turn_index(labels, known_speakers)
    fields: dict[str, Any] = {}
    for lab in labels[:start]:
        if lab is not None and is_header_label(lab.name):
            apply_header_field(fields, lab.name, lab.text)
    meta = build_meta(fields)
    notes = "\n".join(line.strip() for line in lines[:start] if line.strip())
    seen = (lab.name for lab in labels[start:] if lab is not None)
    names = tuple(dict.fromkeys([*known_speakers, *(p.name for p in meta.participants), *seen]))
    turns = _read_turns(lines[start:], labels[start:], names)
    return ParsedCall(format="text", meta=meta, notes=notes, turns=turns)


def first_turn_index(labels: Sequence[Labelled | None], known: Sequence[str]) -> int:
    """Where the conversation starts: the first line of a recurring or known speaker.

    One-off labels before it (`Producer: ...`, `Guest: ...`) are header lines, except
    non-header labels directly before it, which are a speaker's one and only turn.
    """
    counts = Counter(lab.name.lower() for lab in labels if lab is not None)
    known_low = {k.strip().lower() for k in known}

    def first(test: Any) -> int | None:
        return next((i for i, lab in enumerate(labels) if lab is not None and test(lab)), None)

    found = first(lambda lab: lab.name.lower() in known_low)
    recurring = first(lambda lab: counts[lab.name.lower()] >= 2 and not is_header_label(lab.name))
    if recurring is not None and (found is None or recurring < found):
        found = recurring
        while found > 0 and _is_speaker_label(labels[found - 1]):
            found -= 1
    if found is None:
        found = first(lambda lab: not is_header_label(lab.name))
    if found is None:
        found = first(lambda lab: counts[lab.name.lower()] >= 2)
    return len(labels) if found is None else found


def _is_speaker_label(lab: Labelled | None) -> bool:
    return lab is not None and not is_header_label(lab.name)


def _read_turns(
    lines: Sequence[str], labels: Sequence[Labelled | None], names: tuple[str, ...]
) -> list[Turn]:
    raw: list[tuple[Labelled, list[str]]] = []
    for line, lab in zip(lines, labels, strict=True):
        if lab is not None:
            raw.append((lab, [lab.text]))
        elif raw:
            raw[-1][1].append(line)
    turns: list[Turn] = []
    for lab, parts in raw:
        for i, (speaker, piece) in enumerate(split_inline(join_text(parts), names)):
            start = None if i else lab.start
            turns.append(Turn(speaker=speaker or lab.name, text=piece, start=start))
    return drop_empty(turns)
