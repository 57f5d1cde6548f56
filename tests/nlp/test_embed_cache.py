"""The in-memory embedding cache: dedupe, eviction, and many threads sharing it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from nlp.embed import CachedEmbedder


class CountingEmbedder:
    """A deterministic stand-in: each text's vector encodes its length; counts encodes."""

    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.encoded = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        time.sleep(0.0005)  # a real encode releases the GIL: let other threads run meanwhile
        return np.array([[len(t), 1.0, 0.0, 0.0] for t in texts], dtype=np.float32)


def test_repeated_texts_are_encoded_once_and_rows_keep_their_order() -> None:
    inner = CountingEmbedder()
    emb = CachedEmbedder(inner, max_items=10)
    out = emb.embed(["a", "bbb", "a", "cc"])
    assert out[:, 0].tolist() == [1, 3, 1, 2]
    assert inner.encoded == 3
    emb.embed(["bbb"])
    assert inner.encoded == 3


def test_threads_sharing_a_small_cache_never_lose_a_vector() -> None:
    emb = CachedEmbedder(CountingEmbedder(), max_items=16)

    def work(seed: int) -> bool:
        rng = np.random.default_rng(seed)
        for _ in range(200):
            texts = ["x" * int(n) for n in rng.integers(1, 400, size=12)]
            if emb.embed(texts)[:, 0].tolist() != [len(t) for t in texts]:
                return False
        return True

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, range(8)))
    assert len(emb._cache) <= 16
