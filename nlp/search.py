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

    The first id of each group is the best-ranked one and represents it; a later id joins
    the group whose representative it is closest to.
    """
    with_vec = [sid for sid in ordered_ids if sid in vectors]
    row = {sid: i for i, sid in enumerate(with_vec)}
    # All pairwise cosines at once: a few hundred candidates cost well under a millisecond
    # in numpy, where a Python loop over groups cost several.
    sims = (np.stack([vectors[s] for s in with_vec]) @ np.stack([vectors[s] for s in with_vec]).T
            if with_vec else np.zeros((0, 0), dtype=np.float32))
    # Most candidates have no earlier near-duplicate at all: they skip the group search.
    alone = np.asarray(~np.triu(sims >= threshold, 1).any(axis=0), dtype=bool)
    groups: list[list[int]] = []
    reps: list[int] = []  # row of each group's representative (-1: it has no vector)
    by_key: dict[str, int] = {}
    for sid in ordered_ids:
        key = keys.get(sid)
        if key is not None and key in by_key:
            groups[by_key[key]].append(sid)
            continue
        r = row.get(sid)
        match = None if r is not None and alone[r] else _closest_group(r, reps, sims, threshold)
        if match is None:
            groups.append([sid])
            reps.append(row.get(sid, -1))
            match = len(groups) - 1
        else:
            groups[match].append(sid)
        if key is not None:
            by_key[key] = match
    return groups


def _closest_group(r: int | None, reps: list[int], sims: np.ndarray,
                   threshold: float) -> int | None:
    if r is None or not reps:
        return None
    cand = np.asarray(reps)
    scores = np.where(cand >= 0, sims[r, np.maximum(cand, 0)], -np.inf)
    best = int(np.argmax(scores))
    return best if scores[best] >= threshold else None
