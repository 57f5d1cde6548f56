"""Run the per-call detectors on an analyzed call and its vectors."""

from __future__ import annotations

import numpy as np

from models.schemas import TrackerPublic
from models.store import InsightWrite
from nlp.embed import Embedder
from nlp.pipeline import AnalyzedCall
from nlp.trackers import build_tracker_model, tracker_hits


def tracker_insights(call: AnalyzedCall, vectors: np.ndarray, trackers: list[TrackerPublic],
                     embedder: Embedder) -> list[InsightWrite]:
    """Hits of every tracker on this call's sentences (respecting each tracker's role)."""
    out: list[InsightWrite] = []
    for tracker in trackers:
        model = build_tracker_model(embedder, tracker.examples, tracker.negatives,
                                    tracker.threshold)
        for row, score in tracker_hits(model, vectors):
            if tracker.role is None or call.sentences[row].role == tracker.role:
                out.append(InsightWrite(type="tracker", category=str(tracker.id),
                                        confidence=score, sentence_index=row))
    return out


def detect_insights(call: AnalyzedCall, vectors: np.ndarray, trackers: list[TrackerPublic],
                    embedder: Embedder) -> list[InsightWrite]:
    """Every insight found in one call."""
    return tracker_insights(call, vectors, trackers, embedder)
