"""Train the objection classifier from the bundled, hand-written examples.

Features are the sentence's MiniLM vector plus a few linguistic cues (negation, refusal
openers, hedges, joke and solved-past-problem markers) and one context cue: how much the
rep's preceding turn sounds like an ask. A logistic regression, Platt-calibrated on held-out
folds, gives P(objection); a second one, trained on the positives only, gives the category.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from nlp.embed import Embedder

CATEGORIES = ("price", "timing", "authority", "no_need", "competitor", "trust",
              "implementation", "contract", "other")
EXAMPLES_PATH = Path(__file__).parent / "data" / "objection_examples.jsonl"
NONE = "none"

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
# Cue columns are scaled up so a few binary columns can compete with 384 vector dimensions
# under the same L2 penalty.
CUE_SCALE = 0.5
# The examples are about 40% objections; in a real call far fewer prospect sentences are.
# Probabilities are shifted to this assumed base rate (Bayes prior correction), and the
# threshold is chosen with the negatives re-weighted to it. A round prior, not a dev figure.
BASE_RATE = 0.10

_WORD = re.compile(r"[a-z']+")
_NEGATION = re.compile(r"\b(no|not|never|nothing|none|nobody|cannot|can't|won't|don't|"
                       r"doesn't|didn't|isn't|aren't|wouldn't|couldn't|shouldn't|nope|nah)\b"
                       r"|n't\b")
_REFUSAL_START = re.compile(r"^\W*(no|nope|nah|not|sorry|unfortunately|i'm afraid)\b")
_HEDGE = re.compile(r"\b(but|however|though|unfortunately|honestly|afraid|rather|prefer|"
                    r"instead|first|until|unless|already)\b")
_AGREE_START = re.compile(r"^\W*(yes|yeah|yep|sure|great|ok|okay|absolutely|definitely|"
                          r"of course|sounds good|i agree|thanks|thank you|awesome|wow)\b")
_JOKE = re.compile(r"\b(haha\w*|hehe\w*|lol\w*|lmao|rofl|jk|just kidding|just joking|"
                   r"kidding)\b|[\U0001F602\U0001F923]")
_PAST = re.compile(r"\b(used to|was|were|had|in the past|at first|early on|before|last year|"
                   r"last quarter)\b")
_RESOLVED = re.compile(r"\b(but|until)\b.*\b(now|fixed|solved|sorted|resolved|since|"
                       r"anymore|passed|signed off|approved|ended|switched|fine|streamlined|"
                       r"better|no longer)\b")
_OWN_PLAN = re.compile(r"\b(i|we)('ll| will| would| 'd|'d| can't| cannot| won't| need| have to|"
                       r"'m not| am not)\b")

# A commitment ("I'll give a dollar", "we can start in May") is the opposite of pushback even
# when it mentions money or time.
_COMMIT = re.compile(r"\b(i|we)('ll| will| would like to| want to|'m willing to| am willing to|"
                     r" can| plan to|'m going to| am going to|'d be happy to|'d love to|'d like to|"
                     r"'d be willing to| would be willing to|'d be fine| would be fine|'m happy to|"
                     r" am happy to| wouldn't mind| would not mind| shall| could)"
                     r"( (?!not\b|never\b|hardly\b)\w+)? (donate|donating|give|giving|contribute|"
                     r"chip in|sign|start|move|go with|do|pay|put in|buy|take)\b")

# Committing to nothing is a refusal in the words of a commitment ("I'll donate $0").
_ZERO = re.compile(r"(\$ ?0(\.0+)?|\b(zero(?=\s*$|\s*[.,!;]| (dollars|cents|bucks|for|from|this|"
                   r"right|today|now)\b)|0 (dollars|cents)|not (a|one) (penny|cent|dime|dollar))"
                   r"|\b(give|giving|donate|donating|contribute|spend|spending|pay|paying|put in|"
                   r"commit\w*)"
                   r"( \w+)? (nothing|none|0)\b)(?![.,]?\d)")

# Questions are mostly neutral, except those that ask for proof: doubt phrased as a question.
_DOUBT = re.compile(r"\bhow (do|can|would|could|will) (i|we|you) (know|be sure|tell|trust|prove)|"
                    r"\bwhat guarantee|\bwhy should (i|we) (trust|believe|pay|give|switch)|"
                    r"\bscam\b|\blegit\b|\bwhat stops\b|\bwho checks\b|\bcan you prove\b")
# Contentment with the current way of working is the status-quo objection.
_STATUS_QUO = re.compile(r"\b(happy|fine|satisfied|content|good) with (what|how|our|the way|"
                         r"the current|the tools?|the system|things)\b|\bworks? (fine|well)\b|"
                         r"\bgets? the job done\b")

# Being bound to someone else ("locked in with them", "under contract") blocks a switch.
_BOUND = re.compile(r"\b(locked in(to)?|under contract|tied (in|into)|committed to|"
                    r"just (signed|renewed))\b")

CUE_NAMES = ("bound", "doubt", "status_quo", "commit", "zero_amount", "negation", "refusal_start",
             "hedge", "agree_start", "joke", "solved_past", "question", "short", "own_plan",
             "ask_context", "ask_x_short", "ask_x_negation")


@dataclass(frozen=True)
class Example:
    """One labelled sentence, optionally with the rep sentence said just before it."""

    text: str
    label: str
    prev: str | None = None


def load_examples(path: Path = EXAMPLES_PATH) -> list[Example]:
    """The labelled examples shipped beside this module."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [Example(r["text"], r["label"], r.get("prev")) for r in rows]


