"""One call's insights, sentence by sentence, for highlighting its transcript."""

from __future__ import annotations

from collections import Counter

from api.services import Services
from models.insight_schemas import CallInsight, CallInsights
from models.store import InsightRow

STORED_TYPES = ("objection", "persona", "tracker")


def call_insights(services: Services, call_id: int, external_id: str) -> CallInsights:
    """Stored objections, persona signals and tracker hits, plus the call's coined phrasings."""
    store = services.store
    trackers = {str(t.id): t.name for t in store.trackers.list()}
    items = [_stored(r, trackers) for kind in STORED_TYPES
             for r in store.insights.rows(type=kind, call_id=call_id) if r.sentence_id is not None]
    phrasings, _, _ = services.phrasings.ranked()
    items += [CallInsight(type="phrase", category="coined", label=f"#{rank}: {p.text}",
                          sentence_id=v.sentence_id, confidence=round(p.total, 4))
              for rank, p in enumerate(phrasings, start=1) for v in p.variants
              if v.call_id == call_id]
    return CallInsights(call_id=call_id, external_id=external_id,
                        counts=dict(Counter(i.type for i in items)), items=items)


def _stored(r: InsightRow, trackers: dict[str, str]) -> CallInsight:
    assert r.sentence_id is not None
    if r.type == "objection":
        second = r.payload.get("secondary")
        label = f"{r.category} objection" + (f" (or {second})" if second else "")
    elif r.type == "tracker":
        label = f"tracker: {trackers.get(r.category, r.category)}"
    else:
        label = f"{r.category.replace('_', ' ')}: {r.value}" if r.value else r.category
    return CallInsight(type=r.type, category=r.category,  # type: ignore[arg-type]
                       label=label, sentence_id=r.sentence_id, turn_index=r.turn_index,
                       confidence=round(r.confidence, 4), theme_id=r.theme_id)
