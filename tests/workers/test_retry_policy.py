"""Which errors a task retries, and what a task that gives up leaves on its job."""

from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError as BrokerError
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError

from workers.errors import is_transient


@pytest.mark.parametrize("exc", [
    OperationalError("SELECT 1", {}, Exception("server closed the connection")),
    InterfaceError("SELECT 1", {}, Exception("connection already closed")),
    BrokerError("Error 111 connecting to redis"),
    TimeoutError("timed out"),
    ConnectionResetError("reset by peer"),
])
def test_connection_and_timeout_errors_are_retried(exc):
    assert is_transient(exc)


@pytest.mark.parametrize("exc", [
    IntegrityError("INSERT", {}, Exception("duplicate key")),
    DataError("INSERT", {}, Exception("value too long")),
    ValueError("no turns found"),
    KeyError("speaker"),
])
def test_errors_that_repeat_on_the_same_input_are_not_retried(exc):
    assert not is_transient(exc)


def test_a_task_that_gives_up_marks_its_job_failed_with_the_reason(configure):
    configure()
    from workers.runtime import get_runtime
    from workers.tasks import ingest_call

    jobs = get_runtime().store.jobs
    job = jobs.create_ingest(filename="x.txt", data=b"A: hi\n", sidecar=None)
    jobs.update(job, state="running")
    ingest_call.on_failure(IntegrityError("INSERT", {}, Exception("duplicate key")), "task-1",
                           (job,), {}, None)
    stored = jobs.get(job)
    assert stored is not None and stored.state == "failed"
    assert "IntegrityError" in (stored.error or "")


def test_a_failed_duplicate_delivery_leaves_a_finished_job_alone(configure):
    configure()
    from workers.runtime import get_runtime
    from workers.tasks import ingest_call

    jobs = get_runtime().store.jobs
    job = jobs.create_ingest(filename="x.txt", data=b"A: hi\n", sidecar=None)
    jobs.update(job, state="succeeded", progress=1.0)
    ingest_call.on_failure(TimeoutError("late duplicate"), "task-2", (job,), {}, None)
    stored = jobs.get(job)
    assert stored is not None and stored.state == "succeeded" and stored.error is None
