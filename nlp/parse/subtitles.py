"""WebVTT and SRT captions: speakers from `<v Name>` tags or `Name:` prefixes; runs merge."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from models.domain import CallMeta, ParsedCall, Turn
from nlp.errors import UnknownFormat
from nlp.parse.names import seconds, split_label
from nlp.parse.turns import UNKNOWN_SPEAKER, join_text, merge_runs

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
# Cue markup: voice, class, italic, bold, underline, ruby, language, font and timestamp tags.
_CUE_TAG = re.compile(
    r"</?(?:v|c|i|b|u|ruby|rt|lang|font)(?:[.\s][^>]*)?>|<\d{1,2}:\d{2}(?::\d{2})?\.\d{3}>",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…\"”)\]]\s*$")
_MAX_CONTINUATION_GAP = 2.0  # seconds between cues for an unlabelled cue to continue a speaker


def parse_vtt(text: str) -> ParsedCall:
    """Parse WebVTT captions into turns."""
    if not text.lstrip().startswith("WEBVTT"):
        text = "WEBVTT\n\n" + text  # a .vtt body without its header is still readable
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise UnknownFormat(
            f"The file looks like WebVTT but its cues are unreadable: {exc}"
        ) from exc
    cues = (
        (seg_speaker, seg_text, seconds(c.start), seconds(c.end))
        for c in captions
        for seg_speaker, seg_text in _voice_segments(c.raw_text)
    )
    return ParsedCall(format="vtt", meta=CallMeta(), turns=_assign_speakers(cues))


def parse_srt(text: str) -> ParsedCall:
    """Parse SRT subtitles into turns."""
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        raise UnknownFormat(
            f"The file looks like SRT but its blocks are unreadable: {exc}"
        ) from exc
    cues = (
        (None, _strip_tags(s.content), s.start.total_seconds(), s.end.total_seconds()) for s in subs
    )
    return ParsedCall(format="srt", meta=CallMeta(), turns=_assign_speakers(cues))


def _voice_segments(raw: str) -> Iterator[tuple[str | None, str]]:
    matches = list(_VOICE.finditer(raw))
    before = raw[: matches[0].start()] if matches else raw
    if before.strip():
        yield None, _strip_tags(before)
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
        yield m.group(1).strip(), _strip_tags(raw[m.end() : end])


def _strip_tags(text: str) -> str:
    return join_text(html.unescape(_CUE_TAG.sub("", text)).split("\n"))


def _assign_speakers(
    cues: Iterator[tuple[str | None, str, float | None, float | None]],
) -> list[Turn]:
    turns: list[Turn] = []
    for speaker, text, start, end in cues:
        if speaker is None and (lab := split_label(text)) is not None:
            speaker, text = lab.name, lab.text
        if speaker is None:
            speaker = _continued_speaker(turns[-1] if turns else None, text, start)
        turns.append(Turn(speaker=speaker, text=text, start=start, end=end))
    return merge_runs(turns)


def _continued_speaker(prev: Turn | None, text: str, start: float | None) -> str:
    # An unlabelled cue belongs to the previous speaker only when it reads as the same sentence.
    if prev is None or prev.speaker == UNKNOWN_SPEAKER:
        return UNKNOWN_SPEAKER
    close = start is not None and prev.end is not None and start - prev.end <= _MAX_CONTINUATION_GAP
    unfinished = not _SENTENCE_END.search(prev.text) or text[:1].islower() or text.startswith("…")
    return prev.speaker if close and unfinished else UNKNOWN_SPEAKER
