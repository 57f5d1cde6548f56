"""Re-analysis of stored calls: which are stale, a call as ingest analysed it, and the swap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import numpy as np
from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from models import tables as t
from models.db import Database
from models.domain import (
    CallMeta,
    ParsedCall,
    Participant,
    Sentence,
    SentenceSearch,
    SpeakerRole,
    Turn,
)
from models.store.calls import lock_call
from models.store.insights import InsightWrite, delete_insights, insert_insights
from models.store.vectors import drop_orphan_vectors, put_vectors

ReplaceOutcome = Literal["updated", "current", "gone", "changed"]


@dataclass(frozen=True)
class StoredCall:
    """A stored call rebuilt as ingest's analysis saw it: no parsing, no sentence splitting."""

    call_id: int
    content_hash: str
    detector_version: str | None
    parsed: ParsedCall
    roles: dict[str, SpeakerRole]
    sentences: list[Sentence]
    sentence_ids: list[int]
    text_hashes: list[str]


@dataclass(frozen=True)
class InsightReplace:
    """New insights for a stored call, valid only for the content they were computed from."""

    call_id: int
    content_hash: str
    sentence_ids: Sequence[int]
    insights: Sequence[InsightWrite]
    detector_version: str
    text_hashes: Sequence[str] = ()  # of the sentences, same order
    model: str = ""
    new_vectors: Mapping[str, np.ndarray] = field(default_factory=dict)
    search: Sequence[SentenceSearch] = ()  # of the sentences, same order; empty: unchanged


class ReanalysisStore:
    """Queries behind `callsift reanalyze`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def stale(self, version: str, *, call_ids: Sequence[int] | None = None) -> list[int]:
        """Ids of calls (all, or of those given) not analysed with `version`, oldest first."""
        with self.db.session() as s:
            q = select(t.Call.id).where(_stale(version)).order_by(t.Call.id)
            if call_ids is not None:
                q = q.where(t.Call.id.in_(list(call_ids)))
            return list(s.scalars(q))

    def counts(self, version: str) -> tuple[int, int]:
        """(stale calls, all calls)."""
        with self.db.session() as s:
            total = int(s.scalar(select(func.count()).select_from(t.Call)) or 0)
            stale = int(s.scalar(select(func.count()).select_from(t.Call)
                                 .where(_stale(version))) or 0)
            return stale, total

    def mark_stale(self, call_ids: Sequence[int] | None = None) -> int:
        """Forget the version of some calls (or all), so the next run re-analyses them."""
        with self.db.session() as s:
            q = update(t.Call).values(detector_version=None)
            if call_ids is not None:
                q = q.where(t.Call.id.in_(list(call_ids)))
            return int(cast(CursorResult[Any], s.execute(q)).rowcount)

    def version_of(self, call_id: int) -> tuple[bool, str | None]:
        """(whether the call exists, the detector version it was analysed with)."""
        with self.db.session() as s:
            row = s.execute(select(t.Call.detector_version).where(t.Call.id == call_id)).first()
            return (row is not None, row[0] if row else None)

    def load(self, call_id: int) -> StoredCall | None:
        """The call's metadata, turns, roles and sentences as stored, or None if it is gone."""
        with self.db.session() as s:
            call = s.get(t.Call, call_id)
            if call is None:
                return None
            parts = list(s.scalars(select(t.Participant).where(t.Participant.call_id == call_id)
                                   .order_by(t.Participant.id)))
            turns = s.scalars(select(t.Turn).where(t.Turn.call_id == call_id).order_by(t.Turn.idx))
            # Spoken order, as ingest split them: the detectors read turns and neighbours.
            sents = list(s.scalars(select(t.Sentence).where(t.Sentence.call_id == call_id)
                                   .order_by(t.Sentence.turn_idx, t.Sentence.sent_idx,
                                             t.Sentence.id)))
            return StoredCall(
                call_id=call.id, content_hash=call.content_hash,
                detector_version=call.detector_version,
                parsed=ParsedCall(format=cast(Any, call.format), meta=_meta(call, parts),
                                  notes=call.notes or "",
                                  turns=[Turn(speaker=x.speaker, text=x.text, start=x.start,
                                              end=x.end) for x in turns]),
                roles={p.name: SpeakerRole(speaker=p.name, role=cast(Any, p.role),
                                           source=cast(Any, p.role_source),
                                           confidence=p.role_confidence)
                       for p in parts if p.spoke},
                sentences=[Sentence(turn_index=x.turn_idx, sent_index=x.sent_idx,
                                    speaker=x.speaker, role=cast(Any, x.role), text=x.text,
                                    clean_text=x.clean_text, char_start=x.char_start,
                                    char_end=x.char_end, start=x.start) for x in sents],
                sentence_ids=[x.id for x in sents], text_hashes=[x.text_hash for x in sents])

    def replace_insights(self, new: InsightReplace) -> ReplaceOutcome:
        """Swap a call's insights for new ones and record the version, in one transaction.

        Locks the call as ingest and delete do. A call deleted meanwhile is `gone`; one
        re-ingested meanwhile (other content or other sentences) is `changed` and left as the
        re-ingest stored it, analysed by the detectors that ingest ran; one another run
        already brought to this version is `current` and left alone.
        """
        with self.db.session() as s:
            row = lock_call(s, new.call_id)
            if row is None:
                return "gone"
            current = list(s.scalars(select(t.Sentence.id).where(t.Sentence.call_id == row.id)
                                     .order_by(t.Sentence.id)))
            if row.content_hash != new.content_hash or current != sorted(new.sentence_ids):
                return "changed"
            if row.detector_version == new.detector_version:
                return "current"
            put_vectors(s, new.model, new.new_vectors)
            delete_insights(s, row.id)
            insert_insights(s, row.id, new.sentence_ids, new.insights)
            row.detector_version = new.detector_version
            # Sentences that had no vector were never searchable, and ones whose window or
            # vector side changed are indexed differently: index replicas (re-)add them.
            fresh = {i for i, h in zip(new.sentence_ids, new.text_hashes, strict=True)
                     if h in new.new_vectors}
            fresh |= _update_search_fields(s, new)
            if fresh:
                s.add(t.Change(op="add", call_id=row.id, sentence_ids=sorted(fresh)))
            return "updated"


