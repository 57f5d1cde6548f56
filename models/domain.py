"""Domain types shared by every layer: what a parsed call, a speaker role and a sentence are."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["rep", "prospect", "unknown"]
RoleSource = Literal["metadata", "roster", "inferred", "unknown"]
Outcome = Literal["won", "lost", "open", "unknown"]
TranscriptFormat = Literal["text", "vtt", "srt", "json", "markdown"]


class Participant(BaseModel):
    """A person on the call, as the metadata describes them."""

    name: str
    role: Role = "unknown"
    title: str | None = None
    company: str | None = None
    email: str | None = None


class CallMeta(BaseModel):
    """Call metadata from a JSON body, a sidecar file or a Markdown header."""

    model_config = ConfigDict(populate_by_name=True)

    external_id: str | None = None
    title: str | None = None
    started_at: datetime | None = None
    participants: list[Participant] = Field(default_factory=list)
    rep_roster: list[str] = Field(default_factory=list)
    account: str | None = None
    outcome: Outcome = "unknown"
    outcome_note: str | None = None
    stage: str | None = None
    tags: list[str] = Field(default_factory=list)


class Turn(BaseModel):
    """One speaker turn. `text` is the display text: mojibake repaired, artefacts kept."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None


class ParsedCall(BaseModel):
    """A transcript after parsing: metadata, notes (header lines that are not speech) and turns."""

    format: TranscriptFormat
    meta: CallMeta
    notes: str = ""
    turns: list[Turn]


class SpeakerRole(BaseModel):
    """The role given to one speaker, with the evidence it came from."""

    speaker: str
    role: Role
    source: RoleSource
    confidence: float


class Sentence(BaseModel):
    """One sentence of a turn, with offsets into the turn's display text."""

    turn_index: int
    sent_index: int
    speaker: str
    role: Role
    text: str
    clean_text: str
    char_start: int
    char_end: int
    start: float | None = None


class SentenceSearch(BaseModel):
    """How search indexes one sentence: its context window, keyword stems, vector side or not."""

    window_text: str | None = None  # None: the window is the sentence alone
    window_hash: str | None = None
    keywords: str = ""
    searchable: bool = True


# Which insights each theme type clusters: (insight type, insight category or None for all).
THEME_SOURCES: dict[str, tuple[str, str | None]] = {
    "objection": ("objection", None),
    "pain": ("persona", "pain"),
    "goal": ("persona", "goal"),
}
