"""Writing and reading calls: atomic replace-by-external-id, delete, list, detail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import tables as t
from models.db import Database
from models.domain import Outcome, ParsedCall, Role, Sentence, SentenceSearch, SpeakerRole
from models.schemas import (
    CallDetail,
    CallSummary,
    ParticipantPublic,
    SearchFilters,
    SentencePublic,
    TurnPublic,
)
from models.store.filters import MAX_ID, call_conditions, db_id, match_tags
from models.store.insights import InsightWrite, delete_insights, insert_insights
from models.store.vectors import drop_orphan_vectors, get_vectors, put_vectors


@dataclass(frozen=True)
class CallWrite:
    """Everything ingest produced for one call, ready to be stored in one transaction."""

    external_id: str
    content_hash: str
    parsed: ParsedCall
    roles: Mapping[str, SpeakerRole]
    sentences: Sequence[Sentence]
    text_hashes: Sequence[str]
    new_vectors: Mapping[str, np.ndarray] = field(default_factory=dict)
    model: str = ""
    source_name: str | None = None
    upload_id: int | None = None
    insights: Sequence[InsightWrite] = ()
    detector_version: str | None = None  # the detectors that produced `insights`
    search: Sequence[SentenceSearch] = ()  # per sentence, same order; empty: defaults


@dataclass(frozen=True)
class SaveResult:
    """The stored call id, and whether anything changed."""

    call_id: int
    changed: bool


class CallStore:
    """Queries on calls and their turns, participants and sentences."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def content_hash_of(self, external_id: str) -> str | None:
        """The stored content hash for an external id, if the call exists."""
        with self.db.session() as s:
            return s.scalar(select(t.Call.content_hash).where(t.Call.external_id == external_id))

    def save(self, call: CallWrite) -> SaveResult:
        """Insert, or atomically replace, the call with this external id."""
        with self.db.session() as s:
            _lock_external_id(s, call.external_id)
            existing = s.scalars(
                select(t.Call).where(t.Call.external_id == call.external_id).with_for_update()
            ).first()
            if existing is not None and existing.content_hash == call.content_hash:
                return SaveResult(existing.id, changed=False)
            put_vectors(s, call.model, call.new_vectors)
            old_hashes: list[str] = []
            if existing is not None:
                # Same id, new content: links to the call keep working after a re-ingest.
                old_hashes = _vector_hashes(s, existing.id)
                _delete_children(s, existing.id)
                _drop_replaced_upload(s, existing, call.upload_id)
            row = _upsert_call_row(s, existing, call)
            _insert_children(s, row.id, call)
            drop_orphan_vectors(s, old_hashes)  # lines and windows the new content dropped
            return SaveResult(row.id, changed=True)

    def cached_vectors(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors already stored for these text hashes (the persistent embedding cache)."""
        with self.db.session() as s:
            return get_vectors(s, model, hashes)

    def delete(self, call_id: int) -> bool:
        """Remove a call, its rows and its upload; log the removal for index replicas."""
        with self.db.session() as s:
            row = lock_call(s, call_id)
            if row is None:
                return False
            hashes = _vector_hashes(s, call_id)
            _delete_children(s, call_id)
            _drop_replaced_upload(s, row, keep=None)
            s.delete(row)
            drop_orphan_vectors(s, hashes)
            return True

    def resolve_id(self, ref: str | int) -> int | None:
        """A call's numeric id from its id or external id."""
        with self.db.session() as s:
            numeric = ref if isinstance(ref, int) else db_id(ref)
            if numeric is not None and 0 < numeric <= MAX_ID and s.get(t.Call, numeric) is not None:
                return numeric
            return s.scalar(select(t.Call.id).where(t.Call.external_id == str(ref)))

    def list(self, filters: SearchFilters, *, limit: int,
             offset: int) -> tuple[list[CallSummary], int]:
        """A page of calls, newest first, with the total that match."""
        with self.db.session() as s:
            rows = s.scalars(select(t.Call).where(*call_conditions(filters))
                             .order_by(t.Call.started_at.desc().nulls_last(), t.Call.id.desc()))
            calls = [c for c in rows if match_tags(c.tags, filters.tags)]
            page = calls[offset:offset + limit]
            counts = _counts(s, [c.id for c in page])
            return [_summary(c, *counts.get(c.id, (0, 0))) for c in page], len(calls)

    def detail(self, call_id: int) -> CallDetail | None:
        """A call with participants, turns and sentences."""
        with self.db.session() as s:
            call = s.get(t.Call, call_id)
            if call is None:
                return None
            parts = s.scalars(select(t.Participant).where(t.Participant.call_id == call_id)
                              .order_by(t.Participant.id))
            turns = list(s.scalars(select(t.Turn).where(t.Turn.call_id == call_id)
                                   .order_by(t.Turn.idx)))
            sents = s.scalars(select(t.Sentence).where(t.Sentence.call_id == call_id)
                              .order_by(t.Sentence.turn_idx, t.Sentence.sent_idx))
            by_turn: dict[int, list[SentencePublic]] = {}
            n_sent = 0
            for x in sents:
                n_sent += 1
                by_turn.setdefault(x.turn_idx, []).append(SentencePublic(
                    id=x.id, sent_index=x.sent_idx, text=x.text, char_start=x.char_start,
                    char_end=x.char_end, start=x.start))
            base = _summary(call, len(turns), n_sent).model_dump()
            return CallDetail(
                **base, outcome_note=call.outcome_note, notes=call.notes,
                participants=[ParticipantPublic.model_validate(p, from_attributes=True)
                              for p in parts],
                turns=[TurnPublic(index=x.idx, speaker=x.speaker, role=cast(Role, x.role),
                                  start=x.start, end=x.end, text=x.text,
                                  sentences=by_turn.get(x.idx, []))
                       for x in turns],
            )


def lock_call(s: Session, call_id: int) -> t.Call | None:
    """Lock a call for this transaction, in the order `save` locks it (None if it is gone).

    Every writer of a call's rows takes the external-id lock, then the row lock, before
    touching its children: with one order, a delete, a re-ingest and a reanalyze of the
    same call queue up instead of deadlocking.
    """
    external_id = s.scalar(select(t.Call.external_id).where(t.Call.id == call_id))
    if external_id is None:
        return None
    _lock_external_id(s, external_id)
    return s.scalars(select(t.Call).where(t.Call.id == call_id).with_for_update()).first()


def _lock_external_id(s: Session, external_id: str) -> None:
    """Serialise writers of one external id until commit.

    FOR UPDATE locks only a row that exists: two first ingests of the same id would both
    insert, and one would fail on the unique key. With this lock the second waits, then
    finds the first one's call (unchanged if the content is the same, else replaced).
    SQLite needs nothing: it allows one writer at a time.
    """
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(external_id, 0))))


