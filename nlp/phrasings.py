"""Rep-coined phrasings: find the analogies and vivid lines reps invent, and score them.

A phrasing is a group of rep sentences that say the same figurative thing (one rep's
rewordings, or other reps' lookalikes). Each group gets five parts in [0, 1]:
figurative (linguistic cues), distinctiveness (rare words, far from the messaging
library), resonance (the prospect's next turn), spread (calls and reps using it) and lift
(win rate with vs without, neutral 0.5 until there is enough data). Boilerplate never
enters. Pure functions over arrays; the caller embeds and parses.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from nlp.lift import Lift, distinctiveness, idf_rarity, lift_part, outcome_lift, spread_score

CUES_PATH = Path(__file__).parent / "data" / "figurative_cues.json"
# Total = weighted sum of the parts. Figurative leads because the other parts describe how a
# line lands, not whether it is a coined image; lift is small because decided calls are few.
WEIGHTS: Mapping[str, float] = {"figurative": 0.35, "distinctiveness": 0.2, "resonance": 0.2,
                                "spread": 0.15, "lift": 0.1}
# MiniLM puts rewordings of one analogy at cosine 0.55-0.77 ("smoke detector for your cloud
# bill" vs "carbon monoxide alarm for your AWS account": 0.73) and different analogies about
# the same bill below 0.45.
VARIANT_THRESHOLD = 0.5
# A sentence too plain to lead a group can still join one when it is this close to it.
ATTACH_THRESHOLD = 0.55
CANDIDATE_MIN = 0.2   # figurative score to enter grouping
PHRASING_MIN = 0.35   # figurative score of a group's best variant to count as a phrasing
NEAR_VERBATIM = 0.9
# MiniLM paraphrases sit at 0.3-0.5, so a claim no rep line reaches 0.4 is one reps never say.
GAP_THRESHOLD = 0.4


@dataclass(frozen=True)
class CorpusSentence:
    """One rep sentence with its call and the prospect turn that followed it, if any."""

    sentence_id: int
    call_id: int
    speaker: str
    role: str
    text: str
    turn_index: int
    next_turn_text: str | None = None


@dataclass(frozen=True)
class Variant:
    """One use of a phrasing: where it was said and how the prospect reacted."""

    row: int
    sentence_id: int
    call_id: int
    speaker: str
    text: str
    reaction: str | None
    figurative: float
    resonance: float


@dataclass(frozen=True)
class Phrasing:
    """A group of variants with its score parts, total and evidence."""

    group_id: int
    text: str
    variants: tuple[Variant, ...]
    speakers: tuple[str, ...]
    calls: tuple[int, ...]
    scores: Mapping[str, float]
    total: float
    lift: Lift
    library_similarity: float | None
    evidence: tuple[str, ...]


@cache
def load_cues() -> dict[str, Any]:
    """The cue lexicons, with regexes compiled once per process."""
    cues: dict[str, Any] = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    for key in ("figurative_patterns", "resonance_positive", "resonance_negative"):
        cues[key] = [(re.compile(c["pattern"], re.I), float(c["weight"])) for c in cues[key]]
    cues["concrete_nouns"] = frozenset(cues["concrete_nouns"])
    cues["fillers"] = frozenset(cues["fillers"])
    return cues


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower().strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", _norm(text))


def _has_any(text: str, phrases: Sequence[str]) -> int:
    return sum(1 for p in phrases if re.search(rf"\b{re.escape(p)}\b", text))


def figurative_score(text: str) -> float:
    """How much a sentence reads as an analogy or image, from cues alone, in [0, 1]."""
    cues, norm = load_cues(), _norm(text)
    raw = sum(w for rx, w in cues["figurative_patterns"] if rx.search(norm))
    concrete = sum(1 for w in set(_words(norm)) if w in cues["concrete_nouns"])
    raw += min(cues["concrete_cap"], cues["concrete_weight"] * concrete)
    pen = cues["penalties"]
    if norm.endswith("?"):
        raw -= pen["question"]
    if len(_words(norm)) < pen["short_words"]:
        raw -= pen["short"]
    if len(re.findall(r"\d+", norm)) >= 2:  # ROI maths and prices are literal by nature
        raw -= pen["numbers"]
    raw -= pen["generic"] * _has_any(norm, cues["generic_sales"])
    # A cliche is figurative but nobody coined it.
    raw -= pen["cliche"] * _has_any(norm, cues["cliches"])
    return float(min(1.0, max(0.0, raw)))


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not stop words or contractions."""
    fillers = load_cues()["fillers"]
    return [w for w in _words(text) if len(w) >= 3 and "'" not in w
            and w not in ENGLISH_STOP_WORDS and w not in fillers]


