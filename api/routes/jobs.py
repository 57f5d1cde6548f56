"""Jobs: state, progress and error of background work."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import StoreDep
from models.schemas import JobPublic

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobPublic)
def read_job(job_id: str, store: StoreDep) -> JobPublic:
    """One job's state, progress and error."""
    job = store.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job


@router.get("", response_model=list[JobPublic])
def list_jobs(store: StoreDep, batch_id: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[JobPublic]:
    """Recent jobs, or the jobs of one batch."""
    return store.jobs.list(batch_id=batch_id, limit=limit)
