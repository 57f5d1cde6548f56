"""Pure ranking maths for hybrid search: fusion, near-duplicate collapse, highlighting."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

RRF_K = 60
_WORD = re.compile(r"[A-Za-z0-9]+")


def query_terms(query: str) -> list[str]:
    """Lower-cased content words of a query, in order, without duplicates.

    Stopwords ("out", "may", "not") would let the keyword side match nearly any sentence
    and outvote a strong semantic match in the fusion, so only content words are kept.
    """
    words = [w.lower() for w in _WORD.findall(query)]
    content = [w for w in words if w not in ENGLISH_STOP_WORDS]
    return list(dict.fromkeys(content or words))


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]],
                           k: int = RRF_K) -> list[tuple[int, float]]:
    """Fuse ranked id lists: score = sum of 1/(k + rank), rank starting at 1 (Cormack 2009)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def collapse_near_duplicates(
    ordered_ids: Sequence[int],
    vectors: Mapping[int, np.ndarray],
    keys: Mapping[int, str],
    threshold: float = 0.95,
) -> list[list[int]]:
    """Group ids whose text is the same line (same key, or cosine >= threshold).

    The first id of each group is the best-ranked one and represents it.
    """
    groups: list[list[int]] = []
    reps: list[np.ndarray] = []
    by_key: dict[str, int] = {}
    for sid in ordered_ids:
        key = keys.get(sid)
        if key is not None and key in by_key:
            groups[by_key[key]].append(sid)
            continue
        vec = vectors.get(sid)
        match = _closest_group(vec, reps, threshold) if vec is not None else None
        if match is None:
            groups.append([sid])
            reps.append(vec if vec is not None else np.zeros(0, dtype=np.float32))
            match = len(groups) - 1
        else:
            groups[match].append(sid)
        if key is not None:
            by_key[key] = match
    return groups


def _closest_group(vec: np.ndarray, reps: list[np.ndarray], threshold: float) -> int | None:
    best, best_score = None, threshold
    for i, rep in enumerate(reps):
        if rep.shape == vec.shape:
            score = float(vec @ rep)
            if score >= best_score:
                best, best_score = i, score
    return best


def highlight(text: str, terms: Sequence[str]) -> str:
    """HTML-escaped text with words that start with a query term wrapped in <mark>."""
    if not terms:
        return html.escape(text)
    # A shared word start stands in for stemming, as the keyword index stems too:
    # "integrations" lights up "integrate" and "integrating".
    stems = sorted({w[:max(4, len(w) - 2)] if len(w) > 5 else w for w in terms}, key=len,
                   reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f"<mark>{html.escape(m.group())}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)
