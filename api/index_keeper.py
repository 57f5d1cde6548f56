"""This process's FAISS replica, kept in step with the database's change log."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import numpy as np

from models.store import ChangeRow, IndexFeed
from nlp.index import IndexParams, IndexUnavailable, VectorIndex

log = logging.getLogger(__name__)


class IndexKeeper:
    """Loads the index file, rebuilds it from the database when needed, applies new changes."""

    def __init__(self, feed: IndexFeed, path: Path, *, model: str, dim: int, params: IndexParams,
                 refresh_seconds: float = 0.0, save_seconds: float = 10.0,
                 window_weight: float = 0.0) -> None:
        self._feed, self._path, self._model, self._dim = feed, path, model, dim
        self._window_weight = window_weight
        # The index holds vectors mixed with this weight: another weight needs a rebuild.
        self._key = f"{model}|window={window_weight:g}"
        self._params = params
        self._refresh_seconds, self._save_seconds = refresh_seconds, save_seconds
        self._lock = threading.RLock()
        self._index: VectorIndex | None = None
        self.seq = 0
        self._checked = 0.0
        self._saved = 0.0
        self._dirty = False
        self.last_rebuild_reason: str | None = None

    @property
    def index(self) -> VectorIndex:
        """The current index, brought up to date first."""
        self.refresh()
        assert self._index is not None
        return self._index

    def refresh(self, *, force: bool = False) -> None:
        """Catch up with the change log (at most every `refresh_seconds` unless forced)."""
        now = time.monotonic()
        if not force and self._index is not None and now - self._checked < self._refresh_seconds:
            return
        with self._lock:
            self._checked = now
            if self._index is None:
                self._open()
            self._catch_up()
            self._save_if_due(force=force)

    def rebuild(self, reason: str) -> None:
        """Build the index from every vector in the database."""
        with self._lock:
            log.info("rebuilding the vector index: %s", reason)
            head = self._feed.head()  # read first: later changes are replayed, never lost
            ids, vecs = [], []
            for batch_ids, batch_vecs in self._feed.all_vectors(
                    self._model, self._dim, window_weight=self._window_weight,
                    searchable_only=True):
                ids.append(batch_ids)
                vecs.append(batch_vecs)
            all_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
            all_vecs = np.concatenate(vecs) if vecs else np.zeros((0, self._dim), np.float32)
            self._index = VectorIndex.build(all_ids, all_vecs, self._dim, self._params)
            self.seq, self._dirty = head, True
            self.last_rebuild_reason = reason
            self._catch_up()
            self._save_if_due(force=True)

    def save(self) -> None:
        """Persist the index now if it changed."""
        with self._lock:
            self._save_if_due(force=True)

    def _open(self) -> None:
        try:
            index, meta = VectorIndex.load(self._path, self._dim, self._params)
        except IndexUnavailable as exc:
            self.rebuild(str(exc))
            return
        if meta.get("model") != self._key or int(meta.get("seq", -1)) > self._feed.head():
            self.rebuild("the index file belongs to another model, window weight or database")
            return
        self._index, self.seq = index, int(meta["seq"])
        self._catch_up()
        stored = self._feed.searchable_count(self._model, searchable_only=True)
        if self._index.size != stored:
            self.rebuild(f"the index holds {self._index.size} vectors, the database {stored}")

    def _catch_up(self) -> None:
        assert self._index is not None
        while changes := self._feed.changes_after(self.seq):
            for change in changes:
                self._apply(change)
            self.seq, self._dirty = changes[-1].seq, True
        if self._index.should_become_approximate():
            self.rebuild(f"{self._index.size} vectors passed the approximate-index threshold")

    def _apply(self, change: ChangeRow) -> None:
        assert self._index is not None
        # Remove before add: a rebuild may already hold sentences its replayed changes add.
        self._index.remove(change.sentence_ids)
        if change.op == "add":
            ids, vecs = self._feed.vectors_of(change.sentence_ids, self._model, self._dim,
                                              self._window_weight, searchable_only=True)
            self._index.add(ids, vecs)

    def _save_if_due(self, *, force: bool) -> None:
        now = time.monotonic()
        if self._index is None or not self._dirty:
            return
        if force or now - self._saved >= self._save_seconds:
            self._index.save(self._path, {"seq": self.seq, "model": self._key})
            self._saved, self._dirty = now, False
