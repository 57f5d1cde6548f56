"""Two writers saving the same new external id at the same instant: one call, no error."""

from __future__ import annotations

import threading

import pytest

from models.store import CallWrite, open_store
from nlp.embed import text_hash
from nlp.parse import parse_transcript
from nlp.roles import assign_roles
from nlp.sentences import split_sentences
from tests.fakes import FakeEmbedder, PeriodSegmenter
from tests.workers.calls import small_calls

pytestmark = [pytest.mark.services]


def _write() -> CallWrite:
    call = small_calls(1, "race")[0]
    parsed = parse_transcript(call.data, filename=call.filename)
    roles = assign_roles(parsed)
    sentences = split_sentences(parsed, roles, PeriodSegmenter())
    hashes = [text_hash(s.clean_text) for s in sentences]
    vectors = FakeEmbedder().embed([s.clean_text for s in sentences])
    return CallWrite(external_id=call.external_id, content_hash="h1", parsed=parsed,
                     roles=roles, sentences=sentences, text_hashes=hashes,
                     new_vectors=dict(zip(hashes, vectors, strict=True)), model="fake")


def test_simultaneous_first_saves_of_one_external_id_store_one_call(fault_db):
    write = _write()
    stores = [open_store(fault_db), open_store(fault_db)]  # two processes' connection pools
    start, results, errors = threading.Barrier(2), [], []

    def save(store) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            results.append(store.calls.save(write))
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.changed for r in results) == [False, True]
    assert len({r.call_id for r in results}) == 1
    with stores[0].db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM calls").scalar_one() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM changes").scalar_one() == 1
    for s in stores:
        s.db.dispose()
