"""Re-run the per-call detectors on stored calls, without re-ingesting them.

The stored sentences and vectors are reused: nothing is parsed or split again, and only a
sentence with no stored vector is embedded. Each call is swapped in its own transaction and
records the detector version it was analysed with, so a run stopped anywhere continues
where it stopped, and a second run over current calls does nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from models.store import InsightReplace, Store
from nlp.pipeline import AnalyzedCall
from workers.errors import is_transient
from workers.ingest import sentence_vectors, window_vectors
from workers.insights import current_detector_version, detect_insights
from workers.runtime import Runtime

log = logging.getLogger(__name__)

CHUNK_SIZE = 20  # calls per job (and per Celery task): a few seconds to a minute of work


@dataclass(frozen=True)
class ReanalyzeOutcome:
    """What a reanalyze job did: calls per outcome (updated, current, gone, changed, failed)."""

    job_id: str
    state: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReanalyzePlan:
    """The jobs one `callsift reanalyze` created: a batch of chunks of call ids."""

    batch_id: str
    jobs: dict[str, int]  # job id -> how many calls it covers

    @property
    def calls(self) -> int:
        """Calls covered by the whole batch."""
        return sum(self.jobs.values())


def plan_reanalysis(store: Store, version: str, *, call_ids: Sequence[int] | None = None,
                    force: bool = False, chunk_size: int | None = None) -> ReanalyzePlan:
    """Queue-ready jobs for the stale calls (all, or those given); `force` makes them stale.

    Forcing forgets the stored versions first, so a forced run that stops part-way is
    finished by a plain run.
    """
    if force:
        store.reanalysis.mark_stale(call_ids)
    stale = store.reanalysis.stale(version, call_ids=call_ids)
    chunk_size = chunk_size or CHUNK_SIZE
    chunks = [stale[i:i + chunk_size] for i in range(0, len(stale), chunk_size)]
    batch_id = str(uuid.uuid4())
    job_ids = store.jobs.create_reanalyze(chunks, batch_id)
    return ReanalyzePlan(batch_id, {j: len(c) for j, c in zip(job_ids, chunks, strict=True)})


def reanalyze_call(rt: Runtime, call_id: int, version: str) -> str:
    """Re-run the detectors on one stored call: `updated`, `current`, `gone` or `changed`."""
    store = rt.store.reanalysis
    exists, stored_version = store.version_of(call_id)
    if not exists:
        return "gone"
    if stored_version == version:
        return "current"  # already done: by an earlier run, a duplicate task or a re-ingest
    stored = store.load(call_id)
    if stored is None:
        return "gone"
    call = AnalyzedCall(parsed=stored.parsed, roles=stored.roles, sentences=stored.sentences)
    vectors, new = sentence_vectors(rt, stored.text_hashes,
                                    [s.clean_text for s in stored.sentences])
    search = call.search_fields()  # fills in calls stored before search had these fields
    new.update(window_vectors(rt, search, skip=new))
    insights = detect_insights(rt.store, rt.pipeline.objections, call, vectors,
                               rt.pipeline.embedder)
    return store.replace_insights(InsightReplace(
        call_id=call_id, content_hash=stored.content_hash, sentence_ids=stored.sentence_ids,
        insights=insights, detector_version=version, text_hashes=stored.text_hashes,
        model=rt.pipeline.embedder.name, new_vectors=new, search=search))


def reanalyze_job(job_id: str, rt: Runtime,
                  on_call: Callable[[], None] | None = None) -> ReanalyzeOutcome:
    """Run a reanalyze job to a terminal state (a finished job is left as is).

    One call that fails for good is recorded and skipped (it stays stale, so the next run
    tries it again); a transient error propagates, for the task to retry the job, which
    then skips the calls already done.
    """
    jobs = rt.store.jobs
    job = jobs.get(job_id)
    if job is None or job.state in ("succeeded", "failed"):
        return ReanalyzeOutcome(job_id, "skipped")
    call_ids = [int(c) for c in job.result.get("call_ids", [])]
    version = current_detector_version(rt.settings)
    jobs.update(job_id, state="running")
    counts: Counter[str] = Counter()
    errors: dict[str, str] = {}
    for k, call_id in enumerate(call_ids, 1):
        try:
            counts[reanalyze_call(rt, call_id, version)] += 1
        except Exception as exc:
            if is_transient(exc):
                raise
            log.exception("re-analysing call %s failed", call_id)
            counts["failed"] += 1
            errors[str(call_id)] = f"{type(exc).__name__}: {exc}"[:300]
        jobs.update(job_id, progress=k / len(call_ids))
        if on_call:
            on_call()
    state = "failed" if errors else "succeeded"
    error = (f"{len(errors)} of {len(call_ids)} calls failed; they stay stale: "
             + "; ".join(f"call {c}: {e}" for c, e in errors.items()))[:1000] if errors else None
    jobs.update(job_id, state=state, progress=1.0, error=error,
                result={"call_ids": call_ids, "version": version, **counts, "errors": errors})
    return ReanalyzeOutcome(job_id, state, dict(counts))