def resonance_score(reaction: str | None, phrasing: str | None = None) -> float:
    """How well the prospect's next turn took a line, in [0, 1]; no reaction scores 0."""
    if not reaction or not reaction.strip():
        return 0.0
    cues, norm = load_cues(), _norm(reaction)
    raw = sum(w for rx, w in cues["resonance_positive"] if rx.search(norm))
    raw -= sum(w for rx, w in cues["resonance_negative"] if rx.search(norm))
    # An engaged follow-up question asks about the thing, not "sorry, what?".
    if any(len(q.split()) >= 4 for q in re.findall(r"[^.!?]*\?", norm)):
        raw += cues["resonance_question"]
    if phrasing is not None and set(content_words(phrasing)) & set(content_words(reaction)):
        raw += cues["resonance_echo"]  # the prospect picks up the image ("it really was a mystery")
    return float(min(1.0, max(0.0, raw)))


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
                     call_share: float = 0.2, min_calls: int = 3) -> np.ndarray:
    """True for scripted or generic lines: short, stock phrases, or repeated across calls."""
    cues = load_cues()
    n_calls, n_people = len(set(call_ids)), len(set(speakers))
    calls, people = _repeat_counts(np.asarray(vectors, dtype=np.float32),
                                   np.asarray(call_ids), np.asarray(speakers), near)
    many_calls = calls >= max(min_calls, math.ceil(call_share * n_calls))
    many_reps = people >= max(min_calls, math.ceil(0.5 * n_people))
    everywhere = calls >= max(min_calls, math.ceil(0.5 * n_calls))
    figurative = np.array([figurative_score(t) for t in texts]) >= PHRASING_MIN
    stock = np.array([len(_words(t)) < 4 or _has_any(_norm(t), cues["boilerplate_phrases"]) > 0
                      for t in texts], dtype=bool)
    # A reused analogy is spread, not script, unless it is in half of all calls.
    return stock | everywhere | ((many_calls | many_reps) & ~figurative)


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
    analogy keeps its image ("five-bedroom house") while its setup sentence changes.
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


def _candidate_groups(corpus: Sequence[CorpusSentence], vectors: np.ndarray,
                      fig: np.ndarray, plain: np.ndarray) -> dict[int, list[int]]:
    """Rows per group: figurative rows grouped, then close plain rows attached."""
    cand = [i for i in np.argsort(-fig, kind="stable") if fig[i] >= CANDIDATE_MIN and plain[i]]
    texts = [corpus[i].text for i in cand]
    labels = group_variants(vectors[cand], texts=texts) if cand else np.zeros(0, dtype=int)
    groups: dict[int, list[int]] = {}
    for row, label in zip(cand, labels, strict=True):
        groups.setdefault(int(label), []).append(int(row))
    groups = {g: rows for g, rows in groups.items() if fig[rows[0]] >= PHRASING_MIN}
    # A plain variant must still carry some image (a concrete noun), or any on-topic line joins.
    rest = [i for i in range(len(corpus)) if plain[i] and 0 < fig[i] < CANDIDATE_MIN]
    if groups and rest:
        keys = sorted(groups)
        cents = np.stack([vectors[groups[g]].mean(axis=0) for g in keys])
        cents /= np.linalg.norm(cents, axis=1, keepdims=True)
        sims = vectors[rest] @ cents.T
        for k, (row, j) in enumerate(zip(rest, sims.argmax(axis=1), strict=True)):
            if sims[k, j] >= ATTACH_THRESHOLD:
                groups[keys[j]].append(row)
    return groups


