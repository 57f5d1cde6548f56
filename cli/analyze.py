"""`callsift analyze`: the pipeline's view of one file, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import typer

from models.store import InsightWrite
from nlp.embed import Embedder
from nlp.errors import NLPError
from nlp.objections import ObjectionDetector
from nlp.parse import parse_transcript
from nlp.phrasings import PHRASING_MIN, call_image_scores
from nlp.pipeline import AnalyzedCall
from workers.insights import objection_insights, persona_insights
from workers.runtime import get_runtime


def analyze_file(path: Path, sidecar: Path | None) -> dict[str, Any]:
    """Parse, resolve roles and split sentences; raise a CLI error on bad input."""
    rt = get_runtime()
    try:
        parsed = parse_transcript(path.read_bytes(), filename=path.name,
                                  sidecar=sidecar.read_bytes() if sidecar else None,
                                  max_bytes=rt.settings.max_upload_bytes)
    except (NLPError, OSError) as exc:
        raise typer.BadParameter(f"{path}: {exc}") from exc
    analyzed = rt.pipeline.analyze(parsed, rt.roster())
    vectors = rt.pipeline.embedder.embed([s.clean_text for s in analyzed.sentences])
    return {
        "file": str(path),
        "sidecar": str(sidecar) if sidecar else None,
        "format": parsed.format,
        "meta": parsed.meta.model_dump(mode="json"),
        "notes": parsed.notes,
        "roles": {k: v.model_dump() for k, v in analyzed.roles.items()},
        "turns": [t.model_dump() for t in parsed.turns],
        "sentences": [s.model_dump() for s in analyzed.sentences],
        "insights": insights_json(analyzed, vectors, rt.pipeline.objections,
                                  rt.pipeline.embedder),
    }


def insights_json(call: AnalyzedCall, vectors: np.ndarray, detector: ObjectionDetector,
                  embedder: Embedder | None = None) -> list[dict[str, Any]]:
    """Every insight of one call with its exact sentence text and offsets (the same detectors
    as ingest: pains and goals use the sentence vectors when the embedder is given)."""
    found = (objection_insights(call, vectors, detector)
             + persona_insights(call, vectors, embedder))
    rep = [i for i, s in enumerate(call.sentences) if s.role == "rep"]
    scores = call_image_scores([call.sentences[i].text for i in rep])
    found += [InsightWrite(type="phrase", category="figurative", confidence=round(score, 4),
                           sentence_index=i)
              for i, score in zip(rep, scores, strict=True) if score >= PHRASING_MIN]
    out = []
    for ins in found:
        item: dict[str, Any] = {"type": ins.type, "category": ins.category,
                                "confidence": ins.confidence, "value": ins.value}
        if ins.sentence_index is not None:
            s = call.sentences[ins.sentence_index]
            item |= {"sentence_index": ins.sentence_index, "text": s.text,
                     "speaker": s.speaker, "role": s.role, "turn_index": s.turn_index,
                     "char_start": s.char_start, "char_end": s.char_end}
        item["details"] = ins.payload
        out.append(item)
    return out
