"""Input checks, in order: empty, too large, binary, unknown format, bad metadata, no turns."""

from __future__ import annotations

import pytest

from nlp.errors import (
    BinaryContent,
    EmptyTranscript,
    InvalidMetadata,
    NoTurnsFound,
    TranscriptTooLarge,
    UnknownFormat,
)
from nlp.parse import parse_transcript


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf  \n"])
def test_empty_or_whitespace_raises_empty_transcript(data: bytes):
    with pytest.raises(EmptyTranscript):
        parse_transcript(data)


def test_empty_is_checked_before_size():
    with pytest.raises(EmptyTranscript):
        parse_transcript(b" " * 100, max_bytes=10)


def test_over_the_limit_raises_too_large_with_size_and_limit():
    with pytest.raises(TranscriptTooLarge, match=r"2,048 bytes.*limit is 1.0 KB \(1,024 bytes\)"):
        parse_transcript(b"Kim: hi\n" * 256, max_bytes=1024)


def test_size_is_checked_before_binary():
    with pytest.raises(TranscriptTooLarge):
        parse_transcript(b"\x00" * 2048, max_bytes=1024)


@pytest.mark.parametrize(
    "data",
    [b"Kim: hi\x00there", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 32)) * 20],
)
def test_binary_content_raises_binary_content(data: bytes):
    with pytest.raises(BinaryContent):
        parse_transcript(data)


def test_cp1252_text_is_decoded_not_rejected():
    call = parse_transcript("Kim: caf\u00e9 \u2013 d\u00e9j\u00e0 vu\n".encode("cp1252"))
    assert call.turns[0].text == "caf\u00e9 \u2013 d\u00e9j\u00e0 vu"


def test_latin1_only_bytes_fall_back_to_latin1():
    data = b"Kim: a long line of ordinary text with one stray \x81 byte in it\n"
    call = parse_transcript(data)  # 0x81 is undefined in cp1252
    assert call.turns[0].text.endswith("in it")


def test_utf16_with_bom_is_decoded():
    call = parse_transcript("Kim: hi\nBob: yo\n".encode("utf-16"))
    assert [t.speaker for t in call.turns] == ["Kim", "Bob"]


def test_prose_without_speakers_raises_unknown_format():
    with pytest.raises(UnknownFormat, match="Name: text"):
        parse_transcript(b"Just a paragraph of prose, with no speakers at all.\n")


def test_prose_in_a_txt_file_raises_no_turns_found():
    with pytest.raises(NoTurnsFound, match="Name: what they said"):
        parse_transcript(b"Just a paragraph of prose.\n", filename="notes.txt")


def test_unknown_format_is_reported_before_bad_sidecar():
    with pytest.raises(UnknownFormat):
        parse_transcript(b"no speakers here\n", sidecar=b"{bad")


def test_bad_sidecar_is_reported_before_no_turns():
    with pytest.raises(InvalidMetadata):
        parse_transcript(b"WEBVTT\n\n", sidecar=b"{bad")


def test_vtt_without_cues_raises_no_turns_found():
    with pytest.raises(NoTurnsFound, match="vtt"):
        parse_transcript(b"WEBVTT\n\n")


def test_malformed_srt_raises_unknown_format():
    with pytest.raises(UnknownFormat, match="SRT"):
        parse_transcript(b"1\n00:00:01,000 --> garbage\nKim: hi\n", filename="x.srt")