def _variant(s: CorpusSentence, row: int, fig: float, rep_text: str) -> Variant:
    return Variant(row=row, sentence_id=s.sentence_id, call_id=s.call_id, speaker=s.speaker,
                   text=s.text, reaction=s.next_turn_text, figurative=fig,
                   resonance=resonance_score(s.next_turn_text, rep_text))


def _evidence(variants: Sequence[Variant], limit: int = 4) -> tuple[str, ...]:
    """Quotes, best-received first: the rep line and the prospect's reply."""
    best = sorted(variants, key=lambda v: (-v.resonance, v.sentence_id))[:limit]
    return tuple(f'{v.speaker} (call {v.call_id}): "{v.text}"'
                 + (f' -> prospect: "{v.reaction}"' if v.reaction else "") for v in best)


def _build_phrasing(gid: int, variants: list[Variant], rarity: float, lib_sim: float | None,
                    outcomes: Mapping[int, str]) -> Phrasing:
    calls = tuple(sorted({v.call_id for v in variants}))
    speakers = tuple(sorted({v.speaker for v in variants}))
    lift = outcome_lift(set(calls), outcomes)
    scores = {"figurative": max(v.figurative for v in variants),
              "distinctiveness": distinctiveness(rarity, lib_sim or 0.0),
              "resonance": float(np.mean([v.resonance for v in variants])),
              "spread": spread_score(len(calls), len(speakers)), "lift": lift_part(lift)}
    total = sum(WEIGHTS[k] * scores[k] for k in WEIGHTS)
    return Phrasing(group_id=gid, text=variants[0].text, variants=tuple(variants),
                    speakers=speakers, calls=calls, scores=scores, total=float(total),
                    lift=lift, library_similarity=lib_sim, evidence=_evidence(variants))


def rank_phrasings(corpus: Sequence[CorpusSentence], vectors: np.ndarray,
                   outcomes: Mapping[int, str],
                   messaging_vectors: np.ndarray | None = None) -> list[Phrasing]:
    """Coined phrasings in rep sentences, best total first (ties by group id)."""
    rep = [i for i, s in enumerate(corpus) if s.role == "rep"]
    if not rep:
        return []
    sents, vecs = [corpus[i] for i in rep], np.asarray(vectors[rep], dtype=np.float32)
    fig = np.array([figurative_score(s.text) for s in sents])
    plain = ~boilerplate_mask([s.text for s in sents], vecs, [s.call_id for s in sents],
                              [s.speaker for s in sents])
    rarity = np.array(idf_rarity([set(content_words(s.text)) for s in sents]))
    lib = library_similarity(vecs, messaging_vectors)
    has_lib = messaging_vectors is not None and len(messaging_vectors) > 0
    out = []
    for gid, rows in sorted(_candidate_groups(sents, vecs, fig, plain).items()):
        head = sents[rows[0]].text
        variants = [_variant(sents[r], rep[r], float(fig[r]), head) for r in rows]
        out.append(_build_phrasing(gid, variants, float(np.mean(rarity[rows])),
                                   float(lib[rows].max()) if has_lib else None, outcomes))
    return sorted(out, key=lambda p: (-p.total, p.group_id))


def messaging_gap(phrasings: Sequence[Phrasing], messaging_texts: Sequence[str],
                  messaging_vectors: np.ndarray, rep_vectors: np.ndarray,
                  threshold: float = GAP_THRESHOLD,
                  ) -> tuple[list[tuple[Phrasing, float]], list[tuple[str, float]]]:
    """Phrasings far from the library, and library claims no rep line comes close to."""
    if len(messaging_texts) == 0:
        return [(p, 0.0) for p in phrasings], []
    far = []
    for p in phrasings:
        best = float((rep_vectors[[v.row for v in p.variants]] @ messaging_vectors.T).max())
        if best < threshold:
            far.append((p, best))
    said = (messaging_vectors @ rep_vectors.T).max(axis=1) if len(rep_vectors) else \
        np.zeros(len(messaging_texts))
    unsaid = [(t, float(s)) for t, s in zip(messaging_texts, said, strict=True) if s < threshold]
    return far, sorted(unsaid, key=lambda x: x[1])