def _upsert_call_row(s: Session, row: t.Call | None, call: CallWrite) -> t.Call:
    meta = call.parsed.meta
    row = row or t.Call(external_id=call.external_id)
    row.content_hash, row.title, row.started_at = call.content_hash, meta.title, meta.started_at
    row.account, row.outcome, row.outcome_note = meta.account, meta.outcome, meta.outcome_note
    row.stage, row.tags, row.notes = meta.stage, list(meta.tags), call.parsed.notes
    row.format, row.source_name = call.parsed.format, call.source_name
    row.upload_id = call.upload_id
    row.detector_version = call.detector_version
    row.updated_at = t.utcnow()
    s.add(row)
    s.flush()
    return row


def _insert_children(s: Session, call_id: int, call: CallWrite) -> None:
    _insert_participants(s, call_id, call)
    turn_ids = _insert_turns(s, call_id, call)
    search = list(call.search) or [SentenceSearch() for _ in call.sentences]
    sentences = [
        t.Sentence(call_id=call_id, turn_id=turn_ids[x.turn_index], turn_idx=x.turn_index,
                   sent_idx=x.sent_index, speaker=x.speaker, role=x.role, text=x.text,
                   clean_text=x.clean_text, char_start=x.char_start, char_end=x.char_end,
                   start=x.start, text_hash=h, window_hash=f.window_hash,
                   keywords=f.keywords or None, searchable=f.searchable)
        for x, h, f in zip(call.sentences, call.text_hashes, search, strict=True)
    ]
    s.add_all(sentences)
    s.flush()
    insert_insights(s, call_id, [x.id for x in sentences], call.insights)
    s.add(t.Change(op="add", call_id=call_id, sentence_ids=[x.id for x in sentences]))


