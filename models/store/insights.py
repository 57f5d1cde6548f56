"""Insights (objections, persona signals, tracker hits) and the rows views are built from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models import tables as t
from models.db import Database


@dataclass(frozen=True)
class InsightWrite:
    """A detector's finding about one sentence (or the whole call when sentence_index is None)."""

    type: str
    category: str
    confidence: float
    sentence_index: int | None = None
    value: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    theme_id: int | None = None


@dataclass(frozen=True)
class InsightRow:
    """An insight with the sentence and call it belongs to."""

    id: int
    type: str
    category: str
    confidence: float
    value: str | None
    payload: dict[str, Any]
    theme_id: int | None
    call_id: int
    external_id: str
    call_title: str | None
    call_date: datetime | None
    outcome: str
    tags: list[str]
    stage: str | None
    sentence_id: int | None
    text: str | None
    speaker: str | None
    role: str | None
    turn_index: int | None
    char_start: int | None
    char_end: int | None


def insert_insights(s: Session, call_id: int, sentence_ids: Sequence[int],
                    insights: Sequence[InsightWrite]) -> None:
    """Store a call's insights, resolving sentence indexes to the new sentence ids."""
    s.add_all(t.Insight(
        call_id=call_id, type=i.type, category=i.category, confidence=i.confidence,
        sentence_id=None if i.sentence_index is None else sentence_ids[i.sentence_index],
        value=i.value, payload=i.payload, theme_id=i.theme_id) for i in insights)


def delete_insights(s: Session, call_id: int) -> None:
    """Drop a call's insights (before its sentences go)."""
    s.execute(delete(t.Insight).where(t.Insight.call_id == call_id))


class InsightStore:
    """Reads and bulk updates of insights."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def rows(self, *, type: str, category: str | None = None, theme_id: int | None = None,
             call_id: int | None = None) -> list[InsightRow]:
        """Insights of a type (optionally one category, theme or call), oldest call first."""
        q = (select(t.Insight, t.Call, t.Sentence)
             .join(t.Call, t.Call.id == t.Insight.call_id)
             .outerjoin(t.Sentence, t.Sentence.id == t.Insight.sentence_id)
             .where(t.Insight.type == type)
             .order_by(t.Call.started_at, t.Insight.id))
        if category is not None:
            q = q.where(t.Insight.category == category)
        if theme_id is not None:
            q = q.where(t.Insight.theme_id == theme_id)
        if call_id is not None:
            q = q.where(t.Insight.call_id == call_id)
        with self.db.session() as s:
            return [_row(i, c, x) for i, c, x in s.execute(q).all()]

    def set_themes(self, assignments: dict[int, int | None]) -> None:
        """Set the theme of many insights at once."""
        with self.db.session() as s:
            for insight_id, theme_id in assignments.items():
                s.execute(update(t.Insight).where(t.Insight.id == insight_id)
                          .values(theme_id=theme_id))

    def replace_for_tracker(self, tracker_id: int, hits: Sequence[tuple[int, int, float]]) -> None:
        """Replace a tracker's hits: (call id, sentence id, confidence) triples."""
        with self.db.session() as s:
            s.execute(delete(t.Insight).where(t.Insight.type == "tracker",
                                              t.Insight.category == str(tracker_id)))
            s.add_all(t.Insight(call_id=c, sentence_id=sid, type="tracker",
                                category=str(tracker_id), confidence=conf, payload={})
                      for c, sid, conf in hits)


def _row(i: t.Insight, c: t.Call, x: t.Sentence | None) -> InsightRow:
    return InsightRow(
        id=i.id, type=i.type, category=i.category, confidence=i.confidence, value=i.value,
        payload=dict(i.payload or {}), theme_id=i.theme_id, call_id=c.id,
        external_id=c.external_id, call_title=c.title, call_date=c.started_at,
        outcome=c.outcome, tags=list(c.tags or []), stage=c.stage,
        sentence_id=x.id if x else None, text=x.text if x else None,
        speaker=x.speaker if x else None, role=x.role if x else None,
        turn_index=x.turn_idx if x else None, char_start=x.char_start if x else None,
        char_end=x.char_end if x else None)
