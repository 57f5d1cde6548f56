"""JSON transcripts: call metadata plus an `utterances` list (schema in docs/formats.md)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from models.domain import ParsedCall, Turn
from nlp.clean import repair_text
from nlp.errors import InvalidMetadata, UnknownFormat
from nlp.parse.metadata import MetaIn, validation_message
from nlp.parse.names import seconds
from nlp.parse.turns import UNKNOWN_SPEAKER, drop_empty


class UtteranceIn(BaseModel):
    """One utterance as written in JSON; times are seconds or `hh:mm:ss` strings."""

    model_config = ConfigDict(extra="ignore")

    speaker: str | None = None
    text: str
    start: float | None = None
    end: float | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _read_time(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        parsed = seconds(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not a time; use seconds or hh:mm:ss")
        return parsed


class TranscriptIn(MetaIn):
    """A whole JSON transcript: the metadata keys plus utterances."""

    utterances: list[UtteranceIn]


def load_json_object(text: str, source: str) -> dict[str, Any]:
    """Parse JSON text that must hold an object, raising InvalidMetadata otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidMetadata(
            f"The {source} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}."
        ) from exc
    if not isinstance(data, dict):
        raise InvalidMetadata(f"The {source} must be a JSON object, not {type(data).__name__}.")
    return data


def parse_json(text: str) -> ParsedCall:
    """Parse a JSON transcript into metadata and turns."""
    data = load_json_object(text, "JSON transcript")
    if "utterances" not in data:
        raise UnknownFormat(
            "This JSON has no 'utterances' list, so it is not a transcript "
            "(a sidecar metadata file goes next to a transcript as NAME.meta.json)."
        )
    try:
        body = TranscriptIn.model_validate(data)
    except ValidationError as exc:
        raise InvalidMetadata(validation_message(exc, "the JSON transcript")) from exc
    turns = [
        Turn(
            speaker=repair_text((u.speaker or "").strip()) or UNKNOWN_SPEAKER,
            text=repair_text(u.text).strip(),
            start=u.start,
            end=u.end,
        )
        for u in body.utterances
    ]
    return ParsedCall(format="json", meta=body.to_call_meta(), turns=drop_empty(turns))
