"""Calls: upload (202 + job), batch upload, list, read, delete."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel
from starlette.datastructures import UploadFile as FormFile

from api.call_insights_service import call_insights
from api.deps import ServicesDep, StoreDep
from api.uploads import IncomingFile, create_jobs, expand_archives, pair_sidecars, read_limited
from api.uploads import validate as validate_upload
from models.domain import Outcome
from models.insight_schemas import CallInsights
from models.schemas import CallDetail, CallSummary, JobPublic, SearchFilters
from nlp.errors import EmptyTranscript, TranscriptTooLarge
from workers.client import enqueue_ingest

router = APIRouter(prefix="/calls", tags=["calls"])


class JobAccepted(BaseModel):
    """A queued ingest job."""

    job_id: str
    status_url: str


class BatchAccepted(BaseModel):
    """A batch: one job per file; rejected files are failed jobs with their reason."""

    batch_id: str
    jobs: list[JobPublic]


class CallPage(BaseModel):
    """A page of calls."""

    total: int
    items: list[CallSummary]


UPLOAD_DOC = {"requestBody": {"content": {
    "application/json": {"schema": {"type": "object", "description": "a JSON transcript "
                                    "(see docs/formats.md)"}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"},
        "metadata": {"type": "string", "format": "binary",
                     "description": "optional sidecar JSON (file or text field)"}}}},
}}}


@router.post("", status_code=202, response_model=JobAccepted, openapi_extra=UPLOAD_DOC)
async def create_call(request: Request, services: ServicesDep) -> JobAccepted:
    """Queue one transcript for ingest: a JSON body, or a multipart file plus metadata."""
    limit = services.settings.max_upload_bytes
    item = await _incoming(request, limit)
    validate_upload(item, limit)
    job_id = services.store.jobs.create_ingest(filename=item.filename, data=item.data,
                                               sidecar=item.sidecar)
    enqueue_ingest([job_id])
    return JobAccepted(job_id=job_id, status_url=f"/jobs/{job_id}")


async def _incoming(request: Request, limit: int) -> IncomingFile:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_part_size=limit + 1)
        upload = form.get("file")
        if not isinstance(upload, FormFile):
            raise HTTPException(422, "multipart upload needs a 'file' part with the transcript")
        meta = form.get("metadata")
        sidecar = await read_limited(meta, limit) if isinstance(meta, FormFile) else (
            meta.encode() if isinstance(meta, str) and meta.strip() else None)
        return IncomingFile(upload.filename or "upload", await read_limited(upload, limit),
                            sidecar)
    body = await request.body()
    if len(body) > limit:
        raise TranscriptTooLarge(f"the request body is over the {limit:,}-byte limit")
    if not body.strip():
        raise EmptyTranscript("the request body is empty: send a JSON transcript or a file")
    return IncomingFile("upload.json", body)


@router.post("/batch", status_code=202, response_model=BatchAccepted)
async def create_calls_batch(files: list[UploadFile], services: ServicesDep) -> BatchAccepted:
    """Queue many transcripts (and sidecars, or zips of them); each bad file fails alone."""
    limit = services.settings.max_upload_bytes
    raw = [(f.filename or f"file-{i}", await f.read(limit + 1)) for i, f in enumerate(files)]
    items = pair_sidecars(expand_archives(raw, limit))
    batch_id, job_ids = create_jobs(services.store, items, limit)
    jobs = [j for j in (services.store.jobs.get(i) for i in job_ids) if j is not None]
    enqueue_ingest([j.id for j in jobs if j.state == "queued"])
    return BatchAccepted(batch_id=batch_id, jobs=jobs)


@router.get("", response_model=CallPage)
def list_calls(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    outcome: Outcome | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    tags: Annotated[list[str] | None, Query()] = None,
) -> CallPage:
    """Calls, newest first, filtered by outcome, date range and tags."""
    f = SearchFilters(outcome=outcome, date_from=date_from, date_to=date_to, tags=tags or [])
    items, total = store.calls.list(f, limit=limit, offset=offset)
    return CallPage(total=total, items=items)


@router.get("/{call_ref}", response_model=CallDetail)
def read_call(call_ref: str, store: StoreDep) -> CallDetail:
    """A call (by id or external id) with participants, turns, sentences and roles."""
    call_id = store.calls.resolve_id(call_ref)
    detail = store.calls.detail(call_id) if call_id is not None else None
    if detail is None:
        raise HTTPException(404, f"no call with id or external id {call_ref!r}")
    return detail


@router.get("/{call_ref}/insights", response_model=CallInsights)
def read_call_insights(call_ref: str, services: ServicesDep) -> CallInsights:
    """What each sentence of a call holds: objections, phrasings, persona signals, trackers."""
    call_id = services.store.calls.resolve_id(call_ref)
    detail = services.store.calls.detail(call_id) if call_id is not None else None
    if call_id is None or detail is None:
        raise HTTPException(404, f"no call with id or external id {call_ref!r}")
    return call_insights(services, call_id, detail.external_id)


@router.delete("/{call_ref}", status_code=204)
def delete_call(call_ref: str, services: ServicesDep) -> Response:
    """Remove a call from the database, the keyword index and the vector index."""
    call_id = services.store.calls.resolve_id(call_ref)
    if call_id is None or not services.store.calls.delete(call_id):
        raise HTTPException(404, f"no call with id or external id {call_ref!r}")
    services.keeper.refresh(force=True)
    return Response(status_code=204)
