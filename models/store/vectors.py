"""Embedding vectors stored as float32 bytes, keyed by (model, text hash)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import tables as t


def to_bytes(vec: np.ndarray) -> bytes:
    """float32 little-endian bytes."""
    return np.asarray(vec, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The vector stored by `to_bytes`."""
    return np.frombuffer(data, dtype="<f4").astype(np.float32)


def put_vectors(s: Session, model: str, vectors: Mapping[str, np.ndarray]) -> None:
    """Store vectors not yet stored; concurrent writers of the same hash are tolerated."""
    if not vectors:
        return
    # Sorted by hash: two writers inserting overlapping lines in different orders would
    # each wait on the other's uncommitted row (a deadlock Postgres breaks by failing one).
    rows = [{"model": model, "text_hash": h, "dim": int(v.shape[0]), "data": to_bytes(v)}
            for h, v in sorted(vectors.items())]
    # Two workers embedding the same new line at once both insert it: the second insert
    # waits for the first to commit, then does nothing, instead of failing the whole call.
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    for i in range(0, len(rows), 500):
        s.execute(insert(t.Vector).values(rows[i:i + 500])
                  .on_conflict_do_nothing(index_elements=["model", "text_hash"]))


def get_vectors(s: Session, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored vectors for the hashes that have one."""
    wanted = list(set(hashes))
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(wanted), 900):  # stay under SQLite's bound-parameter limit
        rows = s.execute(select(t.Vector.text_hash, t.Vector.data).where(
            t.Vector.model == model, t.Vector.text_hash.in_(wanted[i:i + 900])))
        out.update({h: from_bytes(d) for h, d in rows})
    return out


def drop_orphan_vectors(s: Session, hashes: Iterable[str]) -> None:
    """Delete vectors of these hashes that no sentence (or sentence window) uses any more."""
    wanted = list(set(hashes))
    for i in range(0, len(wanted), 900):
        chunk = wanted[i:i + 900]
        used = set(s.scalars(select(t.Sentence.text_hash).where(t.Sentence.text_hash.in_(chunk))))
        used |= set(s.scalars(select(t.Sentence.window_hash)
                              .where(t.Sentence.window_hash.in_(chunk))))
        orphans = [h for h in chunk if h not in used]
        if orphans:
            s.execute(delete(t.Vector).where(t.Vector.text_hash.in_(orphans)))
