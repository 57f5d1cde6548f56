"""SQL conditions for search and list filters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.schemas import SearchFilters

MAX_ID = 2**63 - 1  # ids are 64-bit signed in both databases


def db_id(text: str) -> int | None:
    """The id a text spells in ASCII digits within 64 bits, else None ("²" and
    "99999999999999999999" are not ids; int() would take the first and overflow the second)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def call_conditions(f: SearchFilters) -> list[Any]:
    """WHERE clauses on calls for the call-level filters (tags are matched in Python)."""
    conds: list[Any] = []
    if f.call:
        numeric = db_id(f.call)
        conds.append(t.Call.id == numeric if numeric is not None
                     else t.Call.external_id == f.call)
    if f.outcome:
        conds.append(t.Call.outcome == f.outcome)
    if f.date_from:
        conds.append(t.Call.started_at >= datetime.combine(f.date_from, time.min, tzinfo=UTC))
    if f.date_to:
        conds.append(t.Call.started_at <= datetime.combine(f.date_to, time.max, tzinfo=UTC))
    return conds


def sentence_conditions(f: SearchFilters) -> list[Any]:
    """WHERE clauses on sentences for role, speaker and insight type/category/theme."""
    conds: list[Any] = []
    if f.touches_insights():
        sub = select(t.Insight.sentence_id).where(t.Insight.sentence_id.is_not(None))
        if f.type:
            sub = sub.where(t.Insight.type == f.type)
        if f.category:
            sub = sub.where(t.Insight.category == f.category)
        if f.theme is not None:
            sub = sub.where(t.Insight.theme_id == f.theme)
        conds.append(t.Sentence.id.in_(sub))
    if f.sentence_ids is not None:
        conds.append(t.Sentence.id.in_(f.sentence_ids))
    if f.role:
        conds.append(t.Sentence.role == f.role)
    if f.speaker:
        # equality, any case: a name is not a pattern ("%" matches nobody)
        conds.append(func.lower(t.Sentence.speaker) == f.speaker.lower())
    return conds


def allowed_call_ids(s: Session, f: SearchFilters) -> list[int]:
    """Ids of the calls passing the call-level filters, tags included."""
    calls = s.execute(select(t.Call.id, t.Call.tags).where(*call_conditions(f)))
    return [cid for cid, tags in calls if match_tags(tags, f.tags)]


def match_tags(call_tags: Sequence[str] | None, wanted: Sequence[str]) -> bool:
    """True when the call carries every wanted tag (case-insensitive)."""
    have = {x.lower() for x in call_tags or []}
    return all(w.lower() in have for w in wanted)
