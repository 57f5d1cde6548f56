"""Transcript parsers: bytes in any supported format -> ParsedCall."""

from nlp.parse.detect import SUPPORTED_FORMATS
from nlp.parse.sidecar import find_sidecar
from nlp.parse.transcript import parse_transcript

__all__ = ["SUPPORTED_FORMATS", "find_sidecar", "parse_transcript"]
