"""Jobs, their uploads, and the workspace rep roster."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import CursorResult

from models import tables as t
from models.db import Database
from models.schemas import JobPublic

TERMINAL = ("succeeded", "failed")


@dataclass(frozen=True)
class UploadData:
    """The bytes a job ingests."""

    upload_id: int
    filename: str | None
    data: bytes
    sidecar: bytes | None
    sha256: str


class JobStore:
    """Job lifecycle: queued -> running -> succeeded | failed."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create_ingest(self, *, filename: str | None, data: bytes, sidecar: bytes | None,
                      batch_id: str | None = None) -> str:
        """Store an upload and a queued job for it; returns the job id."""
        with self.db.session() as s:
            up = t.Upload(filename=filename, data=data, sidecar=sidecar,
                          sha256=hashlib.sha256(data + (sidecar or b"")).hexdigest())
            s.add(up)
            s.flush()
            job = t.Job(id=str(uuid.uuid4()), kind="ingest.call", state="queued",
                        filename=filename, upload_id=up.id, batch_id=batch_id)
            s.add(job)
            return job.id

    def create_failed(self, *, filename: str | None, error: str, batch_id: str | None) -> str:
        """Record a file rejected before any work, so its reason is visible like any job's."""
        with self.db.session() as s:
            job = t.Job(id=str(uuid.uuid4()), kind="ingest.call", state="failed", progress=1.0,
                        error=error, filename=filename, batch_id=batch_id)
            s.add(job)
            return job.id

    def create_reanalyze(self, chunks: Sequence[Sequence[int]], batch_id: str) -> list[str]:
        """A queued `reanalyze.calls` job per chunk of call ids (the ids live in its result)."""
        with self.db.session() as s:
            jobs = [t.Job(id=str(uuid.uuid4()), kind="reanalyze.calls", state="queued",
                          batch_id=batch_id, result={"call_ids": [int(c) for c in chunk]})
                    for chunk in chunks]
            s.add_all(jobs)
            return [j.id for j in jobs]

    def states(self, batch_id: str) -> dict[str, tuple[str, float]]:
        """Each job of a batch: (state, progress), in one query."""
        with self.db.session() as s:
            rows = s.execute(select(t.Job.id, t.Job.state, t.Job.progress)
                             .where(t.Job.batch_id == batch_id))
            return {job_id: (state, float(progress)) for job_id, state, progress in rows}

    def get(self, job_id: str) -> JobPublic | None:
        """One job."""
        with self.db.session() as s:
            job = s.get(t.Job, job_id)
            return JobPublic.model_validate(job, from_attributes=True) if job else None

    def list(self, *, batch_id: str | None = None, limit: int = 100) -> list[JobPublic]:
        """Newest jobs first, optionally of one batch."""
        with self.db.session() as s:
            q = select(t.Job).order_by(t.Job.created_at.desc()).limit(limit)
            if batch_id:
                q = q.where(t.Job.batch_id == batch_id)
            return [JobPublic.model_validate(j, from_attributes=True) for j in s.scalars(q)]

    def batch_counts(self, batch_id: str) -> dict[str, int]:
        """How many of a batch's jobs are in each state (empty for an unknown batch)."""
        with self.db.session() as s:
            rows = s.execute(select(t.Job.state, func.count()).where(t.Job.batch_id == batch_id)
                             .group_by(t.Job.state))
            return {state: int(n) for state, n in rows}

    def upload_for(self, job_id: str) -> UploadData | None:
        """The upload a job works on, or None if the job is gone or has no upload."""
        with self.db.session() as s:
            job = s.get(t.Job, job_id)
            up = s.get(t.Upload, job.upload_id) if job and job.upload_id else None
            if up is None:
                return None
            return UploadData(up.id, up.filename, up.data, up.sidecar, up.sha256)

    def update(self, job_id: str, **fields: Any) -> None:
        """Set state/progress/error/call_id/external_id/result on a job."""
        with self.db.session() as s:
            job = s.get(t.Job, job_id)
            if job is None:
                return
            for key, value in fields.items():
                setattr(job, key, value)
            job.updated_at = t.utcnow()

    def drop_upload(self, upload_id: int) -> None:
        """Forget an upload no call refers to (its content was already stored)."""
        with self.db.session() as s:
            if s.scalar(select(t.Call.id).where(t.Call.upload_id == upload_id)) is None:
                s.execute(delete(t.Upload).where(t.Upload.id == upload_id))

    def fail_unless_done(self, job_id: str, error: str) -> bool:
        """Mark a job failed in one conditional write, unless it already finished (a duplicate
        delivery may succeed between a check and a separate write); True if it was marked."""
        with self.db.session() as s:
            done = s.execute(update(t.Job).where(t.Job.id == job_id, t.Job.state.not_in(TERMINAL))
                             .values(state="failed", progress=1.0, error=error,
                                     updated_at=t.utcnow()))
            return bool(cast(CursorResult[Any], done).rowcount)

    def is_done(self, job_id: str) -> bool:
        """True when the job already finished (a redelivered task must not redo it)."""
        with self.db.session() as s:
            return s.scalar(select(t.Job.state).where(t.Job.id == job_id)) in TERMINAL


class RosterStore:
    """The workspace rep roster (names or emails, compared case-insensitively)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self) -> list[str]:
        """All roster entries."""
        with self.db.session() as s:
            return sorted(s.scalars(select(t.RosterEntry.value)))

    def replace(self, values: Sequence[str]) -> list[str]:
        """Replace the roster; entries are trimmed and de-duplicated."""
        clean = sorted({v.strip() for v in values if v.strip()}, key=str.lower)
        with self.db.session() as s:
            s.execute(delete(t.RosterEntry))
            s.add_all(t.RosterEntry(value=v) for v in clean)
        return clean
