"""Custom trackers: define by examples, applied retroactively and to every new call."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from api.deps import IdPath, ServicesDep, StoreDep
from api.tracker_service import apply_tracker_everywhere
from models.insight_schemas import TrackerCreate, TrackerPublic
from models.schemas import SearchHit
from models.store import DuplicateName
from nlp.search_ranking import Ranked
from nlp.trackers import DEFAULT_THRESHOLD

router = APIRouter(prefix="/trackers", tags=["trackers"])


@router.post("", status_code=201, response_model=TrackerPublic)
def create_tracker(body: TrackerCreate, services: ServicesDep) -> TrackerPublic:
    """Create a tracker and match it against every stored sentence at once."""
    try:
        tracker = services.store.trackers.create(
            name=body.name, examples=body.examples, negatives=body.negatives, role=body.role,
            threshold=body.threshold or DEFAULT_THRESHOLD)
    except DuplicateName as exc:
        raise HTTPException(409, str(exc)) from exc
    hits = apply_tracker_everywhere(services, tracker)
    return tracker.model_copy(update={"hit_count": hits})


@router.get("", response_model=list[TrackerPublic])
def list_trackers(store: StoreDep) -> list[TrackerPublic]:
    """All trackers with their hit counts."""
    return store.trackers.list()


@router.get("/{tracker_id}", response_model=TrackerPublic)
def read_tracker(tracker_id: IdPath, store: StoreDep) -> TrackerPublic:
    """One tracker."""
    tracker = store.trackers.get(tracker_id)
    if tracker is None:
        raise HTTPException(404, f"no tracker {tracker_id}")
    return tracker


@router.delete("/{tracker_id}", status_code=204)
def delete_tracker(tracker_id: IdPath, store: StoreDep) -> Response:
    """Remove a tracker and its hits."""
    if not store.trackers.delete(tracker_id):
        raise HTTPException(404, f"no tracker {tracker_id}")
    return Response(status_code=204)


@router.get("/{tracker_id}/hits", response_model=list[SearchHit])
def list_tracker_hits(tracker_id: IdPath, services: ServicesDep,
                      limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[SearchHit]:
    """The tracker's hits, closest to its examples first (search them with /search?type=tracker)."""
    if services.store.trackers.get(tracker_id) is None:
        raise HTTPException(404, f"no tracker {tracker_id}")
    rows = services.store.insights.rows(type="tracker", category=str(tracker_id))
    ranked = sorted(((r.sentence_id, r.confidence) for r in rows if r.sentence_id is not None),
                    key=lambda x: -x[1])[:limit]
    found = services.store.search.hit_rows([sid for sid, _ in ranked])
    page = [(Ranked(sid, sim, sim, {}), found[sid], []) for sid, sim in ranked if sid in found]
    # Similarity to the tracker's examples, as a percentage: the number its threshold is in.
    hits = services.search.present(page, [], scale=lambda v: int(round(100 * max(0.0, v))))
    for hit in hits:
        hit.why = [f"similarity to the tracker's examples {hit.dense_score:.2f}"]
    return hits
