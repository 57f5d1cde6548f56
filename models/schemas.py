"""Read models the store returns and the API serves (Base/Public families)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from models.domain import Outcome, Role

InsightType = Literal["objection", "phrase", "persona", "tracker"]


class JobPublic(BaseModel):
    """A background job as users see it."""

    id: str
    kind: str
    state: str
    progress: float
    error: str | None = None
    filename: str | None = None
    batch_id: str | None = None
    call_id: int | None = None
    external_id: str | None = None
    result: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime
    updated_at: datetime


class ParticipantPublic(BaseModel):
    """A participant with the resolved role and the evidence behind it."""

    name: str
    role: Role
    role_source: str
    role_confidence: float
    title: str | None = None
    company: str | None = None
    email: str | None = None


class CallSummary(BaseModel):
    """A call in a list."""

    id: int
    external_id: str
    title: str | None
    started_at: datetime | None
    account: str | None
    outcome: Outcome
    stage: str | None
    tags: list[str]
    format: str
    turn_count: int = 0
    sentence_count: int = 0


class SentencePublic(BaseModel):
    """A sentence with offsets into its turn's display text."""

    id: int
    sent_index: int
    text: str
    char_start: int
    char_end: int
    start: float | None


class TurnPublic(BaseModel):
    """A turn with its sentences."""

    index: int
    speaker: str
    role: Role
    start: float | None
    end: float | None
    text: str
    sentences: list[SentencePublic] = Field(default_factory=list)


class CallDetail(CallSummary):
    """A call with participants, notes and turns."""

    outcome_note: str | None = None
    notes: str = ""
    participants: list[ParticipantPublic] = Field(default_factory=list)
    turns: list[TurnPublic] = Field(default_factory=list)


class SearchFilters(BaseModel):
    """Filters a search or a call list may apply."""

    role: Role | None = None
    speaker: str | None = None
    call: str | None = None  # external id or numeric id
    date_from: date | None = None
    date_to: date | None = None
    outcome: Outcome | None = None
    tags: list[str] = Field(default_factory=list)
    type: InsightType | None = None  # only sentences with an insight of this type
    category: str | None = None  # objection category, persona signal kind, or tracker id
    theme: int | None = None
    sentence_ids: list[int] | None = None  # resolved by the caller, e.g. phrasing variants

    def touches_insights(self) -> bool:
        """True when an insight filter is set."""
        return bool(self.type or self.category or self.theme is not None)

    def touches_calls(self) -> bool:
        """True when a call-level filter is set."""
        return bool(self.call or self.date_from or self.date_to or self.outcome or self.tags)

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (self.touches_calls() or self.touches_insights() or self.role or self.speaker
                    or self.sentence_ids is not None)


class ContextTurn(BaseModel):
    """A neighbouring turn shown around a quote."""

    index: int
    speaker: str
    role: Role
    start: float | None
    text: str


SpanKind = Literal["sentence", "window", "turn"]


class SearchHit(BaseModel):
    """One quote found by search, with attribution and context."""

    sentence_id: int
    quote: str
    highlight: str
    speaker: str
    role: Role
    call_id: int
    external_id: str
    call_title: str | None
    call_date: datetime | None
    outcome: Outcome
    timestamp: float | None
    turn_index: int
    char_start: int
    char_end: int
    score: int = Field(description="relevance 0-100: 50 is the floor below which nothing "
                                   "is shown, 100 as close as strong labelled matches")
    why: list[str] = Field(default_factory=list, description="what the score is made of")
    dense_score: float | None = Field(None, description="meaning: cosine of the query with "
                                      "the sentence and its context window, mixed")
    keyword_score: float | None = Field(None, description="what shared keywords added to the "
                                        "score: BM25, saturated, at most 0.05")
    span: SpanKind = "sentence"
    span_text: str = Field("", description="the quote at the requested span")
    span_highlight: str = Field("", description="span_text, HTML-escaped, query words marked")
    duplicate_count: int = 1
    duplicate_call_ids: list[int] = Field(default_factory=list)
    account: str | None = None
    speaker_title: str | None = None
    speaker_company: str | None = None
    context_before: ContextTurn | None = None
    turn: ContextTurn
    context_after: ContextTurn | None = None


class HitRow(BaseModel):
    """What the store knows about a sentence before ranking decides what to show."""

    sentence_id: int
    text: str
    clean_text: str
    text_hash: str
    speaker: str
    role: Role
    call_id: int
    external_id: str
    call_title: str | None
    call_date: datetime | None
    outcome: Outcome
    timestamp: float | None
    turn_index: int
    sent_index: int = 0
    char_start: int
    char_end: int
    account: str | None = None
    speaker_title: str | None = None
    speaker_company: str | None = None
