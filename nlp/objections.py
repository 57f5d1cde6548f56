"""Objection detection: which prospect sentences push back, of what kind, and how surely.

Candidates are the prospect's sentences. When a call has no sentence whose role is
"prospect" (roles could not be resolved), the "unknown" sentences are the candidates
instead, since the alternative is finding nothing; rep sentences never are, so a rep
anticipating an objection ("you might think it's pricey") cannot fire.

Confidence is P(objection) from a Platt-calibrated logistic regression trained at load
time on nlp/data/objection_examples.jsonl (see nlp/objection_training.py), shifted from the
examples' base rate (~40% objections) to an assumed 10% of prospect sentences. A sentence
is an objection when confidence >= the model's threshold: the best-F1 cut under 5-fold
cross-validation on those examples, negatives re-weighted to that 10% base rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from models.domain import Sentence
from nlp.embed import Embedder, load_embedder
from nlp.objection_training import (
    CATEGORIES,
    ObjectionModel,
    ask_strength,
    feature_matrix,
    train_objection_model,
)

__all__ = ["CATEGORIES", "ObjectionDetector", "ObjectionHit", "ClassifierObjectionDetector",
           "candidate_rows", "preceding_rep_rows", "load_objection_detector", "turn_context"]

# A runner-up category is worth naming when it holds at least this share of the
# category probability ("locked in with them until March": timing, then competitor).
SECONDARY_MIN = 0.25
# An objection often spans several sentences of one turn ("Sorry, no. We just renewed with
# them."), and a lone borderline sentence in an otherwise upbeat turn often is not one. A
# sentence that reaches TURN_GATE of the threshold on its own moves TURN_WEIGHT of the way
# towards the strongest other sentence of its turn; a backchannel such as "I hear you" scores
# far below the gate and is never lifted. Both values were chosen on one half of the
# PersuasionForGood dev dialogues (by average precision) and checked on the other half.
TURN_WEIGHT, TURN_GATE = 0.3, 0.5


@dataclass(frozen=True)
class ObjectionHit:
    """A sentence (row index into the call's sentences) judged to be an objection."""

    index: int
    category: str
    confidence: float
    secondary: str | None


class ObjectionDetector(Protocol):
    """Finds objections among a call's sentences, given their vectors in the same order."""

    def detect(self, sentences: Sequence[Sentence], vectors: np.ndarray) -> list[ObjectionHit]:
        ...


def candidate_rows(sentences: Sequence[Sentence]) -> list[int]:
    """Rows that may hold objections: prospect sentences, else unknown-role ones."""
    wanted = "prospect" if any(s.role == "prospect" for s in sentences) else "unknown"
    return [i for i, s in enumerate(sentences) if s.role == wanted]


def preceding_rep_rows(sentences: Sequence[Sentence], row: int, last_n: int = 3) -> list[int]:
    """The last sentences of the turn just before this sentence's turn, if a rep said it."""
    turn = sentences[row].turn_index
    start = row
    while start > 0 and sentences[start - 1].turn_index == turn:
        start -= 1
    prev = start - 1
    if prev < 0 or sentences[prev].role != "rep":
        return []
    prev_turn = sentences[prev].turn_index
    rows: list[int] = []
    while prev >= 0 and sentences[prev].turn_index == prev_turn and len(rows) < last_n:
        rows.append(prev)
        prev -= 1
    return rows[::-1]


def turn_context(conf: np.ndarray, turns: Sequence[int], threshold: float) -> np.ndarray:
    """Lift each sentence that is already near the threshold towards its turn's strongest."""
    out = np.asarray(conf, dtype=np.float64).copy()
    for i, (p, turn) in enumerate(zip(conf, turns, strict=True)):
        mates = [q for j, (q, t) in enumerate(zip(conf, turns, strict=True))
                 if t == turn and j != i]
        if mates and p >= TURN_GATE * threshold:
            out[i] = (1 - TURN_WEIGHT) * p + TURN_WEIGHT * max(mates)
    return out


class ClassifierObjectionDetector:
    """Objection detector backed by a trained ObjectionModel."""

    def __init__(self, model: ObjectionModel) -> None:
        self.model = model
        self.threshold = model.threshold

    def scores(self, sentences: Sequence[Sentence], vectors: np.ndarray,
               rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """P(objection), with turn context, and category probabilities for the given rows."""
        asks = [ask_strength(vectors[preceding_rep_rows(sentences, r)], self.model.ask_vectors)
                for r in rows]
        texts = [sentences[r].clean_text or sentences[r].text for r in rows]
        x = feature_matrix(texts, vectors[list(rows)], asks)
        conf = turn_context(self.model.confidence(x), [sentences[r].turn_index for r in rows],
                            self.threshold)
        return conf, self.model.category.predict_proba(x)

    def detect(self, sentences: Sequence[Sentence], vectors: np.ndarray) -> list[ObjectionHit]:
        """Hits for every candidate sentence whose confidence reaches the threshold."""
        rows = candidate_rows(sentences)
        if not rows:
            return []
        conf, cats = self.scores(sentences, vectors, rows)
        labels = [str(c) for c in self.model.category.classes_]
        hits = []
        for row, p, probs in zip(rows, conf, cats, strict=True):
            if p < self.threshold:
                continue
            first, second = np.argsort(probs)[::-1][:2]
            secondary = labels[second] if probs[second] >= SECONDARY_MIN else None
            hits.append(ObjectionHit(index=row, category=labels[first],
                                     confidence=round(float(p), 4), secondary=secondary))
        return hits


_DETECTORS: dict[str, ObjectionDetector] = {}


def load_objection_detector(embedder: Embedder | None = None) -> ObjectionDetector:
    """The process-wide detector for an embedder's vectors (the default torch one unless
    given), trained from the bundled examples on first use; one per embedder identity."""
    embedder = embedder or load_embedder()
    if embedder.name not in _DETECTORS:
        _DETECTORS[embedder.name] = ClassifierObjectionDetector(train_objection_model(embedder))
    return _DETECTORS[embedder.name]
