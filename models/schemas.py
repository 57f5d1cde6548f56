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
    score: float
    dense_score: float | None = None
    keyword_rank: int | None = None
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
    char_start: int
    char_end: int
    account: str | None = None
    speaker_title: str | None = None
    speaker_company: str | None = None


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
    calls: int
    won: int
    lost: int
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
