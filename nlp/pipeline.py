"""The composition root: the one place that names the concrete stages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.domain import ParsedCall, Sentence, SentenceSearch, SpeakerRole
from nlp.config import PipelineConfig
from nlp.embed import Embedder, load_embedder, text_hash
from nlp.objections import ObjectionDetector, load_objection_detector
from nlp.roles import assign_roles
from nlp.search_fields import search_fields
from nlp.segment import Segmenter, load_segmenter
from nlp.sentences import split_sentences


@dataclass(frozen=True)
class AnalyzedCall:
    """A parsed call with roles resolved and sentences split."""

    parsed: ParsedCall
    roles: Mapping[str, SpeakerRole]
    sentences: list[Sentence]

    @property
    def text_hashes(self) -> list[str]:
        """The embedding-cache key of each sentence."""
        return [text_hash(s.clean_text) for s in self.sentences]

    def search_fields(self) -> list[SentenceSearch]:
        """How search indexes each sentence (window, keyword stems, vector side)."""
        return search_fields(self.sentences)


@dataclass(frozen=True)
class Pipeline:
    """parse (done by the caller) -> roles -> clean + segment -> embed -> detect."""

    segmenter: Segmenter
    embedder: Embedder
    objections: ObjectionDetector

    def analyze(self, parsed: ParsedCall, roster: Sequence[str] = ()) -> AnalyzedCall:
        """Resolve speaker roles and split turns into sentences."""
        roles = assign_roles(parsed, roster)
        sentences = split_sentences(parsed, roles, self.segmenter)
        return AnalyzedCall(parsed=parsed, roles=roles, sentences=sentences)


def build_pipeline(config: PipelineConfig) -> Pipeline:
    """Load the stages a config names (each loads once per process)."""
    embedder = load_embedder(config.embedding_model, config.embedding_batch_size,
                             config.embedding_backend, config.model_cache_dir)
    return Pipeline(
        segmenter=load_segmenter(config.spacy_model, config.segment_batch_size),
        embedder=embedder,
        objections=load_objection_detector(embedder, config.model_cache_dir),
    )
