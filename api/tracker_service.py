"""Apply a tracker to every stored sentence: one matrix product per batch of vectors."""

from __future__ import annotations

from api.services import Services
from models.insight_schemas import TrackerPublic
from nlp.trackers import build_tracker_model, tracker_hits


def apply_tracker_everywhere(services: Services, tracker: TrackerPublic) -> int:
    """Replace the tracker's hits with matches over the whole corpus; returns the hit count."""
    model = build_tracker_model(services.embedder, tracker.examples, tracker.negatives,
                                tracker.threshold)
    store = services.store
    found: list[tuple[int, float]] = []
    for ids, vecs in store.feed.all_vectors(services.embedder.name, services.embedder.dim):
        found += [(int(ids[row]), score) for row, score in tracker_hits(model, vecs)]
    owners = store.search.sentence_owners([sid for sid, _ in found])
    hits = [(owners[sid][0], sid, score) for sid, score in found
            if sid in owners and (tracker.role is None or owners[sid][1] == tracker.role)]
    store.insights.replace_for_tracker(tracker.id, hits)
    return len(hits)
