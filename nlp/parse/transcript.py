"""parse_transcript: bytes in, ParsedCall out, with the input checks in a fixed order."""

from __future__ import annotations

from collections.abc import Sequence

from models.domain import CallMeta, ParsedCall
from nlp.errors import NoTurnsFound, UnknownFormat
from nlp.parse.decode import decode_transcript
from nlp.parse.detect import detect_format, strip_extensions
from nlp.parse.json_format import parse_json
from nlp.parse.markdown import parse_markdown
from nlp.parse.metadata import merge_meta
from nlp.parse.plain import parse_plain
from nlp.parse.sidecar import is_sidecar_name, read_sidecar
from nlp.parse.subtitles import parse_srt, parse_vtt

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def parse_transcript(
    data: bytes,
    *,
    filename: str | None = None,
    sidecar: bytes | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_speakers: Sequence[str] = (),
) -> ParsedCall:
    """Parse a text, WebVTT, SRT, JSON or Markdown transcript, with optional sidecar metadata."""
    text = decode_transcript(data, max_bytes=max_bytes)
    if filename and is_sidecar_name(filename):
        raise UnknownFormat(f"{filename} is a sidecar metadata file, not a transcript.")
    fmt = detect_format(text, filename)
    extra = read_sidecar(sidecar) if sidecar is not None else CallMeta()
    known = [*known_speakers, *extra.rep_roster, *(p.name for p in extra.participants)]
    if fmt == "text":
        call = parse_plain(text, known_speakers=known)
    elif fmt == "markdown":
        call = parse_markdown(text)
    elif fmt == "vtt":
        call = parse_vtt(text)
    elif fmt == "srt":
        call = parse_srt(text)
    else:
        call = parse_json(text)
    if not call.turns:
        raise NoTurnsFound(_no_turns_message(fmt))
    meta = _fill_from_filename(merge_meta(call.meta, extra), filename)
    return call.model_copy(update={"meta": meta})


def _fill_from_filename(meta: CallMeta, filename: str | None) -> CallMeta:
    if not filename:
        return meta
    base = strip_extensions(filename)
    update = {}
    if meta.external_id is None:
        update["external_id"] = base
    if meta.title is None:
        update["title"] = base
    return meta.model_copy(update=update)


def _no_turns_message(fmt: str) -> str:
    hints = {
        "text": "lines like 'Name: what they said'",
        "markdown": "lines like '**Name:** what they said'",
        "vtt": "cues with text",
        "srt": "subtitles with text",
        "json": "utterances with non-empty 'text'",
    }
    return f"The {fmt} transcript parsed but has no speaker turns; expected {hints[fmt]}."
