"""Run the per-call detectors on an analyzed call and its vectors."""

from __future__ import annotations

from dataclasses import asdict, replace

import numpy as np

from models.domain import Sentence
from models.insight_schemas import TrackerPublic
from models.settings import CoreSettings
from models.store import InsightWrite, Store
from nlp.detector_version import detector_version
from nlp.embed import Embedder, embedder_name
from nlp.objection_training import TrainingSettings
from nlp.objections import ObjectionDetector
from nlp.persona_intents import load_intent_model
from nlp.personas import extract_signals
from nlp.pipeline import AnalyzedCall
from nlp.trackers import build_tracker_model, tracker_hits
from workers.themes import nearest_themes

MAX_ANSWER_CHARS = 600


def answer_after(sentences: list[Sentence], row: int) -> tuple[str, list[int]]:
    """The rep's answer to a prospect sentence: the rep turn(s) that follow its turn."""
    turn = sentences[row].turn_index
    later = [i for i, s in enumerate(sentences) if s.turn_index > turn]
    rows: list[int] = []
    for i in later:
        if sentences[i].role != "rep":
            if rows:
                break
            continue
        rows.append(i)
    text = " ".join(sentences[i].text for i in rows)
    return text[:MAX_ANSWER_CHARS], rows


def objection_insights(call: AnalyzedCall, vectors: np.ndarray, detector: ObjectionDetector,
                       themes: list[int | None] | None = None) -> list[InsightWrite]:
    """Typed objections with a calibrated confidence and the rep answer that followed."""
    hits = detector.detect(call.sentences, vectors)
    out = []
    for k, hit in enumerate(hits):
        answer, rows = answer_after(call.sentences, hit.index)
        out.append(InsightWrite(
            type="objection", category=hit.category, confidence=round(hit.confidence, 4),
            sentence_index=hit.index, theme_id=themes[k] if themes else None,
            payload={"secondary": hit.secondary, "answer": answer, "answer_rows": rows}))
    return out


def persona_insights(call: AnalyzedCall, vectors: np.ndarray | None = None,
                     embedder: Embedder | None = None) -> list[InsightWrite]:
    """Persona signals from prospect speech and participant metadata, with evidence.

    Given the call's sentence vectors and their embedder, pains and goals also come from the
    classifier over those vectors (nlp/persona_intents.py), not from cue phrases alone."""
    intents = load_intent_model(embedder) if vectors is not None and embedder else None
    signals = extract_signals(call.sentences, call.parsed.meta.participants,
                              meta=call.parsed.meta, vectors=vectors, intents=intents)
    return [InsightWrite(type="persona", category=s.kind, value=s.value,
                         confidence=round(s.confidence, 4), sentence_index=s.sentence_index,
                         payload={k: v for k, v in asdict(s).items()
                                  if k not in ("kind", "value", "confidence", "sentence_index")})
            for s in signals]


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


def with_themes(store: Store, theme_type: str, insights: list[InsightWrite],
                vectors: np.ndarray) -> list[InsightWrite]:
    """Attach each insight to the nearest existing theme (of its own category, for
    objections) when close enough."""
    if not insights:
        return insights
    rows = [i.sentence_index for i in insights]
    placed = [i for i in insights if i.sentence_index is not None]
    ids = nearest_themes(store, theme_type, vectors[[r for r in rows if r is not None]],
                         [i.category for i in placed])
    it = iter(ids)
    return [replace(i, theme_id=next(it)) if i.sentence_index is not None else i
            for i in insights]


def current_detector_version(settings: CoreSettings) -> str:
    """The version of what `detect_insights` produces with these settings' embedder.

    Stored with each call at ingest and by `callsift reanalyze`; nlp/detector_version.py
    says what changes it. Reading it loads no model.
    """
    return detector_version(embedder_name(settings.embedding_model, settings.embedding_backend),
                            TrainingSettings().key())


def detect_insights(store: Store, detector: ObjectionDetector, call: AnalyzedCall,
                    vectors: np.ndarray, embedder: Embedder) -> list[InsightWrite]:
    """Every insight found in one call, themed where a theme already fits."""
    objections = with_themes(store, "objection", objection_insights(call, vectors, detector),
                             vectors)
    personas = persona_insights(call, vectors, embedder)
    themed = []
    for kind in ("pain", "goal"):
        themed += with_themes(store, kind, [p for p in personas if p.category == kind], vectors)
    rest = [p for p in personas if p.category not in ("pain", "goal")]
    trackers = tracker_insights(call, vectors, store.trackers.list(), embedder)
    return objections + themed + rest + trackers
