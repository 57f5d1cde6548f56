"""Objection detection: which prospect sentences push back, of what kind, and how surely.

Candidates are the prospect's sentences. When a call has no sentence whose role is
"prospect" (roles could not be resolved), the "unknown" sentences are the candidates
instead, since the alternative is finding nothing; rep sentences never are, so a rep
anticipating an objection ("you might think it's pricey") cannot fire.

Confidence is P(objection) from a Platt-calibrated logistic regression over the sentence, its
turn context and cue columns (nlp/objection_features.py), trained once from
nlp/data/objection_examples.jsonl and cached as a versioned artefact (nlp/objection_artefact.py).
A sentence is an objection when confidence >= the model's threshold: the best-F1 cut on grouped
out-of-fold predictions (nlp/objection_training.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from models.domain import Sentence
from nlp.embed import CachedEmbedder, Embedder, load_embedder
from nlp.objection_artefact import load_or_train
from nlp.objection_encoder import load_encoder
from nlp.objection_features import call_features, preceding_rep_rows
from nlp.objection_training import CATEGORIES, ObjectionModel

__all__ = ["CATEGORIES", "ObjectionDetector", "ObjectionHit", "ClassifierObjectionDetector",
           "candidate_rows", "preceding_rep_rows", "load_objection_detector",
           "turn_context"]

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

    def __init__(self, model: ObjectionModel, encoder: Embedder | None = None) -> None:
        self.model = model
        self.threshold = model.threshold
        self.encoder = encoder  # the fine-tuned sentence encoder, when the model has one

    def scores(self, sentences: Sequence[Sentence], vectors: np.ndarray,
               rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """P(objection), with turn context, and category probabilities for the given rows."""
        own = (self.encoder.embed([sentences[r].clean_text or sentences[r].text for r in rows])
               if self.encoder is not None else None)
        x = call_features(sentences, vectors, rows, self.model.ask_vectors,
                          self.model.settings.with_context, own)
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


_DETECTORS: dict[tuple[str, Path], ObjectionDetector] = {}
DEFAULT_CACHE = Path.home() / ".cache" / "callsift"


def load_objection_detector(embedder: Embedder | None = None,
                            cache_dir: Path | None = None) -> ObjectionDetector:
    """The process-wide detector for an embedder's vectors (the default torch one unless
    given), loaded from its cached artefact or trained once into it."""
    embedder = embedder or load_embedder()
    cache_dir = cache_dir or DEFAULT_CACHE
    if (embedder.name, cache_dir) not in _DETECTORS:
        model = load_or_train(embedder, cache_dir)
        encoder = (CachedEmbedder(load_encoder(cache_dir / model.encoder_dir))
                   if model.encoder_dir else None)
        _DETECTORS[embedder.name, cache_dir] = ClassifierObjectionDetector(model, encoder)
    return _DETECTORS[embedder.name, cache_dir]
