"""Bulk import: many new calls per transaction, for backfills and benchmarks.

`CallStore.save` writes one call per transaction through the ORM (about 4 ms per
sentence-heavy call here), which is right for ingest but takes many minutes for a million
sentences. This writes the same rows with executemany inserts, many calls per
transaction. It only inserts: calls whose external id is already stored are skipped
(replace them with `CallStore.save`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import tables as t
from models.db import Database
from models.domain import SentenceSearch
from models.store.calls import CallWrite
from models.store.insights import insert_insights
from models.store.vectors import to_bytes


class BulkStore:
    """Executemany writes of whole calls."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_calls(self, calls: Sequence[CallWrite]) -> list[int | None]:
        """Store new calls in one transaction; the new call ids (None for a skipped call)."""
        with self.db.session() as s:
            known = _stored_external_ids(s, [c.external_id for c in calls])
            fresh = [c for c in calls if c.external_id not in known]
            with _big_page_cache(s):
                new_ids = _insert_rows(s, fresh) if fresh else []
        ids = dict(zip((c.external_id for c in fresh), new_ids, strict=True))
        return [ids.get(c.external_id) for c in calls]


@contextmanager
def _big_page_cache(s: Session) -> Iterator[None]:
    """SQLite: a 256 MB page cache while inserting (index pages stay in memory, ~35% faster
    at 1M sentences), then the connection's own setting again."""
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    old = s.execute(text("PRAGMA cache_size")).scalar()
    s.execute(text("PRAGMA cache_size=-262144"))
    try:
        yield
    finally:
        s.execute(text(f"PRAGMA cache_size={int(old or -2000)}"))


def _stored_external_ids(s: Session, external_ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(external_ids), 900):
        out.update(s.scalars(select(t.Call.external_id)
                             .where(t.Call.external_id.in_(external_ids[i:i + 900]))))
    return out


def _insert_rows(s: Session, calls: Sequence[CallWrite]) -> list[int]:
    # Plain executemany, then the new ids read back by natural key: RETURNING with a
    # guaranteed row order makes SQLite insert one row per statement, ten times slower.
    _put_vectors(s, calls)
    _insert(s, t.Call, [_call_row(c) for c in calls])
    by_ext = dict(s.execute(select(t.Call.external_id, t.Call.id)
                            .where(t.Call.external_id.in_([c.external_id for c in calls]))).all())
    call_ids = [int(by_ext[c.external_id]) for c in calls]
    pairs = list(zip(call_ids, calls, strict=True))
    _insert(s, t.Participant, [p for cid, c in pairs for p in _participant_rows(cid, c)])
    _insert(s, t.Turn, [r for cid, c in pairs for r in _turn_rows(cid, c)])
    turn_id = {(cid, idx): tid for tid, cid, idx in s.execute(
        select(t.Turn.id, t.Turn.call_id, t.Turn.idx).where(t.Turn.call_id.in_(call_ids)))}
    _insert(s, t.Sentence, [
        {"call_id": cid, "turn_id": turn_id[(cid, x.turn_index)], "turn_idx": x.turn_index,
         "sent_idx": x.sent_index, "speaker": x.speaker, "role": x.role, "text": x.text,
         "clean_text": x.clean_text, "char_start": x.char_start, "char_end": x.char_end,
         "start": x.start, "text_hash": h, "window_hash": f.window_hash,
         "keywords": f.keywords or None, "searchable": f.searchable}
        for cid, c in pairs for x, h, f in zip(
            c.sentences, c.text_hashes,
            c.search or [SentenceSearch() for _ in c.sentences], strict=True)])
    sentence_id = {(cid, ti, si): sid for sid, cid, ti, si in s.execute(
        select(t.Sentence.id, t.Sentence.call_id, t.Sentence.turn_idx, t.Sentence.sent_idx)
        .where(t.Sentence.call_id.in_(call_ids)))}
    changes = []
    for cid, c in pairs:
        sids = [sentence_id[(cid, x.turn_index, x.sent_index)] for x in c.sentences]
        if c.insights:
            insert_insights(s, cid, sids, c.insights)
        changes.append({"op": "add", "call_id": cid, "sentence_ids": sids})
    _insert(s, t.Change, changes)  # one change per call, as `CallStore.save` logs
    return call_ids


def _put_vectors(s: Session, calls: Sequence[CallWrite]) -> None:
    """New vectors, one executemany; a hash already stored (or stored meanwhile) is kept."""
    rows = list({(c.model, h): {"model": c.model, "text_hash": h, "dim": int(v.shape[0]),
                                "data": to_bytes(v)}
                 for c in calls for h, v in sorted(c.new_vectors.items())}.values())
    rows.sort(key=lambda r: (r["model"], r["text_hash"]))  # one lock order: see put_vectors
    if rows:
        insert_ = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        s.execute(insert_(cast(Table, t.Vector.__table__))
                  .on_conflict_do_nothing(index_elements=["model", "text_hash"]), rows)


def _insert(s: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Core executemany insert (no ORM unit of work)."""
    if rows:
        s.execute(insert(model.__table__), rows)


def _call_row(c: CallWrite) -> dict[str, Any]:
    meta, now = c.parsed.meta, t.utcnow()
    return {"external_id": c.external_id, "content_hash": c.content_hash, "title": meta.title,
            "started_at": meta.started_at, "account": meta.account, "outcome": meta.outcome,
            "outcome_note": meta.outcome_note, "stage": meta.stage, "tags": list(meta.tags),
            "notes": c.parsed.notes, "format": c.parsed.format, "source_name": c.source_name,
            "upload_id": c.upload_id, "created_at": now, "updated_at": now}


def _participant_rows(call_id: int, c: CallWrite) -> list[dict[str, Any]]:
    """The same rows `CallStore.save` writes: listed participants and every resolved speaker."""
    listed = {p.name: p for p in c.parsed.meta.participants}
    spoke = {turn.speaker for turn in c.parsed.turns}
    rows = []
    for name in dict.fromkeys([*listed, *c.roles]):
        p, r = listed.get(name), c.roles.get(name)
        known = p is not None and p.role != "unknown"
        rows.append({
            "call_id": call_id, "name": name, "title": p.title if p else None,
            "company": p.company if p else None, "email": p.email if p else None,
            "role": r.role if r else (p.role if p else "unknown"),
            "role_source": r.source if r else ("metadata" if known else "unknown"),
            "role_confidence": r.confidence if r else (1.0 if known else 0.0),
            "spoke": name in spoke})
    return rows


def _turn_rows(call_id: int, c: CallWrite) -> list[dict[str, Any]]:
    return [{"call_id": call_id, "idx": i, "speaker": turn.speaker,
             "role": c.roles[turn.speaker].role if turn.speaker in c.roles else "unknown",
             "start": turn.start, "end": turn.end, "text": turn.text}
            for i, turn in enumerate(c.parsed.turns)]
