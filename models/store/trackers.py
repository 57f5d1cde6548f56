"""Custom trackers and messaging-library claims."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from models import tables as t
from models.db import Database
from models.schemas import TrackerPublic


class DuplicateName(ValueError):
    """A tracker with this name already exists."""


class TrackerStore:
    """Tracker definitions; their hits are insights of type 'tracker'."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, *, name: str, examples: Sequence[str], negatives: Sequence[str],
               role: str | None, threshold: float) -> TrackerPublic:
        """Store a new tracker."""
        try:
            with self.db.session() as s:
                row = t.Tracker(name=name, examples=list(examples), negatives=list(negatives),
                                role=role, threshold=threshold)
                s.add(row)
                s.flush()
                return _public(row, 0)
        except IntegrityError as exc:
            raise DuplicateName(f"a tracker named {name!r} already exists") from exc

    def list(self) -> list[TrackerPublic]:
        """All trackers with their hit counts."""
        with self.db.session() as s:
            counts = dict(s.execute(
                select(t.Insight.category, func.count()).where(t.Insight.type == "tracker")
                .group_by(t.Insight.category)).all())
            return [_public(r, counts.get(str(r.id), 0))
                    for r in s.scalars(select(t.Tracker).order_by(t.Tracker.id))]

    def get(self, tracker_id: int) -> TrackerPublic | None:
        """One tracker."""
        return next((x for x in self.list() if x.id == tracker_id), None)

    def delete(self, tracker_id: int) -> bool:
        """Remove a tracker and its hits."""
        with self.db.session() as s:
            if s.get(t.Tracker, tracker_id) is None:
                return False
            s.execute(delete(t.Insight).where(t.Insight.type == "tracker",
                                              t.Insight.category == str(tracker_id)))
            s.execute(delete(t.Tracker).where(t.Tracker.id == tracker_id))
            return True


def _public(row: t.Tracker, hits: int) -> TrackerPublic:
    return TrackerPublic(id=row.id, name=row.name, examples=list(row.examples),
                         negatives=list(row.negatives or []), role=row.role,
                         threshold=row.threshold, hit_count=hits, created_at=row.created_at)
