"""Turning uploaded files (single, many, or a zip) into validated ingest jobs."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass

from starlette.datastructures import UploadFile

from models.store import Store
from nlp.errors import NLPError, TranscriptTooLarge
from nlp.parse import parse_transcript

SIDECAR_SUFFIX = ".meta.json"


@dataclass(frozen=True)
class IncomingFile:
    """A transcript with its optional metadata sidecar."""

    filename: str
    data: bytes
    sidecar: bytes | None = None


async def read_limited(upload: UploadFile, max_bytes: int) -> bytes:
    """Read an upload, refusing anything over the size limit without reading it all."""
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TranscriptTooLarge(
            f"{upload.filename or 'the file'} is over the {max_bytes:,}-byte limit")
    return data


def validate(item: IncomingFile, max_bytes: int) -> None:
    """Parse once now, so bad input is refused before anything is stored."""
    parse_transcript(item.data, filename=item.filename, sidecar=item.sidecar, max_bytes=max_bytes)


def expand_archives(files: list[tuple[str, bytes]], max_bytes: int) -> list[tuple[str, bytes]]:
    """Replace each zip by its member files (folders and hidden files skipped)."""
    out: list[tuple[str, bytes]] = []
    for name, data in files:
        if not data.startswith(b"PK\x03\x04"):
            out.append((name, data))
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if info.is_dir() or not base or base.startswith(".") or "__MACOSX" in info.filename:
                    continue
                # An oversize member is kept as a marker so it fails alone, by name.
                content = zf.read(info) if info.file_size <= max_bytes else b"\0" * (max_bytes + 1)
                out.append((info.filename, content))
    return out


def pair_sidecars(files: list[tuple[str, bytes]]) -> list[IncomingFile]:
    """Attach `x.meta.json` or `x.vtt.meta.json` to `x.vtt`; sidecars are not transcripts."""
    sidecars = {n[: -len(SIDECAR_SUFFIX)]: d for n, d in files if n.endswith(SIDECAR_SUFFIX)}
    out = []
    for name, data in files:
        if name.endswith(SIDECAR_SUFFIX):
            continue
        stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
        out.append(IncomingFile(name, data, sidecars.get(name, sidecars.get(stem))))
    return out


def create_jobs(store: Store, items: list[IncomingFile], max_bytes: int) -> tuple[str, list[str]]:
    """One job per file: bad files become failed jobs with their reason; returns batch id."""
    batch_id = str(uuid.uuid4())
    job_ids = []
    for item in items:
        try:
            if len(item.data) > max_bytes:
                raise TranscriptTooLarge(f"{item.filename} is over the {max_bytes:,}-byte limit")
            validate(item, max_bytes)
        except NLPError as exc:
            job_ids.append(store.jobs.create_failed(filename=item.filename, error=str(exc),
                                                    batch_id=batch_id))
            continue
        job_ids.append(store.jobs.create_ingest(filename=item.filename, data=item.data,
                                                sidecar=item.sidecar, batch_id=batch_id))
    return batch_id, job_ids
