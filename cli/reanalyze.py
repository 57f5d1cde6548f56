"""`callsift reanalyze`: re-run the detectors on stored calls, here or by Celery workers."""

from __future__ import annotations

import time
from collections.abc import Sequence

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from workers.client import uses_broker
from workers.insights import current_detector_version
from workers.reanalyze import ReanalyzePlan, plan_reanalysis
from workers.runtime import Runtime, get_runtime

INTERRUPTED = "interrupted; run `callsift reanalyze` again to finish (done calls are kept)"


def reanalyze_stored(call_refs: Sequence[str], *, force: bool, dry_run: bool,
                     recluster: bool, console: Console) -> int:
    """Re-analyse stale (or, with `force`, all) calls with a progress bar; return failures."""
    rt = get_runtime()
    version = current_detector_version(rt.settings)
    call_ids = _resolve(rt, call_refs) if call_refs else None
    if dry_run:
        _print_dry_run(rt, version, call_ids, force, console)
        return 0
    plan = plan_reanalysis(rt.store, version, call_ids=call_ids, force=force or bool(call_ids))
    if not plan.calls:
        console.print(f"every call is current (detector version {version})")
        return 0
    console.print(f"re-analysing {plan.calls} calls with detector version {version}")
    with Progress(console=console) as bar:
        task = bar.add_task("re-analysing", total=plan.calls)
        if uses_broker():
            _wait_for_workers(rt, plan, bar, task)
        else:
            _run_here(rt, plan, bar, task)
    failed = _summarise(rt, plan, console)
    if recluster:
        _recluster(rt, console)
    return failed


def _resolve(rt: Runtime, refs: Sequence[str]) -> list[int]:
    ids = []
    for ref in refs:
        call_id = rt.store.calls.resolve_id(ref)
        if call_id is None:
            raise typer.BadParameter(f"no stored call with id or external id {ref!r}")
        ids.append(call_id)
    return ids


def _print_dry_run(rt: Runtime, version: str, call_ids: list[int] | None, force: bool,
                   console: Console) -> None:
    stale, total = rt.store.reanalysis.counts(version)
    if call_ids is not None:
        console.print(f"would re-analyse {len(set(call_ids))} calls "
                      f"(detector version {version})")
    elif force:
        console.print(f"would re-analyse all {total} calls (detector version {version})")
    else:
        console.print(f"{stale} of {total} calls are stale (detector version {version})")


def _run_here(rt: Runtime, plan: ReanalyzePlan, bar: Progress, task: TaskID) -> None:
    from workers.reanalyze import reanalyze_job

    for job_id in plan.jobs:
        try:
            reanalyze_job(job_id, rt, on_call=lambda: bar.advance(task))
        except KeyboardInterrupt:
            for left in plan.jobs:
                rt.store.jobs.fail_unless_done(left, INTERRUPTED)
            raise
        except Exception as exc:  # e.g. the database stayed locked: this chunk stays stale
            rt.store.jobs.fail_unless_done(job_id, f"{type(exc).__name__}: {exc}"[:1000])
        bar.update(task, completed=_completed(rt, plan))


def _wait_for_workers(rt: Runtime, plan: ReanalyzePlan, bar: Progress, task: TaskID) -> None:
    from workers.client import enqueue_reanalyze

    enqueue_reanalyze(list(plan.jobs))
    while True:
        states = rt.store.jobs.states(plan.batch_id)
        bar.update(task, completed=_completed(rt, plan, states))
        if all(state in ("succeeded", "failed") for state, _ in states.values()):
            return
        time.sleep(0.5)


def _completed(rt: Runtime, plan: ReanalyzePlan,
               states: dict[str, tuple[str, float]] | None = None) -> int:
    states = states if states is not None else rt.store.jobs.states(plan.batch_id)
    return round(sum(plan.jobs[j] * progress for j, (_, progress) in states.items()
                     if j in plan.jobs))


def _summarise(rt: Runtime, plan: ReanalyzePlan, console: Console) -> int:
    totals: dict[str, int] = {}
    failed = 0
    for job_id in plan.jobs:
        job = rt.store.jobs.get(job_id)
        if job is None:
            continue
        for key in ("updated", "current", "gone", "changed", "failed"):
            totals[key] = totals.get(key, 0) + int(job.result.get(key, 0))
        if job.state == "failed":
            failed += 1
            console.print(f"[red]failed[/red] {job.error}")
    console.print(f"{totals['updated']} re-analysed, {totals['current']} already current, "
                  f"{totals['gone'] + totals['changed']} deleted or re-ingested meanwhile, "
                  f"{totals['failed']} failed")
    return failed


def _recluster(rt: Runtime, console: Console) -> None:
    if uses_broker():
        from workers.client import enqueue_recluster

        enqueue_recluster()
        console.print("theme re-cluster queued")
        return
    from models.domain import THEME_SOURCES
    from workers.themes import recluster

    emb = rt.pipeline.embedder
    for kind in THEME_SOURCES:
        r = recluster(rt.store, kind, emb.name, emb.dim)
        console.print(f"{kind}: {r.themes} themes over {r.items} items")
