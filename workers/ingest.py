"""Ingest one uploaded transcript: parse, analyze, embed (with the cache), store atomically."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from models.domain import SentenceSearch
from models.store import CallWrite, UploadData
from nlp.errors import NLPError
from nlp.parse import parse_transcript
from workers.insights import current_detector_version, detect_insights
from workers.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to a job, for logs and task results."""

    job_id: str
    state: str
    call_id: int | None = None
    changed: bool = False
    error: str | None = None


def external_id_for(parsed_id: str | None, upload: UploadData) -> str:
    """The call's external id: from metadata or file name, else from the content itself."""
    return parsed_id or f"sha256-{upload.sha256[:16]}"


def ingest_job(job_id: str, rt: Runtime) -> IngestOutcome:
    """Run an ingest job to a terminal state. Safe to run twice: a finished job is left as is."""
    jobs = rt.store.jobs
    if jobs.is_done(job_id):
        return IngestOutcome(job_id, "skipped")
    upload = jobs.upload_for(job_id)
    if upload is None:
        jobs.update(job_id, state="failed", progress=1.0, error="the uploaded file is gone")
        return IngestOutcome(job_id, "failed", error="upload missing")
    jobs.update(job_id, state="running", progress=0.05)
    try:
        parsed = parse_transcript(upload.data, filename=upload.filename, sidecar=upload.sidecar,
                                  max_bytes=rt.settings.max_upload_bytes)
    except NLPError as exc:
        # A bad transcript is final: retrying cannot fix the file.
        jobs.update(job_id, state="failed", progress=1.0, error=str(exc))
        return IngestOutcome(job_id, "failed", error=str(exc))
    external_id = external_id_for(parsed.meta.external_id, upload)
    if rt.store.calls.content_hash_of(external_id) == upload.sha256:
        return _finish_unchanged(rt, job_id, external_id, upload)
    jobs.update(job_id, progress=0.2, external_id=external_id)
    analyzed = rt.pipeline.analyze(parsed, rt.roster())
    hashes = analyzed.text_hashes
    jobs.update(job_id, progress=0.4)
    vectors, new_vectors = sentence_vectors(rt, hashes,
                                            [s.clean_text for s in analyzed.sentences])
    search = analyzed.search_fields()
    new_vectors.update(window_vectors(rt, search, skip=new_vectors))
    jobs.update(job_id, progress=0.8)
    insights = detect_insights(rt.store, rt.pipeline.objections, analyzed, vectors,
                               rt.pipeline.embedder)
    jobs.update(job_id, progress=0.9)
    saved = rt.store.calls.save(CallWrite(
        external_id=external_id, content_hash=upload.sha256, parsed=parsed, roles=analyzed.roles,
        sentences=analyzed.sentences, text_hashes=hashes, new_vectors=new_vectors,
        model=rt.pipeline.embedder.name, source_name=upload.filename, upload_id=upload.upload_id,
        insights=insights, detector_version=current_detector_version(rt.settings),
        search=search,
    ))
    if not saved.changed:
        jobs.drop_upload(upload.upload_id)
    jobs.update(job_id, state="succeeded", progress=1.0, call_id=saved.call_id,
                result={"changed": saved.changed, "sentences": len(analyzed.sentences),
                        "turns": len(parsed.turns), "embedded": len(new_vectors)})
    return IngestOutcome(job_id, "succeeded", saved.call_id, saved.changed)


def _finish_unchanged(rt: Runtime, job_id: str, external_id: str,
                      upload: UploadData) -> IngestOutcome:
    call_id = rt.store.calls.resolve_id(external_id)
    rt.store.jobs.drop_upload(upload.upload_id)
    rt.store.jobs.update(job_id, state="succeeded", progress=1.0, call_id=call_id,
                         external_id=external_id, result={"changed": False})
    return IngestOutcome(job_id, "succeeded", call_id, changed=False)


def sentence_vectors(rt: Runtime, hashes: list[str],
                     texts: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every sentence's vector, embedding only texts with no stored vector (each once).

    Returns the (n, dim) matrix in sentence order and the newly computed vectors by hash.
    """
    embedder = rt.pipeline.embedder
    known = rt.store.calls.cached_vectors(embedder.name, hashes)
    todo = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
    new = dict(zip(todo, embedder.embed(list(todo.values())), strict=True)) if todo else {}
    known.update(new)
    matrix = np.array([known[h] for h in hashes], dtype=np.float32).reshape(-1, embedder.dim)
    return matrix, new


def window_vectors(rt: Runtime, search: Sequence[SentenceSearch],
                   skip: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Vectors of the context windows that have none stored yet (each embedded once)."""
    embedder = rt.pipeline.embedder
    todo = {f.window_hash: f.window_text for f in search
            if f.window_hash and f.window_text and f.window_hash not in skip}
    known = rt.store.calls.cached_vectors(embedder.name, list(todo))
    todo = {h: text for h, text in todo.items() if h not in known}
    return dict(zip(todo, embedder.embed(list(todo.values())), strict=True)) if todo else {}
