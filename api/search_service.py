"""Search: meaning (sentence + context window) ranked first, keywords and insights boost it.

See nlp/search_ranking.py for the score. Candidates come from one FAISS lookup plus the
sentences that hold a query's rare words; nothing under the relevance floor is returned.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from api.index_keeper import IndexKeeper
from models.schemas import ContextTurn, HitRow, SearchFilters, SearchHit, SpanKind
from models.store import Store
from models.store.search import CandidateFacts
from nlp.clean import normalise_for_hash
from nlp.embed import Embedder
from nlp.search import collapse_near_duplicates
from nlp.search_fields import WINDOW_NEIGHBOURS
from nlp.search_intent import QueryIntent, read_intent
from nlp.search_ranking import Candidate, Ranked, RankWeights, display_score, rank
from nlp.search_text import Bm25, highlight, query_stems

DUPLICATE_COSINE = 0.95
# Dense candidates per query, the same for every page so that pages never overlap or skip
# (boosts reorder candidates, so a deeper pool on page 2 could lift a line above page 1's).
CANDIDATES = 200
KEYWORD_DEPTH = 50  # sentences with the query's rare words added to the candidates
# Copies of a hit's line under the floor (the same boilerplate in another context) still
# count towards its duplicate_count; this many of them are looked at.
DUPLICATE_DEPTH = 100


@dataclass
class SearchPage:
    """One page of hits, the offset of the next page, and how the query was read."""

    hits: list[SearchHit]
    next_offset: int | None
    intent: QueryIntent


@dataclass
class SearchService:
    """Answers a query with attributed quotes."""

    store: Store
    keeper: IndexKeeper
    embedder: Embedder
    weights: RankWeights = field(default_factory=RankWeights)
    phrasing_ids: Callable[[], set[int]] | None = None  # coined phrasings, for the boost

    def search(self, query: str, filters: SearchFilters, limit: int = 10, offset: int = 0,
               span: SpanKind = "sentence") -> SearchPage:
        """Hits offset..offset+limit for a query, each with its context and reasons."""
        intent, stems = read_intent(query), query_stems(query)
        # A query is small work: BLAS threads only fight ONNX Runtime's for 2 cores here
        # (bench.search on the sample calls: p50 15.7 -> 9.4 ms, p95 26 -> 11.5 ms).
        with _ONE_BLAS_THREAD:
            return self._search(query, filters, limit, offset, span, intent, stems)

    def _search(self, query: str, filters: SearchFilters, limit: int, offset: int,
                span: SpanKind, intent: QueryIntent, stems: list[str]) -> SearchPage:
        candidates, facts = self.candidates(query, filters, intent, stems)
        ranked = rank(candidates, intent, self.weights, keep_below_floor=True)
        above = [r for r in ranked if r.score >= self.weights.floor]
        below = [r.sentence_id for r in ranked[len(above):len(above) + DUPLICATE_DEPTH]]
        hits, more = self._page(above, below, facts, offset, limit, stems, span)
        return SearchPage(hits, offset + limit if more else None, intent)

    def candidates(self, query: str, filters: SearchFilters, intent: QueryIntent,
                   stems: list[str]) -> tuple[list[Candidate], dict[int, CandidateFacts]]:
        """Every sentence worth scoring for a query, and what the store says about each."""
        allowed = self.store.search.allowed_sentence_ids(filters)
        qvec = self.embedder.embed([query])[0]
        dense = dict(self.keeper.index.search(qvec, CANDIDATES, allowed))
        extra = [i for i in self.store.keywords.rare_matches(stems, filters, KEYWORD_DEPTH)
                 if i not in dense]
        for sid, (sent, window) in self.store.search.vectors(extra, self.embedder.name).items():
            dense[sid] = self._mix(qvec, sent, window)
        facts = self.store.search.facts(list(dense))
        return self._candidates(dense, facts, stems, intent, set(extra)), facts

    def _mix(self, qvec: np.ndarray, sent: np.ndarray, window: np.ndarray | None) -> float:
        if window is None:
            return float(qvec @ sent)
        w = self.weights.window
        return float((1 - w) * (qvec @ sent) + w * (qvec @ window))

    def _candidates(self, dense: dict[int, float], facts: dict[int, CandidateFacts],
                    stems: list[str], intent: QueryIntent,
                    by_keyword: set[int]) -> list[Candidate]:
        """Candidates to score: the vector side's, and any line holding a rare query word."""
        df = self.store.keywords.doc_freqs(stems)
        bm25 = Bm25(*self.store.keywords.stats())
        coined = self.phrasing_ids() if intent.phrasing and self.phrasing_ids else set()
        out = []
        for sid, meaning in dense.items():
            fact = facts.get(sid)
            if fact is None or not (fact.searchable or sid in by_keyword):
                continue
            out.append(Candidate(
                sid, meaning, bm25.score(stems, fact.stems, df),
                matched=[w for w in stems if w in fact.stems], objection=fact.objection,
                phrasing=sid in coined, persona=fact.persona))
        return out

    def _page(self, ranked: list[Ranked], below: list[int], facts: dict[int, CandidateFacts],
              offset: int, limit: int, stems: list[str],
              span: SpanKind) -> tuple[list[SearchHit], bool]:
        """Near-duplicates collapsed over the ranking, then the requested page."""
        wanted, take = offset + limit + 1, (offset + limit) * 2 + 20
        shown = {r.sentence_id for r in ranked}
        while True:
            ids = [r.sentence_id for r in ranked[:take]] + below
            ordered = [i for i in ids if i in facts]
            by_hash = self.store.calls.cached_vectors(self.embedder.name,
                                                      [facts[i].text_hash for i in ordered])
            groups = [g for g in collapse_near_duplicates(
                ordered, {i: by_hash[facts[i].text_hash] for i in ordered
                          if facts[i].text_hash in by_hash},
                {i: normalise_for_hash(facts[i].clean_text) for i in ordered}, DUPLICATE_COSINE)
                if g[0] in shown]
            if len(groups) >= wanted or take >= len(ranked):
                break
            take *= 2
        by_id = {r.sentence_id: r for r in ranked}
        page = groups[offset:offset + limit]
        rows = self.store.search.hit_rows([g[0] for g in page])
        hits = self.present([(by_id[g[0]], rows[g[0]], [facts[i].call_id for i in g[1:]])
                             for g in page if g[0] in rows], stems, span)
        return hits, len(groups) > offset + limit

    def present(self, page: Sequence[tuple[Ranked, HitRow, list[int]]], stems: list[str],
                span: SpanKind = "sentence", *,
                scale: Callable[[float], int] | None = None) -> list[SearchHit]:
        """Hits for ranked rows, each with the call ids of the near-duplicates it stands for."""
        scale = scale or (lambda v: display_score(v, self.weights))
        context = self.store.search.turns_around([(row.call_id, row.turn_index)
                                                  for _, row, _ in page])
        bounds = self.store.search.window_bounds(
            [(row.call_id, row.turn_index, row.sent_index) for _, row, _ in page],
            WINDOW_NEIGHBOURS) if span == "window" else {}
        return [_hit(r, row, dups, scale(r.score), context, stems, span, bounds)
                for r, row, dups in page]


