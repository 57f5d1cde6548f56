"""Call metadata: the JSON/sidecar schema, outcome and date normalisation, and merging."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from dateutil import parser as dateparser
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from models.domain import CallMeta, Outcome, Participant, Role
from nlp.errors import InvalidMetadata

_STRICT_OUTCOMES: dict[str, Outcome] = {
    "won": "won", "closed won": "won", "closedwon": "won", "win": "won",
    "lost": "lost", "closed lost": "lost", "closedlost": "lost", "loss": "lost",
    "open": "open", "unknown": "unknown",
}  # fmt: skip
_LOST = re.compile(
    r"\b(?:lost|declined|no next steps?|not interested|went with (?:a )?competitor|no decision)\b",
    re.IGNORECASE,
)
_WON = re.compile(r"\b(?:closed[- ]won|signed|purchased|deal closed|won)\b(?!['’])", re.IGNORECASE)


def strict_outcome(value: str) -> Outcome:
    """Map an outcome field (`won`, `Closed-Lost`, ...) to an Outcome, or raise ValueError."""
    key = re.sub(r"[\s_-]+", " ", value.strip().lower())
    if key in _STRICT_OUTCOMES:
        return _STRICT_OUTCOMES[key]
    raise ValueError(f"{value!r} is not an outcome; use won, lost, open or unknown")


def outcome_from_note(note: str) -> Outcome:
    """Guess an outcome from a free-text note like `Deal closed, contract signed`."""
    if _LOST.search(note):
        return "lost"
    return "won" if _WON.search(note) else "open"


def parse_date(value: str) -> datetime:
    """Read an ISO-8601 or free-text date (`January 22, 2024`), or raise ValueError."""
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        parsed: datetime = dateparser.parse(text)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{value!r} is not a date I can read; use ISO-8601") from exc
    return parsed


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class ParticipantIn(BaseModel):
    """A participant as written in JSON; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1)
    role: Role = "unknown"
    title: str | None = None
    company: str | None = None
    email: str | None = None

    @field_validator("role", mode="before")
    @classmethod
    def _lower_role(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class MetaIn(BaseModel):
    """The metadata keys shared by JSON transcripts and sidecar files."""

    model_config = ConfigDict(extra="ignore")

    call_id: str | None = Field(None, validation_alias=AliasChoices("call_id", "external_id"))
    title: str | None = None
    started_at: datetime | None = Field(None, validation_alias=AliasChoices("started_at", "date"))
    participants: list[ParticipantIn] = Field(default_factory=list)
    rep_roster: list[str] = Field(default_factory=list)
    account: str | None = None
    outcome: Outcome | None = None
    outcome_note: str | None = None
    stage: str | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("call_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return _as_text(value)

    @field_validator("started_at", mode="before")
    @classmethod
    def _read_date(cls, value: Any) -> Any:
        return parse_date(value) if isinstance(value, str) else value

    @field_validator("outcome", mode="before")
    @classmethod
    def _read_outcome(cls, value: Any) -> Any:
        return strict_outcome(value) if isinstance(value, str) else value

    def to_call_meta(self) -> CallMeta:
        """Build a CallMeta whose `model_fields_set` lists only the keys given."""
        values: dict[str, Any] = {
            "external_id": self.call_id, "title": self.title, "started_at": self.started_at,
            "account": self.account, "outcome": self.outcome, "outcome_note": self.outcome_note,
            "stage": self.stage,
        }  # fmt: skip
        fields = {k: v for k, v in values.items() if v is not None}
        for key in ("rep_roster", "tags"):
            if key in self.model_fields_set:
                fields[key] = getattr(self, key)
        if "participants" in self.model_fields_set:
            fields["participants"] = [
                Participant(**p.model_dump(include=p.model_fields_set)) for p in self.participants
            ]
        return CallMeta(**fields)


def validation_message(exc: ValidationError, source: str) -> str:
    """Turn a pydantic ValidationError into one readable line naming each bad field."""
    problems = []
    for err in exc.errors():
        field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        problems.append(f"{field or '(top level)'}: {err['msg'].removeprefix('Value error, ')}")
    return f"Invalid metadata in {source}: " + "; ".join(problems)


def read_meta(raw: dict[str, Any], source: str) -> CallMeta:
    """Validate a metadata object, raising InvalidMetadata that names the bad field."""
    try:
        return MetaIn.model_validate(raw).to_call_meta()
    except ValidationError as exc:
        raise InvalidMetadata(validation_message(exc, source)) from exc


def merge_meta(base: CallMeta, override: CallMeta) -> CallMeta:
    """Overlay the fields set in `override` on `base`; participants merge by name."""
    merged = base.model_copy(deep=True)
    for field in override.model_fields_set:
        value = getattr(override, field)
        if value is None:
            continue
        if field == "participants":
            value = merge_participants(base.participants, override.participants)
        setattr(merged, field, value)
    return merged


def merge_participants(base: list[Participant], override: list[Participant]) -> list[Participant]:
    """Merge two participant lists by case-insensitive name; `override` wins per field."""
    by_name = {p.name.strip().lower(): p.model_copy() for p in base}
    for person in override:
        key = person.name.strip().lower()
        if key not in by_name:
            by_name[key] = person
            continue
        update = {f: getattr(person, f) for f in person.model_fields_set if f != "name"}
        by_name[key] = by_name[key].model_copy(update=update)
    return list(by_name.values())
