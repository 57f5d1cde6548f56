"""Text repair and the NLP view of a turn.

Display text keeps everything the speaker's transcript showed (after mojibake repair).
The NLP text drops transcription artefacts, embed tags and HTML, and keeps a map from
each of its characters back to the display text, so sentence offsets point at the quote
a person sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import ftfy

# Bracketed transcriber notes and embed shortcodes: [inaudible 00:03:49], [crosstalk],
# [laughter], [bctt tweet="..."], [/bctt]. Real speech rarely uses square brackets.
_BRACKET_NOTE = re.compile(
    r"\[(?:/?(?:bctt|tweet|embed|caption|video|audio)\b[^\]]*"
    r"|(?:inaudible|crosstalk|laughter|laughs|laughing|music|silence|pause|applause|noise"
    r"|background noise|unintelligible|indiscernible|overlapping|cough|foreign)[^\]]*)\]",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_SPACE = re.compile(r"\s+")


def repair_text(text: str) -> str:
    """Fix mojibake and odd encodings, leaving the wording untouched."""
    # Line by line: exports often mix two mojibakes (cp1252 and MacRoman) in one file,
    # and ftfy decides per segment. Curly quotes are the speaker's, not an artefact.
    return "\n".join(
        ftfy.fix_text(line, normalization="NFC", uncurl_quotes=False) for line in text.split("\n")
    )


@dataclass(frozen=True)
class CleanText:
    """The NLP text of a display string, with a map back to display offsets."""

    text: str
    origin: tuple[int, ...]  # origin[i] = index in the display text of text[i]
    source_length: int

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the clean text to the display text."""
        if start >= end or not self.origin:
            return (0, 0)
        return (self.origin[start], self.origin[end - 1] + 1)


def _removed_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for rx in (_BRACKET_NOTE, _HTML_TAG) for m in rx.finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def clean_for_nlp(display: str) -> CleanText:
    """Drop artefacts, decode entities and collapse whitespace, tracking offsets."""
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for start, end in [*_removed_spans(display), (len(display), len(display))]:
        _append_kept(display, pos, start, chars, origin)
        followed_by_punct = end < len(display) and display[end] in ".,;:!?)"
        if end > start and chars and chars[-1] != " " and not followed_by_punct:
            chars.append(" ")
            origin.append(start)
        pos = end
    text, kept_origin = _collapse_space(chars, origin)
    return CleanText(text=text, origin=tuple(kept_origin), source_length=len(display))


def _append_kept(src: str, start: int, end: int, chars: list[str], origin: list[int]) -> None:
    i = start
    for m in _ENTITY.finditer(src, start, end):
        for j in range(i, m.start()):
            chars.append(src[j])
            origin.append(j)
        for c in html.unescape(m.group()):
            chars.append(c)
            origin.append(m.start())
        i = m.end()
    for j in range(i, end):
        chars.append(src[j])
        origin.append(j)


def _collapse_space(chars: list[str], origin: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    out_origin: list[int] = []
    for c, o in zip(chars, origin, strict=True):
        if c.isspace():
            if not out or out[-1] == " ":
                continue
            c = " "
        out.append(c)
        out_origin.append(o)
    while out and out[-1] == " ":
        out.pop()
        out_origin.pop()
    return "".join(out), out_origin


def normalise_for_hash(text: str) -> str:
    """The form two sentences share when they are the same line said again."""
    return _SPACE.sub(" ", text.strip().lower())


_COPY_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘'])|\n+")


def split_copy(text: str) -> list[str]:
    """Split marketing copy into claims: sentences and lines, bullets stripped."""
    parts = (p.strip().lstrip("-•*").strip() for p in _COPY_BREAK.split(text))
    return [p for p in parts if len(p.split()) >= 3]
