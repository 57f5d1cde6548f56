"""Grouping for phrasings: scripted-line detection, variant grouping, library similarity.

Pure functions over arrays and texts, shared by phrasings and objection answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

from nlp.phrasing_cues import (
    PHRASING_MIN,
    content_words,
    figurative_score,
    has_any,
    load_cues,
    norm,
    words,
)

# MiniLM puts rewordings of one analogy at cosine 0.55-0.77 ("smoke detector for your cloud
# bill" vs "carbon monoxide alarm for your AWS account": 0.73) and different analogies about
# the same bill below 0.45 (the default for other callers, e.g. objection answers).
VARIANT_THRESHOLD = 0.5
NEAR_VERBATIM = 0.9


def _repeat_counts(vectors: np.ndarray, call_ids: np.ndarray, speakers: np.ndarray,
                   near: float, block: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the distinct calls and speakers with a near-verbatim copy (itself included)."""
    n = len(vectors)
    calls, people = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
    for start in range(0, n, block):  # blocked so memory stays O(block * n)
        sims = vectors[start:start + block] @ vectors.T
        for i, row in enumerate(sims >= near):
            calls[start + i] = len(np.unique(call_ids[row]))
            people[start + i] = len(np.unique(speakers[row]))
    return calls, people


def boilerplate_mask(texts: Sequence[str], vectors: np.ndarray, call_ids: Sequence[int],
                     speakers: Sequence[str], *, near: float = NEAR_VERBATIM,
                     figurative: np.ndarray | None = None) -> np.ndarray:
    """True for scripted or stock lines: said near-verbatim in two calls or more, or stock.

    A reused image is spread, not script, unless it is in half of all calls (and 3 or more).
    """
    cues = load_cues()
    n_calls = len(set(call_ids))
    calls, _ = _repeat_counts(np.asarray(vectors, dtype=np.float32), np.asarray(call_ids),
                              np.asarray(speakers), near)
    everywhere = calls >= max(3, math.ceil(0.5 * n_calls))
    if figurative is None:
        figurative = np.array([figurative_score(t) for t in texts])
    image = np.asarray(figurative) >= PHRASING_MIN
    stock = np.array([len(words(t)) < 4 or has_any(norm(t), cues["boilerplate_phrases"]) > 0
                      for t in texts], dtype=bool)
    return stock | everywhere | ((calls >= 2) & ~image)


def bigram_overlap(texts: Sequence[str]) -> np.ndarray:
    """Pairwise overlap coefficient of content-word bigrams; 0 when either side has fewer than 2."""
    grams = [set(zip(w, w[1:], strict=False)) for w in map(content_words, texts)]
    vocab: dict[tuple[str, str], int] = {}
    cols = [[vocab.setdefault(g, len(vocab)) for g in sorted(gs)] for gs in grams]
    rows = [i for i, c in enumerate(cols) for _ in c]
    m = csr_matrix((np.ones(len(rows)), (rows, [j for c in cols for j in c])),
                   shape=(len(grams), max(1, len(vocab))))
    sizes = np.array([len(gs) for gs in grams], dtype=np.float64)
    small = np.minimum.outer(sizes, sizes)
    out = np.where(small >= 2, (m @ m.T).toarray() / np.maximum(small, 1.0), 0.0)
    np.fill_diagonal(out, 0.0)
    return out


def group_variants(vectors: np.ndarray, threshold: float = VARIANT_THRESHOLD,
                   texts: Sequence[str] | None = None) -> np.ndarray:
    """Group labels 0..k-1 (numbered by first row) by average-linkage clustering.

    Similarity is cosine, or the bigram overlap of the texts when higher: a reworded
    image keeps its words ("five-bedroom house") while its setup sentence changes.
    """
    n = len(vectors)
    if n <= 1:
        return np.zeros(n, dtype=int)
    sims = np.clip(vectors @ vectors.T, -1.0, 1.0).astype(np.float64)
    if texts is not None:
        sims = np.maximum(sims, bigram_overlap(texts))
    dist = squareform(1.0 - sims, checks=False)
    raw = fcluster(linkage(np.clip(dist, 0.0, 2.0), method="average"),
                   t=1.0 - threshold, criterion="distance")
    first: dict[int, int] = {}
    return np.array([first.setdefault(int(c), len(first)) for c in raw], dtype=int)


def library_similarity(vectors: np.ndarray, messaging_vectors: np.ndarray | None) -> np.ndarray:
    """Max cosine of each row to the messaging library; 0 when the library is empty."""
    if messaging_vectors is None or len(messaging_vectors) == 0 or len(vectors) == 0:
        return np.zeros(len(vectors), dtype=np.float64)
    return np.asarray((vectors @ messaging_vectors.T).max(axis=1), dtype=np.float64)
