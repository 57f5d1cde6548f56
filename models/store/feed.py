"""The index feed: the change log and the vectors each index replica loads from it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from models import tables as t
from models.db import Database
from models.store.vectors import from_bytes


@dataclass(frozen=True)
class ChangeRow:
    """One logged change: sentences added to or removed from the searchable set."""

    seq: int
    op: str
    call_id: int
    sentence_ids: list[int]


def _as_arrays(rows: Sequence[tuple[int, bytes, bytes | None]], dim: int,
               window_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """Ids and search vectors: (1 - w) * sentence + w * window, or the sentence alone.

    The inner product of a query with this vector is the weighted sum of its cosines with the
    sentence and with the window, so one index scores a sentence on both.
    """
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    vecs = np.zeros((len(rows), dim), dtype=np.float32)
    for i, (_, data, window) in enumerate(rows):
        vecs[i] = from_bytes(data)
        if window is not None:
            vecs[i] = (1.0 - window_weight) * vecs[i] + window_weight * from_bytes(window)
    return ids, vecs


def _vector_rows(model: str, searchable_only: bool) -> Any:
    """Sentences joined to their sentence vector and (if any) window vector; with
    `searchable_only`, only those on the search index's vector side."""
    window = aliased(t.Vector)
    q = (select(t.Sentence.id, t.Vector.data, window.data)
         .join(t.Vector, (t.Vector.text_hash == t.Sentence.text_hash) & (t.Vector.model == model))
         .outerjoin(window, (window.text_hash == t.Sentence.window_hash)
                    & (window.model == model)))
    return q.where(t.Sentence.searchable.is_(True)) if searchable_only else q


class IndexFeed:
    """Reads the database the way a FAISS replica needs it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def head(self) -> int:
        """The newest change sequence number (0 when nothing was ever stored)."""
        with self.db.session() as s:
            return int(s.scalar(select(func.max(t.Change.seq))) or 0)

    def changes_after(self, seq: int, limit: int = 500) -> list[ChangeRow]:
        """Changes newer than `seq`, oldest first."""
        with self.db.session() as s:
            rows = s.scalars(select(t.Change).where(t.Change.seq > seq)
                             .order_by(t.Change.seq).limit(limit))
            return [ChangeRow(r.seq, r.op, r.call_id, list(r.sentence_ids or [])) for r in rows]

    def vectors_of(self, sentence_ids: Sequence[int], model: str, dim: int,
                   window_weight: float = 0.0, *,
                   searchable_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(sentence ids, vectors) of the given sentences that still exist; the search index
        asks for its own vectors (window mixed in, vector side only)."""
        rows: list[Any] = []
        with self.db.session() as s:
            for i in range(0, len(sentence_ids), 900):
                rows += s.execute(_vector_rows(model, searchable_only).where(
                    t.Sentence.id.in_(list(sentence_ids[i:i + 900])))).all()
        return _as_arrays(rows, dim, window_weight)

    def all_vectors(self, model: str, dim: int, batch: int = 50_000, window_weight: float = 0.0,
                    *, searchable_only: bool = False
                    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Every searchable sentence with its vector, in id order, in batches."""
        last = 0
        while True:
            with self.db.session() as s:
                rows = s.execute(_vector_rows(model, searchable_only).where(t.Sentence.id > last)
                                 .order_by(t.Sentence.id).limit(batch)).all()
            if not rows:
                return
            last = rows[-1][0]
            yield _as_arrays(rows, dim, window_weight)

    def searchable_count(self, model: str, *, searchable_only: bool = False) -> int:
        """How many stored sentences have a vector from this model (with `searchable_only`,
        only those on the search index's vector side)."""
        q = (select(func.count()).select_from(t.Sentence)
             .join(t.Vector, (t.Vector.text_hash == t.Sentence.text_hash)
                   & (t.Vector.model == model)))
        if searchable_only:
            q = q.where(t.Sentence.searchable.is_(True))
        with self.db.session() as s:
            return int(s.scalar(q) or 0)
