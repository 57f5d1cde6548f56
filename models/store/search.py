"""Queries behind search: filters, candidate facts and vectors, and the rows of a hit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from models import tables as t
from models.db import Database
from models.domain import Outcome, Role
from models.schemas import ContextTurn, HitRow, SearchFilters
from models.store.filters import allowed_call_ids, sentence_conditions
from models.store.vectors import get_vectors


@dataclass
class CandidateFacts:
    """A search candidate's stored stems and what the detectors marked in it."""

    stems: list[str]
    searchable: bool
    text_hash: str
    clean_text: str
    call_id: int
    objection: str | None = None
    persona: bool = False


class SearchStore:
    """Read-only queries for hybrid search."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def allowed_sentence_ids(self, f: SearchFilters) -> list[int] | None:
        """Sentence ids passing the filters, or None when nothing is filtered."""
        if f.is_empty():
            return None
        with self.db.session() as s:
            q = select(t.Sentence.id).where(*sentence_conditions(f))
            if f.touches_calls():
                q = q.where(t.Sentence.call_id.in_(allowed_call_ids(s, f)))
            return list(s.scalars(q))

    def facts(self, sentence_ids: Sequence[int]) -> dict[int, CandidateFacts]:
        """What ranking and duplicate collapse read about each candidate: stems, line, call,
        detected objection, persona evidence."""
        out: dict[int, CandidateFacts] = {}
        ids = list(sentence_ids)
        with self.db.session() as s:
            for i in range(0, len(ids), 900):
                chunk = ids[i:i + 900]
                for sid, kw, searchable, h, text, cid in s.execute(
                        select(t.Sentence.id, t.Sentence.keywords, t.Sentence.searchable,
                               t.Sentence.text_hash, t.Sentence.clean_text, t.Sentence.call_id)
                        .where(t.Sentence.id.in_(chunk))):
                    out[sid] = CandidateFacts((kw or "").split(), searchable, h, text, cid)
                for owner, kind, category in s.execute(
                        select(t.Insight.sentence_id, t.Insight.type, t.Insight.category)
                        .where(t.Insight.sentence_id.in_(chunk),
                               t.Insight.type.in_(("objection", "persona")))):
                    fact = out.get(owner) if owner is not None else None
                    if fact is None:
                        continue
                    if kind == "objection":
                        fact.objection = category
                    else:
                        fact.persona = True
        return out

    def vectors(self, sentence_ids: Sequence[int],
                model: str) -> dict[int, tuple[np.ndarray, np.ndarray | None]]:
        """(sentence vector, window vector or None) of each sentence that has a vector."""
        out: dict[int, tuple[np.ndarray, np.ndarray | None]] = {}
        ids = list(sentence_ids)
        with self.db.session() as s:
            pairs = {}
            for i in range(0, len(ids), 900):
                pairs.update({sid: (h, w) for sid, h, w in s.execute(
                    select(t.Sentence.id, t.Sentence.text_hash, t.Sentence.window_hash)
                    .where(t.Sentence.id.in_(ids[i:i + 900])))})
            vecs = get_vectors(s, model, [h for pair in pairs.values() for h in pair if h])
        for sid, (h, w) in pairs.items():
            if h in vecs:
                out[sid] = (vecs[h], vecs.get(w) if w else None)
        return out

    def window_bounds(self, keys: Sequence[tuple[int, int, int]], neighbours: int
                      ) -> dict[tuple[int, int, int], tuple[int, int]]:
        """(call id, turn index, sentence index) -> the character span of that sentence with
        its neighbours in the turn."""
        spans: dict[tuple[int, int, int], tuple[int, int]] = {}
        turns = sorted({(c, ti) for c, ti, _ in keys})
        with self.db.session() as s:
            for i in range(0, len(turns), 400):
                chunk = turns[i:i + 400]
                spans.update({(c, ti, si): (a, b) for c, ti, si, a, b in s.execute(select(
                    t.Sentence.call_id, t.Sentence.turn_idx, t.Sentence.sent_idx,
                    t.Sentence.char_start, t.Sentence.char_end).where(
                        t.Sentence.call_id.in_({c for c, _ in chunk}),
                        tuple_(t.Sentence.call_id, t.Sentence.turn_idx).in_(chunk)))})
        out: dict[tuple[int, int, int], tuple[int, int]] = {}
        for c, ti, si in keys:
            near = [spans[(c, ti, j)] for j in range(si - neighbours, si + neighbours + 1)
                    if (c, ti, j) in spans]
            if near:
                out[(c, ti, si)] = (min(a for a, _ in near), max(b for _, b in near))
        return out

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
                timestamp=x.start, turn_index=x.turn_idx, sent_index=x.sent_idx,
                char_start=x.char_start,
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
        wanted = sorted({(c, i + d) for c, i in keys for d in (-1, 0, 1) if i + d >= 0})
        out: dict[tuple[int, int], ContextTurn] = {}
        with self.db.session() as s:
            for i in range(0, len(wanted), 400):  # one query, two bound values a turn
                chunk = wanted[i:i + 400]
                # call_id IN first: SQLite scans every turn for a bare row-value IN
                q = select(t.Turn.call_id, t.Turn.idx, t.Turn.speaker, t.Turn.role, t.Turn.start,
                           t.Turn.text).where(t.Turn.call_id.in_({c for c, _ in chunk}),
                                              tuple_(t.Turn.call_id, t.Turn.idx).in_(chunk))
                for call_id, idx, speaker, role, start, text in s.execute(q):
                    out[(call_id, idx)] = ContextTurn(index=idx, speaker=speaker,
                                                      role=cast(Role, role), start=start,
                                                      text=text)
        return out


def _participants(s: Session, call_ids: set[int]
                  ) -> dict[tuple[int, str], tuple[str | None, str | None]]:
    """(call id, name) -> (job title, company), for attributing quotes."""
    if not call_ids:
        return {}
    q = select(t.Participant).where(t.Participant.call_id.in_(sorted(call_ids)))
    return {(p.call_id, p.name): (p.title, p.company) for p in s.scalars(q)}


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
