"""Hybrid search: dense (FAISS) and keyword rankings fused, near-duplicates collapsed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from api.index_keeper import IndexKeeper
from models.schemas import ContextTurn, HitRow, SearchFilters, SearchHit
from models.store import Store
from nlp.clean import normalise_for_hash
from nlp.embed import Embedder
from nlp.search import (
    collapse_near_duplicates,
    highlight,
    query_terms,
    reciprocal_rank_fusion,
)

DUPLICATE_COSINE = 0.95
# Backchannels ("Sure.", "Yeah, right.") sit close to every short query in MiniLM space but
# are never the quote anyone wants; they appear only when the keyword index finds them too.
MIN_DENSE_ONLY_WORDS = 3


@dataclass
class SearchService:
    """Answers a query with attributed quotes."""

    store: Store
    keeper: IndexKeeper
    embedder: Embedder

    def search(self, query: str, filters: SearchFilters, limit: int = 10) -> list[SearchHit]:
        """The best `limit` distinct quotes for a query, each with its context."""
        depth = max(50, limit * 5)
        allowed = self.store.search.allowed_sentence_ids(filters)
        qvec = self.embedder.embed([query])[0]
        dense = self.keeper.index.search(qvec, depth, allowed)
        terms = query_terms(query)
        keyword = self.store.search.keyword(terms, filters, depth)
        fused = reciprocal_rank_fusion([[i for i, _ in dense], keyword])[:depth]
        keyword_ids = set(keyword)
        return self.present(
            fused, limit, terms, dense=dict(dense),
            keyword_rank={sid: r for r, sid in enumerate(keyword, start=1)},
            keep=lambda row: row.sentence_id in keyword_ids
            or len(row.clean_text.split()) >= MIN_DENSE_ONLY_WORDS)

    def present(self, ranked: list[tuple[int, float]], limit: int, terms: list[str], *,
                dense: dict[int, float] | None = None, keyword_rank: dict[int, int] | None = None,
                keep: Callable[[HitRow], bool] = lambda _: True) -> list[SearchHit]:
        """Attributed, de-duplicated hits with context for ranked (sentence id, score) pairs."""
        rows = self.store.search.hit_rows([i for i, _ in ranked])
        ordered = [i for i, _ in ranked if i in rows and keep(rows[i])]
        groups = collapse_near_duplicates(
            ordered, self._vectors(rows),
            {i: normalise_for_hash(rows[i].clean_text) for i in ordered}, DUPLICATE_COSINE,
        )[:limit]
        scores = dict(ranked)
        dense, keyword_rank = dense or {}, keyword_rank or {}
        context = self.store.search.turns_around([(rows[g[0]].call_id, rows[g[0]].turn_index)
                                                  for g in groups])
        return [_hit(rows[g[0]], [rows[i] for i in g[1:]], scores[g[0]], dense.get(g[0]),
                     keyword_rank.get(g[0]), context, terms) for g in groups]

    def _vectors(self, rows: dict[int, HitRow]) -> dict[int, np.ndarray]:
        by_hash = self.store.calls.cached_vectors(self.embedder.name,
                                                  [r.text_hash for r in rows.values()])
        return {i: by_hash[r.text_hash] for i, r in rows.items() if r.text_hash in by_hash}


def _hit(row: HitRow, duplicates: list[HitRow], score: float, dense: float | None,
         kw_rank: int | None, context: dict[tuple[int, int], ContextTurn],
         terms: list[str]) -> SearchHit:
    key = row.call_id, row.turn_index
    return SearchHit(
        sentence_id=row.sentence_id, quote=row.text, highlight=highlight(row.text, terms),
        speaker=row.speaker, role=row.role, call_id=row.call_id, external_id=row.external_id,
        call_title=row.call_title, call_date=row.call_date, outcome=row.outcome,
        timestamp=row.timestamp, turn_index=row.turn_index, char_start=row.char_start,
        char_end=row.char_end, score=round(score, 6),
        dense_score=None if dense is None else round(dense, 4), keyword_rank=kw_rank,
        duplicate_count=1 + len(duplicates),
        duplicate_call_ids=sorted({d.call_id for d in duplicates} - {row.call_id}),
        account=row.account, speaker_title=row.speaker_title, speaker_company=row.speaker_company,
        context_before=context.get((row.call_id, row.turn_index - 1)),
        turn=context[key],
        context_after=context.get((row.call_id, row.turn_index + 1)),
    )