def text_cues(text: str) -> list[float]:
    """The context-free cue columns of one sentence, each 0 or 1."""
    low = text.lower().replace("\u2019", "'")
    words = _WORD.findall(low)
    solved = bool(_PAST.search(low) and _RESOLVED.search(low))
    solved = solved or bool(_BOUND.search(low) and _RESOLVED.search(low))
    zero = _ZERO.search(low)
    return [float(bool(x)) for x in (
        _BOUND.search(low) and not solved, _DOUBT.search(low), _STATUS_QUO.search(low),
        _COMMIT.search(low) and not zero, zero, _NEGATION.search(low),
        _REFUSAL_START.search(low), _HEDGE.search(low),
        _AGREE_START.search(low), _JOKE.search(low), solved, low.rstrip().endswith("?"),
        len(words) <= 4, _OWN_PLAN.search(low),
    )]


def ask_strength(prev_vectors: np.ndarray, ask_vectors: np.ndarray) -> float:
    """0..1: how much the closest of the rep's preceding sentences sounds like an ask."""
    if len(prev_vectors) == 0:
        return 0.0
    best = float((prev_vectors @ ask_vectors.T).max())
    return float(np.clip((best - ASK_FLOOR) / (ASK_CEIL - ASK_FLOOR), 0.0, 1.0))


def feature_matrix(texts: Sequence[str], vectors: np.ndarray,
                   asks: Sequence[float]) -> np.ndarray:
    """Sentence vectors side by side with the scaled cue columns."""
    rows = []
    for text, ask in zip(texts, asks, strict=True):
        cues = text_cues(text)
        short, negation = cues[CUE_NAMES.index("short")], cues[CUE_NAMES.index("negation")]
        rows.append(cues + [ask, ask * short, ask * negation])
    cues_arr = np.asarray(rows, dtype=np.float32).reshape(len(texts), len(CUE_NAMES))
    return np.hstack([vectors.astype(np.float32), CUE_SCALE * cues_arr])


@dataclass(frozen=True)
class ObjectionModel:
    """The fitted binary and category classifiers, the ask prototypes and the threshold."""

    binary: CalibratedClassifierCV
    category: LogisticRegression
    ask_vectors: np.ndarray
    threshold: float
    train_rate: float

    def confidence(self, x: np.ndarray) -> np.ndarray:
        """Calibrated P(objection), shifted from the examples' base rate to BASE_RATE."""
        return prior_shift(self.binary.predict_proba(x)[:, 1], self.train_rate)


def prior_shift(proba: np.ndarray, train_rate: float, target: float = BASE_RATE) -> np.ndarray:
    """Re-express probabilities learnt at one positive rate for another (Bayes rule)."""
    pos = proba * (target / train_rate)
    neg = (1.0 - proba) * ((1.0 - target) / (1.0 - train_rate))
    return np.asarray(pos / np.maximum(pos + neg, 1e-12), dtype=np.float64)


def _base_classifier() -> LogisticRegression:
    return LogisticRegression(C=4.0, max_iter=2000)


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


def training_matrix(embedder: Embedder, examples: Sequence[Example],
                    ask_vectors: np.ndarray) -> np.ndarray:
    """Embed the examples (and their context sentences) into feature rows."""
    texts = [e.text for e in examples]
    vectors = embedder.embed(texts)
    prevs = [e.prev for e in examples]
    prev_texts = sorted({p for p in prevs if p})
    prev_vecs = dict(zip(prev_texts, embedder.embed(prev_texts), strict=True))
    asks = [ask_strength(prev_vecs[p][None, :], ask_vectors) if p else 0.0 for p in prevs]
    return feature_matrix(texts, vectors, asks)


def train_objection_model(embedder: Embedder,
                          examples: Sequence[Example] | None = None) -> ObjectionModel:
    """Fit both classifiers; the threshold is the best F1 cut under 5-fold cross-validation."""
    examples = list(examples) if examples is not None else load_examples()
    ask_vectors = embedder.embed(list(ASK_PROTOTYPES))
    x = training_matrix(embedder, examples, ask_vectors)
    y = np.array([e.label != NONE for e in examples])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    binary = CalibratedClassifierCV(_base_classifier(), method="sigmoid", cv=folds)
    oof = cross_val_predict(binary, x, y, cv=StratifiedKFold(5, shuffle=True, random_state=1),
                            method="predict_proba")[:, 1]
    binary.fit(x, y)
    rate = float(y.mean())
    neg_weight = (1.0 - BASE_RATE) / BASE_RATE * rate / (1.0 - rate)
    pos = [i for i, e in enumerate(examples) if e.label != NONE]
    category = LogisticRegression(C=4.0, max_iter=2000)
    category.fit(x[pos], [examples[i].label for i in pos])
    return ObjectionModel(binary=binary, category=category, ask_vectors=ask_vectors,
                          threshold=best_f1_threshold(y, prior_shift(oof, rate), neg_weight),
                          train_rate=rate)
