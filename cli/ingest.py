"""`callsift ingest`: jobs for each file, run here (embedded) or by Celery workers."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, TaskID

from api.uploads import IncomingFile, create_jobs
from workers.client import uses_broker
from workers.runtime import Runtime, get_runtime


def ingest_files(files: list[tuple[Path, Path | None]], console: Console) -> list[str]:
    """Ingest files with a progress bar; print and return the failures."""
    rt = get_runtime()
    items = [IncomingFile(str(f), f.read_bytes(), s.read_bytes() if s else None)
             for f, s in files]
    _, job_ids = create_jobs(rt.store, items, rt.settings.max_upload_bytes)
    with Progress(console=console) as bar:
        task = bar.add_task("ingesting", total=len(job_ids))
        if uses_broker():
            _wait_for_workers(rt, job_ids, bar, task)
        else:
            _run_here(rt, job_ids, bar, task)
    jobs = [rt.store.jobs.get(j) for j in job_ids]
    failed = [f"{j.filename}: {j.error}" for j in jobs if j and j.state == "failed"]
    for line in failed:
        console.print(f"[red]failed[/red] {line}")
    ok = sum(1 for j in jobs if j and j.state == "succeeded")
    console.print(f"{ok} ingested, {len(failed)} failed")
    _refresh_index()
    return failed


def _run_here(rt: Runtime, job_ids: list[str], bar: Progress, task: TaskID) -> None:
    from workers.ingest import ingest_job

    for job_id in job_ids:
        ingest_job(job_id, rt)
        bar.advance(task)


def _wait_for_workers(rt: Runtime, job_ids: list[str], bar: Progress, task: TaskID) -> None:
    from workers.client import enqueue_ingest

    enqueue_ingest([j for j in job_ids if not rt.store.jobs.is_done(j)])
    while True:
        done = sum(rt.store.jobs.is_done(j) for j in job_ids)
        bar.update(task, completed=done)
        if done == len(job_ids):
            return
        time.sleep(0.5)


def _refresh_index() -> None:
    """Bring the on-disk FAISS index up to date, so the next search starts warm."""
    from api.services import open_services
    from api.settings import get_settings

    open_services(get_settings()).keeper.refresh(force=True)
