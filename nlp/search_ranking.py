"""How search ranks: meaning first (sentence + its window), then keyword and insight boosts.

score = dense + keyword boost + insight boost, where
  dense    = (1 - window) * cos(query, sentence) + window * cos(query, window)  (one FAISS lookup)
  keyword  = up to `keyword` for BM25 over the stems the query shares with the sentence
  insight  = a boost for sentences the detectors marked as what the query reads as asking for
and nothing under `floor` is a match. The weights were chosen on the tune half of the labelled
queries (bench/quality_search.py) for all-MiniLM-L6-v2; another embedder needs its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from nlp.search_intent import QueryIntent


@dataclass(frozen=True)
class RankWeights:
    """The knobs of the ranking, in units of cosine similarity."""

    window: float = 0.5
    keyword: float = 0.05
    keyword_half: float = 8.0  # BM25 at which half of `keyword` is added
    # python -m bench.search_tune (tune half only): with the window share at 0.5, the best
    # hit@10 among weights that keep every boost on. (Window share 0.0 scored one query more.)
    objection: float = 0.04
    category: float = 0.03  # on top of `objection` when the category is the query's
    phrasing: float = 0.10
    persona: float = 0.03
    # Tune half: off-topic queries topped out at 0.354 (one at 0.485), real ones at >= 0.425.
    floor: float = 0.36
    strong: float = 0.60  # a score here or above shows as 100


@dataclass
class Candidate:
    """A sentence the dense or keyword side found, with what ranking needs to know about it."""

    sentence_id: int
    dense: float
    bm25: float = 0.0
    matched: Sequence[str] = ()
    objection: str | None = None  # category of a detected objection
    phrasing: bool = False
    persona: bool = False


@dataclass(frozen=True)
class Ranked:
    """A scored sentence and the reasons, strongest first."""

    sentence_id: int
    score: float
    dense: float
    boosts: dict[str, float] = field(default_factory=dict)


def insight_boosts(c: Candidate, intent: QueryIntent, w: RankWeights) -> dict[str, float]:
    """Boosts for what the detectors marked in the sentence, when the query asks for it."""
    out: dict[str, float] = {}
    if intent.objection and c.objection:
        boost = w.objection + (w.category if c.objection in intent.categories else 0.0)
        if boost > 0:
            out[f"objection: {c.objection}"] = boost
    if intent.phrasing and c.phrasing:
        out["coined phrasing"] = w.phrasing
    if intent.persona and c.persona:
        out["buyer profile evidence"] = w.persona
    return out


def score(c: Candidate, intent: QueryIntent, w: RankWeights) -> Ranked:
    """One candidate's score."""
    boosts = insight_boosts(c, intent, w)
    if c.bm25 > 0:
        boosts["keywords: " + ", ".join(c.matched)] = w.keyword * c.bm25 / (c.bm25 + w.keyword_half)
    return Ranked(c.sentence_id, c.dense + sum(boosts.values()), c.dense, boosts)


def rank(candidates: Sequence[Candidate], intent: QueryIntent, w: RankWeights,
         *, keep_below_floor: bool = False) -> list[Ranked]:
    """Candidates at or above the floor (or all), best first; ties by sentence id, so paging
    is stable."""
    scored = (score(c, intent, w) for c in candidates)
    return sorted((r for r in scored if keep_below_floor or r.score >= w.floor),
                  key=lambda r: (-r.score, r.sentence_id))


def display_score(value: float, w: RankWeights) -> int:
    """0-100 for people: 50 is the floor, 100 a score as high as strong labelled matches."""
    span = max(w.strong - w.floor, 1e-6)
    return int(round(50 + 50 * min(1.0, max(-1.0, (value - w.floor) / span))))
