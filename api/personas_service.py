"""Personas: per-call profiles rebuilt from stored persona signals, clustered across calls."""

from __future__ import annotations

from collections import defaultdict

from models.insight_schemas import EvidenceQuote, PersonaList, PersonaPublic, SignalCount
from models.store import InsightRow, Store
from nlp.persona_clusters import Persona, cluster_personas
from nlp.persona_profiles import build_profile
from nlp.persona_types import PersonaSignal

SIGNAL_FIELDS = ("evidence", "char_start", "char_end", "speaker", "source", "number",
                 "qualifier")


def to_signal(row: InsightRow) -> PersonaSignal:
    """The detector's signal, back from its stored insight."""
    extra = {k: row.payload.get(k) for k in SIGNAL_FIELDS}
    return PersonaSignal(kind=row.category, value=row.value or "", confidence=row.confidence,
                         sentence_index=None, evidence=str(extra.pop("evidence") or ""),
                         source=str(extra.pop("source") or "speech"), **extra)


def list_personas(store: Store) -> PersonaList:
    """Cluster every call's persona profile; each persona keeps its evidence quotes."""
    by_call: dict[str, list[InsightRow]] = defaultdict(list)
    outcome: dict[str, str] = {}
    for row in store.insights.rows(type="persona"):
        by_call[row.external_id].append(row)
        outcome[row.external_id] = row.outcome
    calls = sorted(by_call)
    profiles = [build_profile([to_signal(r) for r in by_call[c]], call_id=c) for c in calls]
    personas = cluster_personas(profiles, [outcome[c] for c in calls])
    return PersonaList(personas=[_public(p, by_call) for p in personas],
                       profiles=[p.summary() for p in profiles])


def _public(p: Persona, by_call: dict[str, list[InsightRow]]) -> PersonaPublic:
    rows = [r for c in p.call_ids if c for r in by_call[c]]
    return PersonaPublic(
        id=p.id, label=p.label, call_count=p.call_count, won=p.won, lost=p.lost,
        win_rate=p.win_rate, median_company_size=p.median_company_size,
        median_team_size=p.median_team_size, calls=[c for c in p.call_ids if c],
        signals=[SignalCount(kind=s.kind, value=s.value, count=s.count, frequency=s.frequency)
                 for s in p.signals],
        pains=_quotes(rows, "pain"), goals=_quotes(rows, "goal"))


def _quotes(rows: list[InsightRow], kind: str) -> list[EvidenceQuote]:
    return [EvidenceQuote(value=r.value or "", quote=r.text or str(r.payload.get("evidence")),
                          speaker=r.speaker, external_id=r.external_id)
            for r in rows if r.category == kind][:10]
