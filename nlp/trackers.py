"""Custom trackers: a concept defined by example phrases, matched by meaning.

A sentence hits when it is close to some example (cosine >= threshold) and closer to the
examples than to any negative example. Pure array maths, so it runs over a whole corpus
in one matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.embed import Embedder

# MiniLM puts real paraphrases of short business sentences at cosine 0.3-0.5 ("run it by
# our purchasing team" vs "we need approval from procurement": 0.34) and unrelated ones
# below 0.15; a tracker may set its own threshold.
DEFAULT_THRESHOLD = 0.33
# A negative must be beaten by this much: "I love the price" is close to "the price is
# too high" and a user who lists it as a negative means "not this".
NEGATIVE_MARGIN = 0.02


@dataclass(frozen=True)
class TrackerModel:
    """A tracker's embedded examples and its decision rule."""

    examples: np.ndarray
    negatives: np.ndarray
    threshold: float = DEFAULT_THRESHOLD


def tracker_scores(model: TrackerModel, vectors: np.ndarray) -> np.ndarray:
    """Each sentence's score: max cosine to an example, or 0 when a negative is closer."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=np.float32)
    pos = (vectors @ model.examples.T).max(axis=1)
    if len(model.negatives):
        neg = (vectors @ model.negatives.T).max(axis=1)
        pos = np.where(neg + NEGATIVE_MARGIN >= pos, 0.0, pos)
    return np.asarray(pos, dtype=np.float32)


def tracker_hits(model: TrackerModel, vectors: np.ndarray) -> list[tuple[int, float]]:
    """(row index, score) of the sentences that hit, best first."""
    scores = tracker_scores(model, vectors)
    rows = np.flatnonzero(scores >= model.threshold)
    return sorted(((int(i), float(scores[i])) for i in rows), key=lambda x: (-x[1], x[0]))


def build_tracker_model(embedder: Embedder, examples: Sequence[str], negatives: Sequence[str],
                        threshold: float | None = None) -> TrackerModel:
    """Embed a tracker's phrases once."""
    neg = embedder.embed(list(negatives)) if negatives else np.zeros((0, embedder.dim),
                                                                     dtype=np.float32)
    return TrackerModel(examples=embedder.embed(list(examples)), negatives=neg,
                        threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
