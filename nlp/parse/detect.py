"""Format detection: content first, the file extension only to settle ambiguity."""

from __future__ import annotations

import re
from collections import Counter

from models.domain import TranscriptFormat
from nlp.errors import UnknownFormat
from nlp.parse.markdown import is_turn_line
from nlp.parse.names import is_header_label
from nlp.parse.plain import label_line

SUPPORTED_FORMATS: tuple[TranscriptFormat, ...] = ("text", "vtt", "srt", "json", "markdown")

_EXTENSIONS: dict[str, TranscriptFormat] = {
    ".txt": "text", ".text": "text", ".transcript": "text", ".vtt": "vtt", ".srt": "srt",
    ".json": "json", ".md": "markdown", ".markdown": "markdown",
}  # fmt: skip
_SRT_START = re.compile(r"\A\s*\d+[ \t]*\n\s*\d{1,2}:\d\d:\d\d[,.]\d{1,3}\s*-->")
_SCAN_LINES = 2000  # enough to see the first turns after long show notes


def format_from_name(filename: str | None) -> TranscriptFormat | None:
    """The format a file name's extension suggests, if any."""
    if not filename:
        return None
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return _EXTENSIONS.get(suffix)


def strip_extensions(filename: str) -> str:
    """`a/b/call-07.vtt` -> `call-07`: the base name without its transcript extensions."""
    name = re.split(r"[\\/]", filename)[-1]
    while "." in name.strip("."):
        base, ext = name.rsplit(".", 1)
        if "." + ext.lower() not in _EXTENSIONS:
            break
        name = base
    return name


def detect_format(text: str, filename: str | None = None) -> TranscriptFormat:
    """Pick the format: structural signatures win, the extension breaks ties between text kinds."""
    hint = format_from_name(filename)
    stripped = text.strip()
    if stripped.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(stripped):
        return "srt"
    if stripped.startswith("{") and stripped.endswith("}"):
        return "json"
    found = _text_kinds(stripped.split("\n", _SCAN_LINES)[:_SCAN_LINES])
    if hint in found:
        return hint
    if found:
        return found[0]
    if hint is not None:
        return hint  # the parser for it gives the precise complaint
    raise UnknownFormat(
        "No transcript format recognised. Expected WebVTT, SRT, a JSON object with "
        "'utterances', Markdown '**Name:** text' lines or plain 'Name: text' lines."
    )


def _text_kinds(lines: list[str]) -> list[TranscriptFormat]:
    kinds: list[TranscriptFormat] = []
    if any(is_turn_line(line) for line in lines):
        kinds.append("markdown")
    names = Counter(lab.name.lower() for lab in map(label_line, lines) if lab is not None)
    # Header labels alone are show notes, unless they recur like speakers (`Host:` ... `Host:`).
    if any(count > 1 or not is_header_label(name) for name, count in names.items()):
        kinds.append("text")
    return kinds
