"""Feature rows for the objection classifier: a sentence, its turn context and its cues.

A row is the sentence vector, the mean vector of the rep's sentences just before the prospect's
turn (what was asked), the mean vector of the sentence's neighbours in its own turn (what the
prospect said around it), and the cue columns. The same function builds rows for training
examples (texts embedded at training time) and for a call at ingest (vectors already computed),
so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.domain import Sentence
from nlp.objection_cues import CUE_NAMES, text_cues

# What a rep says when asking for the commitment; a bare "no thanks" right after one of these
# is a refusal, while after "do you have kids?" it is just an answer.
ASK_PROTOTYPES = (
    "Would you be willing to donate some of your payment?",
    "How much would you like to donate today?",
    "Can I count on you for a donation?",
    "Would you consider giving to the charity?",
    "Are you ready to sign the contract?",
    "Can we move forward with the purchase this week?",
    "Would you like to start a pilot with us?",
    "Shall I send over the order form?",
    "Are you sure? Even a small amount would help.",
    "What if I matched your contribution?",
    "Could you do just a little, even a dollar?",
    "Can we get you started on the plan today?",
)
# Cosine to the closest ask prototype that maps to 0 and to 1 (MiniLM's paraphrase range).
ASK_FLOOR, ASK_CEIL = 0.35, 0.75
# Cue columns are scaled up so a few binary columns can compete with hundreds of vector
# dimensions under the same L2 penalty.
CUE_SCALE = 0.5
# Rep sentences of the previous turn that count as "what was asked".
PREV_REP_SENTENCES = 3


@dataclass(frozen=True)
class Context:
    """The sentences around one candidate: the rep's turn before, and its own turn's neighbours."""

    prev_rep: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()


def preceding_rep_rows(sentences: Sequence[Sentence], row: int,
                       last_n: int = PREV_REP_SENTENCES) -> list[int]:
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


def neighbour_rows(sentences: Sequence[Sentence], row: int) -> list[int]:
    """The sentences just before and after this one in the same turn."""
    turn = sentences[row].turn_index
    return [r for r in (row - 1, row + 1)
            if 0 <= r < len(sentences) and sentences[r].turn_index == turn]


def context_of(sentences: Sequence[Sentence], row: int) -> Context:
    """The texts around a row, as training examples store them."""
    def text(r: int) -> str:
        return sentences[r].clean_text or sentences[r].text

    return Context(prev_rep=tuple(text(r) for r in preceding_rep_rows(sentences, row)),
                   neighbours=tuple(text(r) for r in neighbour_rows(sentences, row)))


def ask_strength(prev_vectors: np.ndarray, ask_vectors: np.ndarray) -> float:
    """0..1: how much the closest of the rep's preceding sentences sounds like an ask."""
    if len(prev_vectors) == 0:
        return 0.0
    best = float((prev_vectors @ ask_vectors.T).max())
    return float(np.clip((best - ASK_FLOOR) / (ASK_CEIL - ASK_FLOOR), 0.0, 1.0))


def mean_vector(vectors: np.ndarray, dim: int) -> np.ndarray:
    """The unit-length mean of some vectors, or zeros when there are none."""
    if len(vectors) == 0:
        return np.zeros(dim, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)


def feature_row(text: str, vector: np.ndarray, prev_vectors: np.ndarray,
                neighbour_vectors: np.ndarray, ask_vectors: np.ndarray,
                with_context: bool) -> np.ndarray:
    """One candidate's features (see the module docstring)."""
    dim = vector.shape[0]
    cues = text_cues(text)
    ask = ask_strength(prev_vectors, ask_vectors)
    short, negation = cues[CUE_NAMES.index("short")], cues[CUE_NAMES.index("negation")]
    cue_cols = np.asarray(cues + [ask, ask * short, ask * negation], dtype=np.float32)
    parts = [vector.astype(np.float32)]
    if with_context:
        parts += [mean_vector(prev_vectors, dim), mean_vector(neighbour_vectors, dim)]
    return np.concatenate(parts + [CUE_SCALE * cue_cols])


def call_features(sentences: Sequence[Sentence], vectors: np.ndarray, rows: Sequence[int],
                  ask_vectors: np.ndarray, with_context: bool,
                  row_vectors: np.ndarray | None = None) -> np.ndarray:
    """Feature rows for candidate rows of one call. Context comes from the call's own sentence
    vectors; so do the candidates' own, unless `row_vectors` (in the order of rows) are given."""
    dim = vectors.shape[1]
    own = row_vectors if row_vectors is not None else vectors[list(rows)]
    out = [feature_row(sentences[r].clean_text or sentences[r].text, own[k],
                       vectors[preceding_rep_rows(sentences, r)],
                       vectors[neighbour_rows(sentences, r)], ask_vectors, with_context)
           for k, r in enumerate(rows)]
    width = (3 if with_context else 1) * dim + len(CUE_NAMES)
    return np.vstack(out) if out else np.zeros((0, width), np.float32)
