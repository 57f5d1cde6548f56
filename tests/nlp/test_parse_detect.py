"""Format detection: content first, extension as a tie-breaker."""

from __future__ import annotations

import pytest

from nlp.errors import UnknownFormat
from nlp.parse import SUPPORTED_FORMATS, parse_transcript

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Kim>Hi.\n"
SRT = "1\n00:00:01,000 --> 00:00:02,000\nKim: Hi.\n"
JSON = '{"utterances": [{"speaker": "Kim", "text": "Hi."}]}'
MD = "**Kim:** Hi.\n**Bob:** Hello.\n"
TEXT = "Kim: Hi.\nBob: Hello.\n"


def test_supported_formats_lists_every_parser():
    assert set(SUPPORTED_FORMATS) == {"text", "vtt", "srt", "json", "markdown"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [(VTT, "vtt"), (SRT, "srt"), (JSON, "json"), (MD, "markdown"), (TEXT, "text")],
)
def test_detects_format_from_content_without_filename(content: str, expected: str):
    assert parse_transcript(content.encode()).format == expected


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [(VTT, "call.txt", "vtt"), (SRT, "call.md", "srt"), (JSON, "call.txt", "json"),
     (TEXT, "call.md", "text"), (MD, "call.txt", "markdown")],
)  # fmt: skip
def test_content_beats_a_misleading_extension(content: str, filename: str, expected: str):
    assert parse_transcript(content.encode(), filename=filename).format == expected


def test_ambiguous_text_and_markdown_prefers_the_extension():
    mixed = "**Kim:** Hi.\nBob: Hello.\n"
    assert parse_transcript(mixed.encode(), filename="x.txt").format == "text"
    assert parse_transcript(mixed.encode(), filename="x.md").format == "markdown"
    assert parse_transcript(mixed.encode()).format == "markdown"


def test_show_notes_with_only_header_labels_are_not_a_transcript():
    with pytest.raises(UnknownFormat):
        parse_transcript(b"Host: Darryl Praill\nGuest: Matt Hayman\n")


def test_sidecar_file_name_is_never_a_transcript():
    with pytest.raises(UnknownFormat, match="sidecar"):
        parse_transcript(b'{"utterances": []}', filename="a/b/call-07.meta.json")
