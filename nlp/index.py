"""FAISS vector index over sentence ids: exact while small, IVF above a size threshold.

Inner product on L2-normalised vectors, so scores are cosine similarities. The database
holds the vectors; this index is a rebuildable cache persisted next to a small JSON meta.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

INDEX_FORMAT = 1


class IndexUnavailable(Exception):
    """The index file is missing, unreadable or from another model: rebuild it."""


@dataclass(frozen=True)
class IndexParams:
    """When to switch to the approximate index, and how hard to search it."""

    approx_threshold: int = 200_000
    nprobe: int = 16


def ivf_nlist(n: int) -> int:
    """Number of IVF cells: ~4*sqrt(n), the FAISS guideline, within sane bounds."""
    return int(min(65_536, max(16, 4 * math.sqrt(n))))


class VectorIndex:
    """Sentence-id keyed nearest-neighbour search."""

    def __init__(self, index: Any, dim: int, params: IndexParams) -> None:
        self._index = index
        self.dim = dim
        self.params = params

    @property
    def kind(self) -> str:
        """'ivf' or 'flat'."""
        return "ivf" if isinstance(self._index, faiss.IndexIVF) else "flat"

    @property
    def size(self) -> int:
        """Number of vectors held."""
        return int(self._index.ntotal)

    @classmethod
    def build(cls, ids: np.ndarray, vecs: np.ndarray, dim: int, params: IndexParams) -> VectorIndex:
        """A fresh index over all vectors, approximate when there are many."""
        n = len(ids)
        if n >= params.approx_threshold:
            nlist = ivf_nlist(n)
            index: Any = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist,
                                            faiss.METRIC_INNER_PRODUCT)
            rng = np.random.default_rng(0)  # fixed seed: two rebuilds give the same index
            sample = vecs[rng.choice(n, size=min(n, nlist * 64), replace=False)]
            index.train(np.ascontiguousarray(sample))
        else:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        out = cls(index, dim, params)
        out.add(ids, vecs)
        return out

    def should_become_approximate(self) -> bool:
        """True when a flat index has grown past the threshold."""
        return self.kind == "flat" and self.size >= self.params.approx_threshold

    def add(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        """Add vectors under their sentence ids."""
        if len(ids):
            self._index.add_with_ids(np.ascontiguousarray(vecs, dtype=np.float32),
                                     np.asarray(ids, dtype=np.int64))

    def remove(self, ids: Sequence[int]) -> int:
        """Remove sentence ids; returns how many were present."""
        if not ids:
            return 0
        return int(self._index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64))))

    def search(self, query: np.ndarray, k: int,
               allowed: Sequence[int] | None = None) -> list[tuple[int, float]]:
        """Top-k (sentence id, cosine) for one query, optionally only among `allowed` ids."""
        if self.size == 0 or k <= 0 or (allowed is not None and not allowed):
            return []
        sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)) if allowed else None
        lib: Any = faiss  # the SWIG stubs don't declare the parameter classes' keywords
        if self.kind == "ivf":
            sp = lib.SearchParametersIVF(sel=sel, nprobe=self.params.nprobe)
        else:
            sp = lib.SearchParameters(sel=sel)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        _one_omp_thread_here()
        scores, ids = self._index.search(q, min(k, self.size), params=sp)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write index and meta atomically (tmp file + rename), meta last."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
        faiss.write_index(self._index, str(tmp))
        os.replace(tmp, path)
        full = {**meta, "format": INDEX_FORMAT, "dim": self.dim, "size": self.size,
                "kind": self.kind}
        meta_path = _meta_path(path)
        meta_tmp = meta_path.with_suffix(f".tmp{os.getpid()}")
        meta_tmp.write_text(json.dumps(full))
        os.replace(meta_tmp, meta_path)

    @classmethod
    def load(cls, path: Path, dim: int, params: IndexParams) -> tuple[VectorIndex, dict[str, Any]]:
        """Read an index saved by `save`; IndexUnavailable if missing, corrupt or mismatched."""
        try:
            meta = json.loads(_meta_path(path).read_text())
            index = faiss.read_index(str(path))
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexUnavailable(f"cannot read {path}: {exc}") from exc
        if meta.get("format") != INDEX_FORMAT or index.d != dim or index.ntotal != meta.get("size"):
            raise IndexUnavailable(f"{path} does not match its meta or the model")
        return cls(index, dim, params), meta


_THREAD = threading.local()


def _one_omp_thread_here() -> None:
    """One query gains nothing from an OpenMP team, and every web worker thread that calls
    FAISS would otherwise start (and keep spinning) a team of its own. The setting is per
    calling thread, so index builds elsewhere keep every core."""
    if not getattr(_THREAD, "single", False):
        faiss.omp_set_num_threads(1)
        _THREAD.single = True


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")