class _OneBlasThread:
    """BLAS capped at one thread while any search runs. The cap is process-wide, so it is
    counted: concurrent searches restore the original limit only when the last one ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._limiter: Any = None

    def __enter__(self) -> None:
        with self._lock:
            if self._users == 0:
                self._limiter = _controller().limit(limits=1, user_api="blas")
            self._users += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0 and self._limiter is not None:
                self._limiter.restore_original_limits()
                self._limiter = None


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


_ONE_BLAS_THREAD = _OneBlasThread()


def reasons(r: Ranked) -> list[str]:
    """Why a hit scored as it did, strongest part first."""
    return [f"meaning {r.dense:.2f}"] + [
        f"{name} +{value:.2f}" for name, value in sorted(r.boosts.items(), key=lambda kv: -kv[1])]


def _hit(r: Ranked, row: HitRow, duplicate_calls: list[int], score: int,
         context: dict[tuple[int, int], ContextTurn], stems: list[str], span: SpanKind,
         bounds: dict[tuple[int, int, int], tuple[int, int]]) -> SearchHit:
    key = row.call_id, row.turn_index
    turn = context[key]
    if span == "turn":
        text = turn.text
    elif span == "window":
        start, end = bounds.get((row.call_id, row.turn_index, row.sent_index),
                                (row.char_start, row.char_end))
        text = turn.text[start:end]
    else:
        text = row.text
    keyword = next((v for k, v in r.boosts.items() if k.startswith("keywords:")), None)
    return SearchHit(
        sentence_id=row.sentence_id, quote=row.text, highlight=highlight(row.text, stems),
        speaker=row.speaker, role=row.role, call_id=row.call_id, external_id=row.external_id,
        call_title=row.call_title, call_date=row.call_date, outcome=row.outcome,
        timestamp=row.timestamp, turn_index=row.turn_index, char_start=row.char_start,
        char_end=row.char_end, score=score, why=reasons(r), dense_score=round(r.dense, 4),
        keyword_score=None if keyword is None else round(keyword, 4),
        span=span, span_text=text, span_highlight=highlight(text, stems),
        duplicate_count=1 + len(duplicate_calls),
        duplicate_call_ids=sorted(set(duplicate_calls) - {row.call_id}),
        account=row.account, speaker_title=row.speaker_title, speaker_company=row.speaker_company,
        context_before=context.get((row.call_id, row.turn_index - 1)), turn=turn,
        context_after=context.get((row.call_id, row.turn_index + 1)),
    )
