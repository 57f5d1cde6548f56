"""End to end on the real data in ../shared/data (skips when it is absent)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from models.schemas import SearchFilters
from workers.ingest import ingest_job

pytestmark = pytest.mark.model


@pytest.fixture
def env(configure):
    configure()
    from api.services import open_services
    from api.settings import get_settings
    from workers.runtime import get_runtime

    return get_runtime(), open_services(get_settings())


def _ingest(rt, name: str, data: bytes, sidecar: bytes | None = None):
    job = rt.store.jobs.create_ingest(filename=name, data=data, sidecar=sidecar)
    outcome = ingest_job(job, rt)
    assert outcome.state == "succeeded", rt.store.jobs.get(job)
    return outcome


def test_seed_podcasts_are_found_by_meaning(env, shared_data: Path):
    rt, services = env
    for path in sorted((shared_data / "seeds").glob("*.txt")):
        _ingest(rt, path.name, path.read_bytes())
    hits = services.search.search(
        "marketing is like the support crew that helps the riders in a bike race",
        SearchFilters(), 5).hits
    top = hits[0]
    assert top.external_id == "000_05cafdf569cf5725" and top.speaker == "Matt Hayman"
    assert "cycl" in (top.quote + top.turn.text).lower() and "peloton" in top.turn.text.lower()
    # show notes are notes, not speech
    call = rt.store.calls.detail(top.call_id)
    assert call is not None and "Not in the mood to listen" in call.notes
    assert all("Not in the mood" not in t.text for t in call.turns)


def test_sample_markdown_calls_keep_speakers_and_metadata(env, shared_data: Path):
    rt, _ = env
    for path in sorted((shared_data / "sample-b2b-calls").glob("*.md")):
        _ingest(rt, path.name, path.read_bytes())
    call = rt.store.calls.detail(rt.store.calls.resolve_id("DISC-2024-012"))
    assert call is not None and call.started_at is not None
    assert call.started_at.date().isoformat() == "2024-01-22"
    roles = {p.name: p.role for p in call.participants}
    assert roles["Marcus"] == "rep" and roles["Jennifer"] == "prospect"
    assert {t.speaker for t in call.turns} == {"Marcus", "Jennifer", "David"}
    closed = rt.store.calls.detail(rt.store.calls.resolve_id("CLOSE-2024-023"))
    assert closed is not None and closed.outcome == "won"
    _, total = rt.store.calls.list(SearchFilters(), limit=50, offset=0)
    assert total == 7


def _pfg_dialogues(path: Path, n: int) -> dict[str, list[tuple[int, int, str]]]:
    dialogues: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            if row["B2"] not in dialogues and len(dialogues) >= n:
                continue
            dialogues[row["B2"]].append((int(row["Turn"]), int(row["B4"]), row["Unit"]))
    return dialogues


def _pfg_json(dialogue_id: str, units: list[tuple[int, int, str]]) -> bytes:
    utterances: list[dict[str, object]] = []
    for turn, role, text in units:
        speaker = "Persuader" if role == 0 else "Persuadee"
        if utterances and utterances[-1]["speaker"] == speaker and utterances[-1]["turn"] == turn:
            utterances[-1]["text"] = f"{utterances[-1]['text']} {text}"
        else:
            utterances.append({"speaker": speaker, "turn": turn, "text": text})
    return json.dumps({
        "call_id": dialogue_id, "title": f"PersuasionForGood {dialogue_id}",
        "participants": [{"name": "Persuader", "role": "rep"},
                         {"name": "Persuadee", "role": "prospect"}],
        "utterances": [{"speaker": u["speaker"], "text": u["text"]} for u in utterances],
    }).encode()


def test_two_hundred_persuasionforgood_dialogues_with_rep_and_prospect_roles(env, shared_data):
    rt, services = env
    dialogues = _pfg_dialogues(shared_data / "persuasionforgood" / "full_dialog.csv", 200)
    assert len(dialogues) == 200
    for dialogue_id, units in dialogues.items():
        _ingest(rt, f"{dialogue_id}.json", _pfg_json(dialogue_id, units))
    _, total = rt.store.calls.list(SearchFilters(), limit=1, offset=0)
    assert total == 200
    some = rt.store.calls.detail(rt.store.calls.resolve_id(next(iter(dialogues))))
    assert some is not None
    assert {t.speaker: t.role for t in some.turns} == {"Persuader": "rep", "Persuadee": "prospect"}
    hits = services.search.search("I don't trust that the money reaches the kids",
                                  SearchFilters(role="prospect"), 5).hits
    assert len(hits) == 5 and all(h.role == "prospect" for h in hits)
