"""Pains and goals by meaning: a classifier on the sentence vectors ingest already has.

A prospect sentence that states a current problem is a pain; one that states an outcome they
want is a goal; anything else is neither. The model is a multi-class logistic regression over the
MiniLM sentence vector plus a few cue features (a stated desire, problem words, first person,
a question, a problem already solved), trained on the written examples in
`nlp/data/persona_intent_examples.jsonl` (each with an id, a source and a split; none copies a
6-word run from the labelled calls). The weights for the default embedder ship in
`nlp/data/persona_intent_model.npz`, keyed by embedder name and a hash of the examples;
`python -m bench.quality_personas --build-intents` rebuilds them (seeded, reproducible). Any
other embedder trains its own copy in memory on first use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
EXAMPLES_PATH = DATA / "persona_intent_examples.jsonl"
MODEL_PATH = DATA / "persona_intent_model.npz"
# Pushback on the deal (an objection) and a problem already solved are their own classes: both
# talk about problems, and a linear model separates them better from pains as named groups.
LABELS = ("none", "pain", "goal", "pushback", "solved")
C = 2.0  # inverse regularisation; vectors are unit length, so weights stay small

DESIRE = re.compile(
    r"\b(?:i|we)(?:'d| would) (?:like|love)|\bwhat (?:i|we)(?:'d| would)? ?(?:really |actually )?"
    r"(?:want|need|like|love)|\b(?:i|we) (?:really |just |actually )?(?:want|need) (?:to|the|a|"
    r"every|our|my|all|one|is)|\bideally\b|\b(?:i'm|we're|i am|we are) (?:hoping|aiming|trying|"
    r"looking) (?:to|for)|\b(?:goal|aim|objective|target|priority|mandate|plan) (?:is|this year|"
    r"for)|\bsuccess (?:would|looks|for us)|\bwhat i'm after\b|\b(?:by|before) (?:next|the end "
    r"of|january|february|march|april|may|june|july|august|september|october|november|december|"
    r"the summer|the spring|the autumn|the winter|q[1-4])", re.I)
PROBLEM = re.compile(
    r"\b(?:can't|cannot|couldn't|nobody|no one|no way|no idea|no visibility|never|still|"
    r"by hand|manual(?:ly)?|spreadsheets?|re-?key|retyp|chas(?:e|ing)|lose|losing|lost|miss(?:ed|"
    r"es|ing)?|late|wait(?:s|ing)?|drown|struggl|problem|headache|pain|nightmare|mess|waste|"
    r"every (?:time|month|week|day|quarter)|takes? (?:us|me|them)|eat(?:s|ing)? |fight|stuck|"
    r"out of date|wrong|errors?|typos?|twice|again|keeps?|scrambl|overtime|complain)\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|my|me|we|we're|we've|our|us)\b", re.I)
SOLVED = re.compile(r"\b(?:used to|fixed|sorted|solved|behind us|went away|no longer|"
                    r"anymore|last year we|we had some)\b", re.I)
IF_VENDOR = re.compile(r"\b(?:if|unless|until|should)\s+(?:your|you|it|this|the (?:tool|app|system|"
                       r"platform|product|agent|connector|integration))\b", re.I)
YOU = re.compile(r"\byou(?:r|'re|'ll|'d)?\b", re.I)
QUESTION = re.compile(r"\?\s*$")
N_CUES = 8


class Embedder(Protocol):
    """The part of nlp.embed.Embedder this module needs."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def cue_features(text: str) -> np.ndarray:
    """Cue features of one sentence, each in [0, 1]."""
    t = text.replace("\u2019", "'")
    words = len(t.split())
    return np.array([
        float(bool(DESIRE.search(t))),
        min(len(PROBLEM.findall(t)), 3) / 3,
        float(bool(FIRST_PERSON.search(t))),
        float(bool(QUESTION.search(t))),
        float(bool(SOLVED.search(t))),
        min(words, 30) / 30,
        min(len(YOU.findall(t)), 2) / 2,
        float(bool(IF_VENDOR.search(t))),
    ], dtype=np.float32)


def features(texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    """Sentence vectors with the cue features appended."""
    cues = (np.stack([cue_features(t) for t in texts]) if texts
            else np.zeros((0, N_CUES), np.float32))
    return np.hstack([np.asarray(vectors, dtype=np.float32), cues])


@dataclass(frozen=True)
class IntentModel:
    """Logistic-regression weights over `features`: one probability per LABELS class."""

    embedder: str
    data_hash: str
    coef: np.ndarray  # (len(LABELS), dim + N_CUES)
    intercept: np.ndarray  # (len(LABELS),)

    def proba(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per sentence, columns in LABELS order."""
        if not len(texts):
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        z = features(texts, vectors) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out


def load_examples(path: Path = EXAMPLES_PATH) -> list[dict[str, str]]:
    """The written training examples: id, text, label (one of LABELS), source, split."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def examples_hash(path: Path = EXAMPLES_PATH) -> str:
    """A short hash of the examples file, so a stale artefact is never used."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def train_intent_model(embedder: Embedder) -> IntentModel:
    """Fit the classifier on the written examples (deterministic: lbfgs, fixed data order)."""
    from sklearn.linear_model import LogisticRegression

    examples = [e for e in load_examples() if e.get("split", "train") == "train"]
    texts = [e["text"] for e in examples]
    y = np.array([LABELS.index(e["label"]) for e in examples])
    x = features(texts, embedder.embed(texts))
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    clf.fit(x, y)
    return IntentModel(embedder.name, examples_hash(), clf.coef_.astype(np.float32),
                       clf.intercept_.astype(np.float32))


def save_intent_model(model: IntentModel, path: Path = MODEL_PATH) -> None:
    """Write the weights with the embedder name and examples hash they belong to."""
    np.savez_compressed(path, coef=model.coef, intercept=model.intercept,
                        embedder=np.array(model.embedder), data_hash=np.array(model.data_hash))


def _read(path: Path) -> IntentModel | None:
    if not path.is_file():
        return None
    with np.load(path) as f:
        return IntentModel(str(f["embedder"]), str(f["data_hash"]), f["coef"], f["intercept"])


@cache
def _loaded(embedder_name: str, data_hash: str) -> IntentModel | None:
    shipped = _read(MODEL_PATH)
    if shipped and shipped.embedder == embedder_name and shipped.data_hash == data_hash:
        return shipped
    return None


_TRAINED: dict[str, IntentModel] = {}


def load_intent_model(embedder: Embedder) -> IntentModel:
    """The shipped weights when they match this embedder and the examples; else trained once."""
    found = _loaded(embedder.name, examples_hash())
    if found is not None:
        return found
    if embedder.name not in _TRAINED:
        log.info("training the pain/goal classifier for embedder %s", embedder.name)
        _TRAINED[embedder.name] = train_intent_model(embedder)
    return _TRAINED[embedder.name]
