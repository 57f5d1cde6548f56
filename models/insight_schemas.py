"""Read models of the insights the API serves: trackers, messaging, phrasings, themes,
trends, objections and personas (the call, job and search models are in models.schemas)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from models.domain import Role


class TrackerCreate(BaseModel):
    """A tracker: a name, 3-10 example phrases, optional negatives and a role filter."""

    name: str = Field(min_length=1, max_length=255)
    examples: list[str] = Field(min_length=3, max_length=10)
    negatives: list[str] = Field(default_factory=list, max_length=20)
    role: Role | None = None
    threshold: float | None = Field(None, gt=0.0, lt=1.0)


class TrackerPublic(BaseModel):
    """A stored tracker with how many sentences it matches."""

    id: int
    name: str
    examples: list[str]
    negatives: list[str]
    role: Role | None
    threshold: float
    hit_count: int
    created_at: datetime


class MessagingCreate(BaseModel):
    """Official copy: a list of claims, or a block of text split into sentences."""

    claims: list[str] = Field(default_factory=list, max_length=2000)
    text: str | None = Field(None, max_length=200_000)
    source: str | None = Field(None, max_length=255)


class MessagingClaimPublic(BaseModel):
    """One line of the messaging library."""

    id: int
    text: str
    source: str | None
    created_at: datetime


class LiftPublic(BaseModel):
    """Win rate of calls with something against calls without, with a 95% CI."""

    calls_with: int
    wins_with: int
    calls_without: int
    wins_without: int
    enough_data: bool
    rate_with: float | None = None
    rate_without: float | None = None
    baseline_rate: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    summary: str


class PhrasingVariant(BaseModel):
    """One use of a phrasing, and how the prospect reacted."""

    sentence_id: int
    call_id: int
    external_id: str
    speaker: str
    text: str
    reaction: str | None


class PhrasingPublic(BaseModel):
    """A rep-coined phrasing with each score component and its evidence."""

    rank: int
    text: str
    total: float
    scores: dict[str, float]
    lift: LiftPublic
    speakers: list[str]
    call_count: int
    library_similarity: float | None
    evidence: list[str]
    variants: list[PhrasingVariant]


class MessagingGap(BaseModel):
    """What reps say that marketing doesn't, and what marketing says that reps never do."""

    rep_phrasings_off_message: list[PhrasingPublic]
    claims_never_said: list[dict[str, Any]]


class TrendPoint(BaseModel):
    """Count of items in one period."""

    period: date
    count: int


class TrendSeries(BaseModel):
    """A count series with its direction."""

    key: str
    points: list[TrendPoint]
    direction: str
    relative_change: float


class ThemePublic(BaseModel):
    """A theme with its label, size, reach, dates, outcome lift and weekly trend."""

    id: int
    type: str
    label: str
    keyphrases: list[str]
    representative_quote: str | None
    size: int
    call_count: int
    first_seen: datetime | None
    last_seen: datetime | None
    lift: LiftPublic
    categories: dict[str, int]
    trend: TrendSeries


class ThemeList(BaseModel):
    """Themes of one type, and how much is not (yet) in any theme."""

    type: str
    items: int
    unassigned: int
    unassigned_share: float
    themes: list[ThemePublic]


class InsightQuote(BaseModel):
    """A quote behind an insight, attributed."""

    sentence_id: int | None
    text: str | None
    speaker: str | None
    call_id: int
    external_id: str
    call_title: str | None
    call_date: datetime | None
    outcome: str
    category: str
    confidence: float


class AnswerGroup(BaseModel):
    """A way reps answered, ranked by the win rate of the calls it occurs in."""

    answer: str
    examples: list[str]
    calls: int  # sample size: calls where a rep gave this answer
    won: int
    lost: int
    decided: int  # won + lost: the calls the win rate is computed on
    win_rate: float | None
    ci_low: float | None
    ci_high: float | None
    enough_data: bool


class ObjectionTheme(BaseModel):
    """One objection theme: its quotes and the rep answers that win."""

    theme: ThemePublic
    quotes: list[InsightQuote]
    answers: list[AnswerGroup]


class SignalCount(BaseModel):
    """How often a persona signal value occurs among a persona's calls."""

    kind: str
    value: str
    count: int
    frequency: float


class EvidenceQuote(BaseModel):
    """A pain or goal in the prospect's words."""

    value: str
    quote: str
    speaker: str | None
    external_id: str


class PersonaPublic(BaseModel):
    """A buyer persona: label, signals with frequencies, calls and win rate."""

    id: str
    label: str
    call_count: int
    won: int
    lost: int
    win_rate: float | None
    median_company_size: float | None
    median_team_size: float | None
    calls: list[str]
    signals: list[SignalCount]
    pains: list[EvidenceQuote]
    goals: list[EvidenceQuote]


class PersonaList(BaseModel):
    """Personas across calls, and each call's profile."""

    personas: list[PersonaPublic]
    profiles: list[dict[str, Any]]


class CallInsight(BaseModel):
    """Something detected in one sentence of a call: what to highlight in its transcript."""

    type: Literal["objection", "phrase", "persona", "tracker"]
    category: str
    label: str
    sentence_id: int
    turn_index: int | None = None
    confidence: float | None = None
    theme_id: int | None = None


class CallInsights(BaseModel):
    """A call's insights, sentence by sentence, with counts per type."""

    call_id: int
    external_id: str
    counts: dict[str, int]
    items: list[CallInsight]
