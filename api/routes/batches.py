"""Batches: how far a batch upload has got, from its jobs' states."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from api.deps import StoreDep

router = APIRouter(prefix="/batches", tags=["jobs"])

STATES = ("queued", "running", "succeeded", "failed")


class BatchProgress(BaseModel):
    """Counts per state; `done` is true once every job has finished (either way)."""

    batch_id: str
    total: int
    counts: dict[str, int]
    progress: float
    done: bool
    jobs_url: str


@router.get("/{batch_id}", response_model=BatchProgress)
def read_batch(batch_id: str, store: StoreDep) -> BatchProgress:
    """A batch's progress: jobs per state and the finished share."""
    found = store.jobs.batch_counts(batch_id)
    if not found:
        raise HTTPException(404, f"no batch {batch_id!r}")
    counts = {state: found.get(state, 0) for state in STATES}
    total = sum(found.values())
    finished = counts["succeeded"] + counts["failed"]
    return BatchProgress(batch_id=batch_id, total=total, counts=counts,
                         progress=round(finished / total, 4), done=finished == total,
                         jobs_url=f"/jobs?batch_id={batch_id}")
