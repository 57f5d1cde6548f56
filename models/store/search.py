"""Queries behind search: keyword ranking, filters, and the rows a hit is built from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import column, func, select, table, text
from sqlalchemy.orm import Session

from models import tables as t
from models.db import Database
from models.domain import Outcome, Role
from models.schemas import ContextTurn, HitRow, SearchFilters
from models.store.filters import call_conditions, match_tags, sentence_conditions

_SAFE_TERM = re.compile(r"^[a-z0-9]+$")
# A query word in more sentences than this (and this share of them) is "common": see
# SearchStore._selective. Below COMMON_MIN_DOCS sentences in all, nothing changes.
COMMON_MIN_DOCS = 5_000
COMMON_SHARE = 0.01
_FTS = table("sentence_fts", column("rowid"))


class SearchStore:
    """Read-only queries for hybrid search."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._df_cache: dict[str, tuple[int, int]] = {}  # word -> (sentences, corpus size)

    def allowed_sentence_ids(self, f: SearchFilters) -> list[int] | None:
        """Sentence ids passing the filters, or None when nothing is filtered."""
        if f.is_empty():
            return None
        with self.db.session() as s:
            q = select(t.Sentence.id).where(*sentence_conditions(f))
            if f.touches_calls():
                q = q.where(t.Sentence.call_id.in_(_allowed_calls(s, f)))
            return list(s.scalars(q))

    def keyword(self, terms: Sequence[str], f: SearchFilters, limit: int) -> list[int]:
        """Sentence ids matching the query's words, ranked by BM25 (SQLite FTS5) or ts_rank
        (Postgres). In a large corpus only its selective words are matched (`_selective`)."""
        # Terms are interpolated into a MATCH/tsquery expression: only plain words get in.
        terms = [w for w in terms if _SAFE_TERM.match(w)]
        if not terms:
            return []
        with self.db.session() as s:
            words, mode = self._selective(s, terms)
            return self._match(s, words, mode, f, limit)

    def _match(self, s: Session, words: list[str], mode: str, f: SearchFilters,
               limit: int) -> list[int]:
        if not words:
            return []
        if self.db.dialect == "sqlite":
            match = f" {mode.upper()} ".join(f'"{w}"' for w in words)
            if f.is_empty():  # the FTS rowid is the sentence id: no join needed
                q: Any = select(_FTS.c.rowid).where(text("sentence_fts MATCH :q"))
            else:
                q = (select(t.Sentence.id).select_from(_FTS)
                     .join(t.Sentence, t.Sentence.id == _FTS.c.rowid)
                     .where(text("sentence_fts MATCH :q")))
            q = q.order_by(text("bm25(sentence_fts)"))
        else:
            match = (" | " if mode == "or" else " & ").join(words)
            q = (select(t.Sentence.id)
                 .where(text("sentences.tsv @@ to_tsquery('english', :q)"))
                 .order_by(text("ts_rank(sentences.tsv, to_tsquery('english', :q)) DESC")))
        q = q.where(*sentence_conditions(f))
        if f.touches_calls():
            q = q.where(t.Sentence.call_id.in_(_allowed_calls(s, f)))
        return list(s.scalars(q.limit(limit), {"q": match}))

    def _selective(self, s: Session, terms: list[str]) -> tuple[list[str], str]:
        """The words worth matching on, and "or" (any of them) or "and" (all of them).

        Ranking every sentence that holds a common word costs time in proportion to its
        matches (~0.3 s for 100k of them at 1M sentences), while BM25 gives such a word
        little weight. So once a corpus is large, words in more than
        max(COMMON_MIN_DOCS, COMMON_SHARE x sentences) sentences are left out when the
        query has a rarer word, and words in no sentence are dropped; when every word is
        common, a sentence must hold the two rarest (the dense side still finds the rest).
        """
        n = int(s.scalar(select(func.max(t.Sentence.id))) or 0)  # ~ corpus size, one seek
        cutoff = max(COMMON_MIN_DOCS, COMMON_SHARE * n)
        if n <= cutoff:
            return terms, "or"
        df = {w: self._doc_freq(s, w, n) for w in terms}
        present = sorted((w for w in terms if df[w] > 0), key=lambda w: df[w])
        rare = [w for w in present if df[w] <= cutoff]
        if rare or len(present) < 2:
            return (rare or present), "or"
        return present[:2], "and"

    def _doc_freq(self, s: Session, term: str, n: int) -> int:
        """Sentences holding the word; cached until the corpus grows or shrinks by 10%."""
        cached = self._df_cache.get(term)
        if cached is not None and abs(cached[1] - n) <= 0.1 * n:
            return cached[0]
        if self.db.dialect == "sqlite":
            q = text("SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH :q")
            df = int(s.scalar(q, {"q": f'"{term}"'}) or 0)
        else:
            q = text("SELECT count(*) FROM sentences WHERE tsv @@ to_tsquery('english', :q)")
            df = int(s.scalar(q, {"q": term}) or 0)
        if len(self._df_cache) >= 50_000:
            self._df_cache.clear()
        self._df_cache[term] = (df, n)
        return df

    def hit_rows(self, sentence_ids: Sequence[int]) -> dict[int, HitRow]:
        """Attribution for each sentence id that still exists."""
        with self.db.session() as s:
            rows = s.execute(
                select(t.Sentence, t.Call).join(t.Call, t.Call.id == t.Sentence.call_id)
                .where(t.Sentence.id.in_(list(sentence_ids)))
            ).all()
            who = _participants(s, {c.id for _, c in rows})
            return {x.id: HitRow(
                sentence_id=x.id, text=x.text, clean_text=x.clean_text, text_hash=x.text_hash,
                speaker=x.speaker, role=cast(Role, x.role), call_id=c.id, external_id=c.external_id,
                call_title=c.title, call_date=c.started_at, outcome=cast(Outcome, c.outcome),
                timestamp=x.start, turn_index=x.turn_idx, char_start=x.char_start,
                char_end=x.char_end, account=c.account,
                speaker_title=who.get((c.id, x.speaker), (None, None))[0],
                speaker_company=who.get((c.id, x.speaker), (None, None))[1]) for x, c in rows}

    def sentence_owners(self, sentence_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
        """(call id, role) of each sentence id."""
        out: dict[int, tuple[int, str]] = {}
        with self.db.session() as s:
            for i in range(0, len(sentence_ids), 900):
                rows = s.execute(select(t.Sentence.id, t.Sentence.call_id, t.Sentence.role)
                                 .where(t.Sentence.id.in_(list(sentence_ids[i:i + 900]))))
                out.update({sid: (cid, role) for sid, cid, role in rows})
        return out

    def corpus(self, role: str) -> list[tuple[int, int, str, str, int, str | None]]:
        """Every sentence of a role with the other side's reply (see `corpus_rows`)."""
        return corpus_rows(self.db, role)

    def outcomes(self) -> dict[int, tuple[str, str]]:
        """Call id -> (external id, outcome)."""
        return call_outcomes(self.db)

    def call_reps(self) -> dict[int, list[str]]:
        """Call id -> names of the reps on it."""
        out: dict[int, list[str]] = {}
        with self.db.session() as s:
            for cid, name in s.execute(select(t.Participant.call_id, t.Participant.name)
                                       .where(t.Participant.role == "rep")
                                       .order_by(t.Participant.id)).all():
                out.setdefault(cid, []).append(name)
        return out

    def turns_around(self, keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], ContextTurn]:
        """The turns (call id, index) plus one before and one after each."""
        wanted = {(c, i + d) for c, i in keys for d in (-1, 0, 1) if i + d >= 0}
        out: dict[tuple[int, int], ContextTurn] = {}
        with self.db.session() as s:
            for call_id in {c for c, _ in wanted}:
                idxs = [i for c, i in wanted if c == call_id]
                for r in s.scalars(select(t.Turn).where(t.Turn.call_id == call_id,
                                                        t.Turn.idx.in_(idxs))):
                    out[(call_id, r.idx)] = ContextTurn(
                        index=r.idx, speaker=r.speaker, role=cast(Role, r.role), start=r.start,
                        text=r.text)
        return out


