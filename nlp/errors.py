"""Errors the pipeline raises for bad input. No HTTP knowledge: api/errors.py maps them."""


class NLPError(Exception):
    """Base class: the input cannot be processed. The message is meant for a person."""


class EmptyTranscript(NLPError):
    """The file has no content."""


class BinaryContent(NLPError):
    """The file is not text."""


class TranscriptTooLarge(NLPError):
    """The file exceeds the configured size limit."""


class UnknownFormat(NLPError):
    """The content matches none of the supported transcript formats."""


class InvalidMetadata(NLPError):
    """The metadata (JSON body, sidecar or header) is malformed."""


class NoTurnsFound(NLPError):
    """The content parsed but no speaker turns were recognised."""
