"""Fakes for the fast lane: deterministic stand-ins for the real models."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np


class FakeEmbedder:
    """Bag-of-words hashing embedder: same words, same direction; deterministic."""

    name = "fake-embedder"
    dim = 64

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised hashed word counts."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else out[i]
        return out


class PeriodSegmenter:
    """Splits after '.', '!' or '?' followed by a space: enough for offset tests."""

    name = "period"

    def split(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Sentence spans per text."""
        out = []
        for text in texts:
            spans, start = [], 0
            for m in re.finditer(r"[.!?](\s+|$)", text):
                spans.append((start, m.end()))
                start = m.end()
            if start < len(text):
                spans.append((start, len(text)))
            out.append(spans)
        return out
