"""Near-duplicate collapse: the same line said in many calls is one quote, counted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


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
