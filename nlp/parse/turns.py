"""Building turns: joining continuation lines, merging same-speaker runs, dropping empties."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from models.domain import Turn

UNKNOWN_SPEAKER = "Unknown"
_SPACE_RUN = re.compile(r"[ \t]+")


def join_text(parts: Iterable[str]) -> str:
    """Join the lines of one turn with single spaces; the display text is otherwise untouched."""
    return _SPACE_RUN.sub(" ", " ".join(p.strip() for p in parts if p.strip())).strip()


def drop_empty(turns: Iterable[Turn]) -> list[Turn]:
    """Keep only turns that have both a speaker and some text."""
    return [t for t in turns if t.text.strip() and t.speaker.strip()]


def merge_runs(turns: Sequence[Turn]) -> list[Turn]:
    """Merge consecutive turns of the same speaker (first start, last end)."""
    merged: list[Turn] = []
    for turn in drop_empty(turns):
        prev = merged[-1] if merged else None
        if prev is not None and prev.speaker == turn.speaker:
            merged[-1] = Turn(
                speaker=prev.speaker,
                text=join_text([prev.text, turn.text]),
                start=prev.start if prev.start is not None else turn.start,
                end=turn.end if turn.end is not None else prev.end,
            )
        else:
            merged.append(turn)
    return merged


def split_inline(text: str, known: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """Split `great. Michael: sure` on known names followed by a colon.

    Returns (speaker, text) pieces; the first piece has speaker None (the current speaker).
    """
    if not known:
        return [(None, text)]
    rx, canonical = _inline_pattern(known)
    pieces: list[tuple[str | None, str]] = []
    speaker: str | None = None
    pos = 0
    for m in rx.finditer(text):
        pieces.append((speaker, text[pos : m.start()]))
        speaker, pos = canonical[m.group(1).lower()], m.end()
    pieces.append((speaker, text[pos:]))
    return [(s, t.strip()) for s, t in pieces if t.strip() or s is not None]


@functools.lru_cache(maxsize=64)
def _inline_pattern(known: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    canonical: dict[str, str] = {}
    for name in known:
        canonical.setdefault(name.strip().lower(), name.strip())
    canonical.pop("", None)
    names = sorted(canonical.values(), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names) or r"(?!)"
    rx = re.compile(rf"(?:(?<=\s)|^)({alternation}):(?=\s|$)", re.IGNORECASE)
    return rx, canonical