def _participants(s: Session, call_ids: set[int]
                  ) -> dict[tuple[int, str], tuple[str | None, str | None]]:
    """(call id, name) -> (job title, company), for attributing quotes."""
    if not call_ids:
        return {}
    q = select(t.Participant).where(t.Participant.call_id.in_(sorted(call_ids)))
    return {(p.call_id, p.name): (p.title, p.company) for p in s.scalars(q)}


def _allowed_calls(s: Session, f: SearchFilters) -> list[int]:
    calls = s.execute(select(t.Call.id, t.Call.tags).where(*call_conditions(f)))
    return [cid for cid, tags in calls if match_tags(tags, f.tags)]


def corpus_rows(db: Database, role: str) -> list[tuple[int, int, str, str, int, str | None]]:
    """(sentence id, call id, speaker, text, turn index, next turn's text if another role spoke)
    for every sentence of a role, in call and turn order."""
    with db.session() as s:
        turns = {(c, i): (r, x) for c, i, r, x in s.execute(
            select(t.Turn.call_id, t.Turn.idx, t.Turn.role, t.Turn.text)).all()}
        rows = s.execute(select(t.Sentence.id, t.Sentence.call_id, t.Sentence.speaker,
                                t.Sentence.text, t.Sentence.turn_idx)
                         .where(t.Sentence.role == role)
                         .order_by(t.Sentence.call_id, t.Sentence.turn_idx, t.Sentence.sent_idx))
        out = []
        for sid, cid, speaker, text, idx in rows.all():
            nxt = turns.get((cid, idx + 1))
            out.append((sid, cid, speaker, text, idx, nxt[1] if nxt and nxt[0] != role else None))
        return out


def call_outcomes(db: Database) -> dict[int, tuple[str, str]]:
    """Call id -> (external id, outcome) for every call."""
    with db.session() as s:
        return {cid: (ext, outcome) for cid, ext, outcome in s.execute(
            select(t.Call.id, t.Call.external_id, t.Call.outcome)).all()}