def _insert_participants(s: Session, call_id: int, call: CallWrite) -> None:
    listed = {p.name: p for p in call.parsed.meta.participants}
    spoke = {turn.speaker for turn in call.parsed.turns}
    names = list(dict.fromkeys([*listed, *call.roles]))
    for name in names:
        p = listed.get(name)
        r = call.roles.get(name)
        s.add(t.Participant(
            call_id=call_id, name=name, title=p.title if p else None,
            company=p.company if p else None, email=p.email if p else None,
            role=r.role if r else (p.role if p else "unknown"),
            role_source=r.source if r else ("metadata" if p and p.role != "unknown" else "unknown"),
            role_confidence=r.confidence if r else (1.0 if p and p.role != "unknown" else 0.0),
            spoke=name in spoke,
        ))


def _insert_turns(s: Session, call_id: int, call: CallWrite) -> dict[int, int]:
    rows = []
    for i, turn in enumerate(call.parsed.turns):
        role = call.roles[turn.speaker].role if turn.speaker in call.roles else "unknown"
        rows.append(t.Turn(call_id=call_id, idx=i, speaker=turn.speaker, role=role,
                           start=turn.start, end=turn.end, text=turn.text))
    s.add_all(rows)
    s.flush()
    return {r.idx: r.id for r in rows}


def _vector_hashes(s: Session, call_id: int) -> list[str]:
    """Every vector key a call's sentences use: their lines and their windows."""
    return [h for pair in s.execute(select(t.Sentence.text_hash, t.Sentence.window_hash)
                                    .where(t.Sentence.call_id == call_id)) for h in pair if h]


def _delete_children(s: Session, call_id: int) -> None:
    sentence_ids = list(s.scalars(select(t.Sentence.id).where(t.Sentence.call_id == call_id)))
    # Explicit deletes, child first: they fire the SQLite FTS triggers and don't depend on
    # the connection having foreign-key cascades switched on.
    delete_insights(s, call_id)
    s.execute(delete(t.Sentence).where(t.Sentence.call_id == call_id))
    s.execute(delete(t.Turn).where(t.Turn.call_id == call_id))
    s.execute(delete(t.Participant).where(t.Participant.call_id == call_id))
    s.add(t.Change(op="remove", call_id=call_id, sentence_ids=sentence_ids))


def _drop_replaced_upload(s: Session, row: t.Call, keep: int | None) -> None:
    if row.upload_id is not None and row.upload_id != keep:
        old = row.upload_id
        row.upload_id = None
        s.flush()
        s.execute(delete(t.Upload).where(t.Upload.id == old))


def _counts(s: Session, call_ids: list[int]) -> dict[int, tuple[int, int]]:
    if not call_ids:
        return {}
    turns = dict(s.execute(select(t.Turn.call_id, func.count()).where(
        t.Turn.call_id.in_(call_ids)).group_by(t.Turn.call_id)).all())
    sents = dict(s.execute(select(t.Sentence.call_id, func.count()).where(
        t.Sentence.call_id.in_(call_ids)).group_by(t.Sentence.call_id)).all())
    return {c: (turns.get(c, 0), sents.get(c, 0)) for c in call_ids}


def _summary(c: t.Call, n_turns: int, n_sentences: int) -> CallSummary:
    return CallSummary(
        id=c.id, external_id=c.external_id, title=c.title, started_at=c.started_at,
        account=c.account, outcome=cast(Outcome, c.outcome), stage=c.stage, tags=list(c.tags or []),
        format=c.format, turn_count=n_turns, sentence_count=n_sentences,
    )