def _update_search_fields(s: Session, new: InsightReplace) -> set[int]:
    """Write the search fields that differ from the stored ones (calls stored before
    migration 0005 have none); returns the sentence ids whose vector changed."""
    if not new.search:
        return set()
    stored = {sid: (w, k, v) for sid, w, k, v in s.execute(
        select(t.Sentence.id, t.Sentence.window_hash, t.Sentence.keywords,
               t.Sentence.searchable).where(t.Sentence.call_id == new.call_id))}
    changes, moved = [], set()
    for sid, f in zip(new.sentence_ids, new.search, strict=True):
        want = (f.window_hash, f.keywords or None, f.searchable)
        have = stored.get(sid)
        if have is not None and have != want:
            changes.append({"id": sid, "window_hash": want[0], "keywords": want[1],
                            "searchable": want[2]})
            if (have[0], have[2]) != (want[0], want[2]):
                moved.add(sid)
    if changes:
        s.execute(update(t.Sentence), changes)
        drop_orphan_vectors(s, [w for sid, (w, _, _) in stored.items() if w])
    return moved


def _stale(version: str) -> ColumnElement[bool]:
    return or_(t.Call.detector_version.is_(None), t.Call.detector_version != version)


def _meta(call: t.Call, parts: Sequence[t.Participant]) -> CallMeta:
    # Participants carry the role ingest resolved; the persona detector reads each speaker's
    # role from the sentences anyway, so the two agree.
    return CallMeta(
        external_id=call.external_id, title=call.title, started_at=call.started_at,
        participants=[Participant(name=p.name, role=cast(Any, p.role), title=p.title,
                                  company=p.company, email=p.email) for p in parts],
        account=call.account, outcome=cast(Any, call.outcome), outcome_note=call.outcome_note,
        stage=call.stage, tags=list(call.tags or []))
