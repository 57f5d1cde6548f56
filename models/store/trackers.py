"""User-defined vocabularies: custom trackers and the messaging library."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from models import tables as t
from models.db import Database
from models.domain import Role
from models.insight_schemas import MessagingClaimPublic, TrackerPublic
from models.store.vectors import get_vectors, put_vectors


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
                         negatives=list(row.negatives or []), role=cast(Role | None, row.role),
                         threshold=row.threshold, hit_count=hits, created_at=row.created_at)


class MessagingStore:
    """The messaging library: official marketing claims and their vectors."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, claims: Sequence[tuple[str, str]], *, source: str | None, model: str,
            vectors: dict[str, np.ndarray]) -> int:
        """Store (text, hash) claims not already present; returns how many were new."""
        with self.db.session() as s:
            have = set(s.scalars(select(t.MessagingClaim.text_hash)))
            new = [(text, h) for text, h in {h: (x, h) for x, h in claims}.values()
                   if h not in have]
            s.add_all(t.MessagingClaim(text=x, text_hash=h, source=source) for x, h in new)
            put_vectors(s, model, {h: vectors[h] for _, h in new})
            return len(new)

    def claims(self) -> list[MessagingClaimPublic]:
        """Every claim, oldest first."""
        with self.db.session() as s:
            return [MessagingClaimPublic(id=r.id, text=r.text, source=r.source,
                                         created_at=r.created_at)
                    for r in s.scalars(select(t.MessagingClaim).order_by(t.MessagingClaim.id))]

    def vectors(self, model: str) -> tuple[list[MessagingClaimPublic], np.ndarray]:
        """Claims with their vectors (rows in the same order)."""
        claims = self.claims()
        with self.db.session() as s:
            hashes = dict(s.execute(select(t.MessagingClaim.id, t.MessagingClaim.text_hash)).all())
            vecs = get_vectors(s, model, hashes.values())
        kept = [c for c in claims if hashes[c.id] in vecs]
        matrix = np.array([vecs[hashes[c.id]] for c in kept], dtype=np.float32)
        return kept, matrix

    def delete(self, claim_id: int) -> bool:
        """Remove one claim."""
        with self.db.session() as s:
            if s.get(t.MessagingClaim, claim_id) is None:
                return False
            s.execute(delete(t.MessagingClaim).where(t.MessagingClaim.id == claim_id))
            return True
