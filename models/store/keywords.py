"""The keyword side of search over the stems stored at ingest (`sentences.keywords`).

Search ranks by meaning and lets keywords boost; the keyword index only has to (1) add the
sentences that hold a query's rare words (a product or competitor name the dense side can
miss) and (2) say how rare each word is. Both stay cheap at any corpus size: only words in at
most RARE_MAX_DOCS sentences are matched, and document counts are cached.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import column, func, select, table, text
from sqlalchemy.orm import Session

from models import tables as t
from models.db import Database
from models.schemas import SearchFilters
from models.store.filters import allowed_call_ids, sentence_conditions

_SAFE_STEM = re.compile(r"^[a-z0-9]+$")
# A word in more sentences than min(RARE_MAX_DOCS, max(RARE_MIN_DOCS, 1% of them)) adds no
# candidates, only boosts: names and jargon are rare; a word in 1% of lines is neither.
RARE_MAX_DOCS = 2_000
RARE_MIN_DOCS = 20
_FTS = table("sentence_fts", column("rowid"))


class KeywordStore:
    """Document counts and rare-word matches over the stored stems."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._df: dict[str, tuple[int, int]] = {}  # stem -> (sentences holding it, corpus size)
        self._stats: tuple[int, int, float] | None = None  # (max id, sentences, mean length)
        self._checked = 0.0

    def stats(self) -> tuple[int, float]:
        """(sentences with stems, their mean number of stems); cached within 10% growth,
        which is looked at no more than once a second."""
        now = time.monotonic()
        if self._stats is not None and now - self._checked < 1.0:
            return self._stats[1], self._stats[2]
        self._checked = now
        with self.db.session() as s:
            top = int(s.scalar(select(func.max(t.Sentence.id))) or 0)
            if self._stats is not None and abs(self._stats[0] - top) <= 0.1 * max(top, 1):
                return self._stats[1], self._stats[2]
            # stems are single-space separated: count spaces instead of splitting every row
            n, chars, spaces = s.execute(select(
                func.count(), func.sum(func.length(t.Sentence.keywords)),
                func.sum(func.length(t.Sentence.keywords)
                         - func.length(func.replace(t.Sentence.keywords, " ", ""))))
                .where(t.Sentence.keywords.is_not(None))).one()
        n = int(n or 0)
        mean = (float(spaces or 0) + n) / n if n else 0.0
        self._stats = (top, n, mean)
        return n, mean

    def doc_freqs(self, stems: Sequence[str]) -> dict[str, int]:
        """Sentences holding each stem; cached until the corpus grows or shrinks by 10%."""
        stems = [w for w in dict.fromkeys(stems) if _SAFE_STEM.match(w)]
        n, _ = self.stats()
        out: dict[str, int] = {}
        todo = []
        for w in stems:
            hit = self._df.get(w)
            if hit is not None and abs(hit[1] - n) <= 0.1 * max(n, 1):
                out[w] = hit[0]
            else:
                todo.append(w)
        if todo:
            with self.db.session() as s:
                for w in todo:
                    out[w] = self._count(s, w)
                    if len(self._df) >= 100_000:
                        self._df.clear()
                    self._df[w] = (out[w], n)
        return out

    def _count(self, s: Session, stem: str) -> int:
        if self.db.dialect == "sqlite":
            q = text("SELECT doc FROM sentence_vocab WHERE term = :w")
            return int(s.scalar(q, {"w": stem}) or 0)
        q = text("SELECT count(*) FROM sentences WHERE tsv @@ to_tsquery('simple', :w)")
        return int(s.scalar(q, {"w": stem}) or 0)

    def rare_matches(self, stems: Sequence[str], f: SearchFilters, limit: int) -> list[int]:
        """Sentences holding any of the query's rare stems (filters applied), most stems first."""
        df = self.doc_freqs(stems)
        n, _ = self.stats()
        cutoff = min(RARE_MAX_DOCS, max(RARE_MIN_DOCS, n // 100))
        rare = [w for w in stems if 0 < df.get(w, 0) <= cutoff]
        if not rare:
            return []
        with self.db.session() as s:
            if self.db.dialect == "sqlite":
                q: Any = (select(t.Sentence.id).select_from(_FTS)
                          .join(t.Sentence, t.Sentence.id == _FTS.c.rowid)
                          .where(text("sentence_fts MATCH :q"))
                          .order_by(text("bm25(sentence_fts)")))
                match = " OR ".join(f'"{w}"' for w in rare)
            else:
                q = (select(t.Sentence.id)
                     .where(text("sentences.tsv @@ to_tsquery('simple', :q)"))
                     .order_by(text("ts_rank(sentences.tsv, to_tsquery('simple', :q)) DESC")))
                match = " | ".join(rare)
            # short lines too: a rare name is what a short line is worth finding for
            q = q.where(*sentence_conditions(f))
            if f.touches_calls():
                q = q.where(t.Sentence.call_id.in_(allowed_call_ids(s, f)))
            return list(s.scalars(q.limit(limit), {"q": match}))
