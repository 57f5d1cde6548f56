"""Speaker-label recognition shared by the text, Markdown and subtitle parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TIME_RX = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_LEAD_TIME = re.compile(rf"^\s*(?:\[({TIME})\]|\(({TIME})\)|({TIME}))\s*(?:[-–—]\s*)?")
_LABEL = re.compile(
    rf"^(?P<name>[^:]{{1,60}}?)\s*(?:[\[(](?P<ts>{TIME})[\])])?\s*:(?:\s+|$)(?P<text>.*)$"
)
# "Speaker 1  0:03" on its own line, the text following below (Otter-style exports).
_NAME_THEN_TIME = re.compile(rf"^(?P<name>[^:]{{1,40}}?)\s+[\[(]?(?P<ts>{TIME})[\])]?$")
_TEXT_TIME = re.compile(rf"^\s*(?:\[({TIME})\]|\(({TIME})\))\s*")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w.'’&-]*|[\w.'’&-]*[A-Z][\w.'’&-]*)$")
_PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "al"}

# Labels that describe the call rather than name a speaker, when they head the file.
HEADER_LABELS = frozenset(
    {
        "host", "hosts", "guest", "guests", "title", "date", "episode", "recorded", "participants",
        "attendees", "call id", "duration", "outcome", "notes", "agenda", "company", "topic",
        "account", "stage", "tags", "subject", "summary", "show notes", "call notes",
        "producer", "transcription", "music", "location", "speakers",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Labelled:
    """A line that starts with a speaker label."""

    name: str
    text: str
    start: float | None


def seconds(value: str) -> float | None:
    """Read `hh:mm:ss`, `mm:ss` or either with `.mmm`/`,mmm` as seconds."""
    m = _TIME_RX.fullmatch(value.strip())
    if not m:
        return None
    hours, minutes, secs, frac = m.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    return total + (int(frac.ljust(3, "0")) / 1000 if frac else 0.0)


def is_header_label(label: str) -> bool:
    """True for labels like `Host` or `Call Notes` that describe the call, not a speaker."""
    low = label.strip().lower()
    return low in HEADER_LABELS or low.endswith(" notes")


def is_plausible_name(label: str) -> bool:
    """True if `label` could be a speaker name: 1-4 capitalised-ish words, no sentence marks."""
    label = label.strip()
    if not label or len(label) > 40 or "http" in label.lower():
        return False
    words = label.split()
    if len(words) > 4 or not words[0][0].isalpha():
        return False
    return all(_NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words)


def split_label(line: str) -> Labelled | None:
    """Read `[ts] Name: text`, `Name (ts): text`, `Name: [ts] text` and similar shapes."""
    lead = _LEAD_TIME.match(line)
    rest = line[lead.end() :] if lead else line
    m = _LABEL.match(rest.strip())
    if not m or not is_plausible_name(m.group("name")):
        return None
    stamp = next((g for g in lead.groups() if g), None) if lead else m.group("ts")
    text = m.group("text")
    if stamp is None and (inner := _TEXT_TIME.match(text)):
        stamp = inner.group(1) or inner.group(2)
        text = text[inner.end() :]
    return Labelled(m.group("name").strip(), text.strip(), seconds(stamp) if stamp else None)


def split_name_time_line(line: str) -> Labelled | None:
    """Read a `Name  0:03` line whose speech follows on the next lines."""
    m = _NAME_THEN_TIME.match(line.strip())
    if not m or not is_plausible_name(m.group("name")):
        return None
    return Labelled(m.group("name").strip(), "", seconds(m.group("ts")))
