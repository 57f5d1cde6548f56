"""Per-call persona profiles: one call's signals aggregated into a value per field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.persona_sizes import company_band
from nlp.persona_types import PersonaSignal

SENIORITY_ORDER = ("c_level", "vp", "head", "director", "manager", "lead", "ic")
MIN_CONFIDENCE = 0.5  # a profile keeps a signal value only at or above this confidence
# Every company is in some industry, so the profile takes the best supported one even when only
# weak mentions support it (summed weight >= one first-person mention, 0.45 / 2).
INDUSTRY_MIN = 0.2


@dataclass(frozen=True)
class ProfileValue:
    """A profile field's value, its confidence and the signals that support it."""

    value: str
    confidence: float
    evidence: tuple[PersonaSignal, ...]
    number: int | None = None


@dataclass
class PersonaProfile:
    """Everything one call says about the buyer."""

    call_id: str | None = None
    seniority: ProfileValue | None = None
    function: ProfileValue | None = None
    titles: list[ProfileValue] = field(default_factory=list)
    team_size: ProfileValue | None = None
    company_size: ProfileValue | None = None
    company_band: str | None = None
    industry: ProfileValue | None = None
    tools: list[ProfileValue] = field(default_factory=list)
    competitors: list[ProfileValue] = field(default_factory=list)
    pains: list[ProfileValue] = field(default_factory=list)
    goals: list[ProfileValue] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The profile's values without evidence (for tables and JSON)."""
        return {
            "call_id": self.call_id,
            "seniority": value_of(self.seniority), "function": value_of(self.function),
            "titles": [t.value for t in self.titles],
            "team_size": self.team_size.number if self.team_size else None,
            "company_size": self.company_size.number if self.company_size else None,
            "company_band": self.company_band, "industry": value_of(self.industry),
            "tools": [t.value for t in self.tools],
            "competitors": [c.value for c in self.competitors],
            "pains": [p.value for p in self.pains], "goals": [g.value for g in self.goals],
        }


def value_of(v: ProfileValue | None) -> str | None:
    """A field's value, or None when the call said nothing about it."""
    return v.value if v else None


def build_profile(signals: Sequence[PersonaSignal], *,
                  call_id: str | None = None) -> PersonaProfile:
    """Aggregate one call's signals into a profile (values below MIN_CONFIDENCE are dropped)."""
    by_kind: dict[str, list[PersonaSignal]] = defaultdict(list)
    for s in signals:
        if s.confidence >= MIN_CONFIDENCE:
            by_kind[s.kind].append(s)
    seniority = _top_seniority(by_kind["seniority"])
    function = None
    if seniority is not None:
        lead_speakers = {s.speaker for s in seniority.evidence}
        function = _best(s for s in by_kind["function"] if s.speaker in lead_speakers)
    company = _pick_size(s for s in by_kind["company_size"] if s.number is not None)
    bands = [s.value for s in by_kind["company_size"] if s.qualifier == "band"]
    return PersonaProfile(
        call_id=call_id, seniority=seniority, function=function,
        titles=_values(by_kind["title"]),
        team_size=_pick_size(by_kind["team_size"]),
        company_size=company,
        company_band=company_band(company.number) if company else (bands[0] if bands else None),
        industry=_pick_industry([s for s in signals if s.kind == "industry"]),
        tools=_values(by_kind["tool"]),
        competitors=_values(by_kind["competitor"]),
        pains=_values(by_kind["pain"], by_order=True),
        goals=_values(by_kind["goal"], by_order=True),
    )


def _group(signals: Sequence[PersonaSignal] | Any) -> list[ProfileValue]:
    groups: dict[str, list[PersonaSignal]] = {}
    for s in signals:
        groups.setdefault(s.value.casefold(), []).append(s)
    return [ProfileValue(g[0].value, max(x.confidence for x in g), tuple(g), g[0].number)
            for g in groups.values()]


def _values(signals: Sequence[PersonaSignal], *, by_order: bool = False) -> list[ProfileValue]:
    values = _group(signals)
    if by_order:
        return values
    return sorted(values, key=lambda v: (-sum(s.confidence for s in v.evidence), v.value))


def _best(signals: Any) -> ProfileValue | None:
    """The value with the highest summed confidence (ties: the first seen)."""
    values = _group(list(signals))
    if not values:
        return None
    return max(values, key=lambda v: sum(s.confidence for s in v.evidence))


def _pick_industry(signals: Sequence[PersonaSignal]) -> ProfileValue | None:
    """Most weight summed over statements; weak mentions count half, passing ones not at all."""
    scores: dict[str, float] = {}
    for s in signals:
        if s.qualifier != "passing":
            weight = s.confidence if s.confidence >= MIN_CONFIDENCE else s.confidence / 2
            scores[s.value] = scores.get(s.value, 0.0) + weight
    if not scores or max(scores.values()) < INDUSTRY_MIN:
        return None  # below: not one first-person mention of an industry word
    best = max(scores, key=lambda k: scores[k])
    support = tuple(s for s in signals if s.value == best and s.qualifier != "passing")
    return ProfileValue(best, round(min(1.0, scores[best]), 3), support)


def _top_seniority(signals: Sequence[PersonaSignal]) -> ProfileValue | None:
    values = [v for v in _group(signals) if v.value in SENIORITY_ORDER]
    return min(values, key=lambda v: SENIORITY_ORDER.index(v.value), default=None)


def _pick_size(signals: Any) -> ProfileValue | None:
    """Most confident count, then the first said: "my team is twelve" (an explicit cue) beats
    "55 engineers" (a headcount by role, which may not be the speaker's own team)."""
    ranked = sorted(
        (s for s in signals if s.number is not None),
        key=lambda s: (-s.confidence, s.sentence_index if s.sentence_index is not None else -1))
    if not ranked:
        return None
    same = tuple(s for s in ranked if s.number == ranked[0].number)
    return ProfileValue(ranked[0].value, ranked[0].confidence, same, ranked[0].number)
