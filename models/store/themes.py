"""Themes: stable ids, labels and centroids, replaced as a unit by a re-cluster."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import func, select, update

from models import tables as t
from models.db import Database
from models.store.vectors import from_bytes, to_bytes


@dataclass(frozen=True)
class ThemeRecord:
    """A theme as stored: id, label, keyphrases, representative sentence, centroid."""

    id: int
    type: str
    label: str
    keyphrases: list[str]
    representative_sentence_id: int | None
    centroid: np.ndarray
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ThemeWrite:
    """A theme to keep (id given) or create (id None, `key` names it in assignments)."""

    key: int
    id: int | None
    label: str
    keyphrases: list[str]
    representative_sentence_id: int | None
    centroid: np.ndarray


class ThemeStore:
    """Reads themes and swaps in the result of a re-cluster atomically."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def themes(self, type: str) -> list[ThemeRecord]:
        """Active themes of a type, by id."""
        with self.db.session() as s:
            rows = s.scalars(select(t.Theme).where(t.Theme.type == type, t.Theme.active)
                             .order_by(t.Theme.id))
            return [ThemeRecord(r.id, r.type, r.label, list(r.keyphrases or []),
                                r.representative_sentence_id, from_bytes(r.centroid),
                                r.updated_at) for r in rows]

    def categories(self, type: str, kind: str) -> dict[int, str]:
        """Theme id -> the most common category of its member insights of `kind`."""
        with self.db.session() as s:
            counts = s.execute(
                select(t.Insight.theme_id, t.Insight.category, func.count())
                .join(t.Theme, t.Theme.id == t.Insight.theme_id)
                .where(t.Theme.type == type, t.Theme.active, t.Insight.type == kind)
                .group_by(t.Insight.theme_id, t.Insight.category)).all()
        best: dict[int, tuple[int, str]] = {}
        for theme_id, category, n in counts:
            if theme_id is None:
                continue
            if theme_id not in best or (n, category) > best[theme_id]:
                best[theme_id] = (n, category)
        return {theme_id: category for theme_id, (_, category) in best.items()}

    def replace(self, type: str, themes: Sequence[ThemeWrite],
                assignments: Mapping[int, int | None]) -> dict[int, int]:
        """Keep/create the given themes, retire the rest, and set each insight's theme.

        `assignments` maps insight id -> ThemeWrite.key (or None for unassigned).
        Returns ThemeWrite.key -> stored theme id.
        """
        with self.db.session() as s:
            key_to_id: dict[int, int] = {}
            for th in themes:
                row = s.get(t.Theme, th.id) if th.id is not None else None
                row = row or t.Theme(type=type)
                row.label, row.keyphrases = th.label, list(th.keyphrases)
                row.representative_sentence_id = th.representative_sentence_id
                row.centroid, row.active, row.updated_at = to_bytes(th.centroid), True, t.utcnow()
                s.add(row)
                s.flush()
                key_to_id[th.key] = row.id
            s.execute(update(t.Theme).where(t.Theme.type == type,
                                            t.Theme.id.not_in(list(key_to_id.values()) or [-1]))
                      .values(active=False))
            for insight_id, key in assignments.items():
                s.execute(update(t.Insight).where(t.Insight.id == insight_id).values(
                    theme_id=None if key is None else key_to_id[key]))
            return key_to_id
