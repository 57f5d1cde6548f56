"""Train the objection classifier from the bundled labelled examples.

Examples (nlp/data/objection_examples.jsonl, see docs/objections.md) are hand-written sentences
and sentences of the tune half of the labelled B2B calls, each with an id, a source and a split,
and for call sentences their turn context. A logistic regression over feature rows
(nlp/objection_features.py), Platt-calibrated on folds, gives P(objection); a second one,
trained on the positives only, gives the category. The threshold is the best-F1 cut on
out-of-fold predictions for the call sentences (their objection rate is a real call's), folds
grouped by call so no call is scored by a model that saw it. Everything is seeded, so the same
examples and embedder give the same model (nlp/objection_artefact.py caches it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from nlp.embed import Embedder
from nlp.objection_cues import CUE_NAMES, text_cues
from nlp.objection_features import ASK_PROTOTYPES, feature_row

__all__ = ["CATEGORIES", "CUE_NAMES", "EXAMPLES_PATH", "Example", "ObjectionModel", "NONE",
           "best_f1_threshold", "load_examples", "prior_shift", "text_cues",
           "train_objection_model", "TrainingSettings"]

CATEGORIES = ("price", "timing", "authority", "no_need", "competitor", "trust",
              "implementation", "contract", "other")
EXAMPLES_PATH = Path(__file__).parent / "data" / "objection_examples.jsonl"
NONE = "none"
# Assumed share of prospect sentences that object when no call sentences are among the
# examples to measure it on. A round prior, not a dev figure.
BASE_RATE = 0.10


@dataclass(frozen=True)
class TrainingSettings:
    """What a trained model depends on besides the examples and the embedder."""

    # Measured on the held-out calls (bench.objection_candidates): a fine-tuned copy of the
    # encoder (one epoch) beat the frozen one, and neighbour vectors cost F1 either way.
    with_context: bool = False
    finetune_epochs: int = 1
    c: float = 1.0
    folds: int = 5
    version: str = "3"  # bump when training code changes what a model learns

    def key(self) -> str:
        return (f"ctx={int(self.with_context)},ft={self.finetune_epochs},c={self.c},"
                f"folds={self.folds},v={self.version}")


@dataclass(frozen=True)
class Example:
    """One labelled sentence, with what was said around it when it comes from a call."""

    text: str
    label: str
    prev: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()
    id: str = ""
    source: str = "written"
    split: str = "train"

    @property
    def group(self) -> str:
        """Cross-validation group: a call's sentences stay together."""
        return self.source if self.source.startswith("call:") else self.id or self.text


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def load_examples(path: Path = EXAMPLES_PATH) -> list[Example]:
    """The labelled examples shipped beside this module."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [Example(text=r["text"], label=r["label"], prev=_as_tuple(r.get("prev")),
                    neighbours=_as_tuple(r.get("neighbours")), id=r.get("id", ""),
                    source=r.get("source", "written"), split=r.get("split", "train"))
            for r in rows]


@dataclass(frozen=True)
class ObjectionModel:
    """The fitted binary and category classifiers, the ask prototypes and the threshold."""

    binary: CalibratedClassifierCV
    category: LogisticRegression
    ask_vectors: np.ndarray
    threshold: float
    train_rate: float
    target_rate: float
    settings: TrainingSettings = field(default_factory=TrainingSettings)
    encoder_dir: str | None = None  # folder name of the fine-tuned encoder, in the cache dir

    def confidence(self, x: np.ndarray) -> np.ndarray:
        """Calibrated P(objection), shifted from the examples' rate to a real call's."""
        return prior_shift(self.binary.predict_proba(x)[:, 1], self.train_rate, self.target_rate)


def prior_shift(proba: np.ndarray, train_rate: float, target: float = BASE_RATE) -> np.ndarray:
    """Re-express probabilities learnt at one positive rate for another (Bayes rule)."""
    pos = proba * (target / train_rate)
    neg = (1.0 - proba) * ((1.0 - target) / (1.0 - train_rate))
    return np.asarray(pos / np.maximum(pos + neg, 1e-12), dtype=np.float64)


def best_f1_threshold(y: np.ndarray, proba: np.ndarray, neg_weight: float = 1.0) -> float:
    """The probability cut with the highest F1 on out-of-fold predictions.

    neg_weight counts each negative example that many times, as if the examples had the
    deployment base rate.
    """
    best, best_t = -1.0, 0.5
    for t in np.arange(5, 91) / 100:  # exact hundredths, so the returned cut is the one scored
        pred = proba >= t
        tp = float((pred & y).sum())
        fp = float((pred & ~y).sum()) * neg_weight
        f1 = 2 * tp / max(1.0, tp + fp + float(y.sum()))
        if f1 > best:
            best, best_t = f1, float(t)
    return best_t


def training_matrix(embedder: Embedder, examples: Sequence[Example], ask_vectors: np.ndarray,
                    with_context: bool, encoder: Embedder | None = None) -> np.ndarray:
    """Embed the examples (with `encoder` when given) and their context sentences (always with
    the search embedder, as at ingest) into feature rows."""
    texts = [e.text for e in examples]
    vectors = (encoder or embedder).embed(texts)
    others = sorted({t for e in examples for t in (*e.prev, *e.neighbours)})
    other_vecs = dict(zip(others, embedder.embed(others), strict=True)) if others else {}
    dim = vectors.shape[1]

    def stack(items: tuple[str, ...]) -> np.ndarray:
        return np.vstack([other_vecs[t] for t in items]) if items else np.zeros((0, dim))

    return np.vstack([feature_row(e.text, v, stack(e.prev), stack(e.neighbours), ask_vectors,
                                  with_context) for e, v in zip(examples, vectors, strict=True)])


def _binary(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def train_objection_model(embedder: Embedder, examples: Sequence[Example] | None = None,
                          settings: TrainingSettings | None = None,
                          encoder: Embedder | None = None,
                          encoder_dir: str | None = None) -> ObjectionModel:
    """Fit both classifiers and choose the threshold on grouped out-of-fold predictions.

    `encoder` (saved as `encoder_dir`) encodes the candidate sentences; the search embedder
    encodes their context and the ask prototypes.
    """
    settings = settings or TrainingSettings()
    examples = list(examples) if examples is not None else load_examples()
    ask_vectors = embedder.embed(list(ASK_PROTOTYPES))
    x = training_matrix(embedder, examples, ask_vectors, settings.with_context, encoder)
    y = np.array([e.label != NONE for e in examples])
    groups = [e.group for e in examples]
    folds = list(GroupKFold(n_splits=settings.folds).split(x, y, groups))
    binary = CalibratedClassifierCV(_binary(settings.c), method="sigmoid", cv=folds)
    oof = cross_val_predict(CalibratedClassifierCV(_binary(settings.c), method="sigmoid", cv=3),
                            x, y, cv=folds, method="predict_proba")[:, 1]
    binary.fit(x, y)
    rate = float(y.mean())
    from_calls = np.array([e.source.startswith("call:") for e in examples])
    if from_calls.sum() >= 50 and y[from_calls].any():
        target = float(y[from_calls].mean())
        threshold = best_f1_threshold(y[from_calls], prior_shift(oof[from_calls], rate, target))
    else:
        target = BASE_RATE
        neg_weight = (1.0 - BASE_RATE) / BASE_RATE * rate / (1.0 - rate)
        threshold = best_f1_threshold(y, prior_shift(oof, rate, target), neg_weight)
    pos = [i for i, e in enumerate(examples) if e.label != NONE]
    category = LogisticRegression(C=4.0, max_iter=3000)
    category.fit(x[pos], [examples[i].label for i in pos])
    return ObjectionModel(binary=binary, category=category, ask_vectors=ask_vectors,
                          threshold=threshold, train_rate=rate, target_rate=target,
                          settings=settings, encoder_dir=encoder_dir)
