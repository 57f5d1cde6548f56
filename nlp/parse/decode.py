"""Input checks and decoding: bytes in, repaired text out, or a clear NLPError."""

from __future__ import annotations

import re

from nlp.clean import repair_text
from nlp.errors import BinaryContent, EmptyTranscript, TranscriptTooLarge

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode Cc minus tab and newlines
_MAX_CONTROL_SHARE = 0.05  # real text has next to none; binary decoded as latin-1 has many


def decode_transcript(data: bytes, *, max_bytes: int) -> str:
    """Check size and content, decode, normalise newlines and repair mojibake."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise EmptyTranscript("The transcript is empty (no text, or only whitespace).")
    if len(data) > max_bytes:
        raise TranscriptTooLarge(
            f"The transcript is {_size(len(data))} ({len(data):,} bytes); "
            f"the limit is {_size(max_bytes)} ({max_bytes:,} bytes). Split it or raise the limit."
        )
    text = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyTranscript("The transcript is empty (no text, or only whitespace).")
    return repair_text(text)


def _decode(data: bytes) -> str:
    # UTF-16 files hold NUL bytes by design; only a BOM makes them safe to recognise.
    if data.startswith(_UTF16_BOMS):
        try:
            return _require_text(data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryContent("The file contains NUL bytes, so it is binary, not a text transcript.")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return _require_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise BinaryContent("The file is not text in UTF-8, Windows-1252 or Latin-1.")


def _require_text(text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryContent(
            "The file is mostly non-printable characters, so it is binary, not a text transcript."
        )
    return text


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"
