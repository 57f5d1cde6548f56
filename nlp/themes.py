"""Themes: clustering, labels, incremental assignment and stable ids across re-clusters.

The algorithm lives in nlp/cluster.py and the labels in nlp/theme_labels.py; this module
adds what keeps theme ids stable over time and is the one import callers need.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from nlp.cluster import (
    Clusterer,
    LinkageClusterer,
    build_clusterer,
    drop_small,
    unit_centroids,
    unit_rows,
)
from nlp.theme_labels import (
    ThemeLabel,
    class_tfidf,
    ctfidf_labels,
    representative,
    theme_labels,
    top_terms,
)

__all__ = [
    "ASSIGN_THRESHOLD", "Clusterer", "LinkageClusterer", "ThemeLabel", "assign_to_themes",
    "build_clusterer", "class_tfidf", "cluster_within_groups", "ctfidf_labels",
    "map_to_previous", "representative", "theme_labels", "top_terms", "unit_centroids",
]

# 0.5 (the 1st percentile of member-to-centroid cosine on DSTC11 dev) left 38% of the sample
# calls' pains unassigned: spoken pains are phrased more loosely than service intents. At 0.4
# they drop to 14%, and DSTC11 barely moves (ACC 0.786 -> 0.791, outliers 0.9% -> 0.1%).
ASSIGN_THRESHOLD = 0.4


def cluster_within_groups(clusterer: Clusterer, vectors: np.ndarray,
                          groups: Sequence[str] | None = None) -> np.ndarray:
    """Cluster each group (e.g. objection category) on its own, so no theme mixes groups;
    labels 0..k-1 by decreasing size over all groups, -1 for outliers."""
    vectors = np.asarray(vectors)
    if groups is None:
        return clusterer.cluster(vectors)
    labels = np.full(len(vectors), -1)
    offset = 0
    for group in sorted(set(groups)):
        idx = np.array([i for i, g in enumerate(groups) if g == group])
        sub = clusterer.cluster(vectors[idx])
        labels[idx] = np.where(sub >= 0, sub + offset, -1)
        offset += int(sub.max()) + 1 if len(sub) and sub.max() >= 0 else 0
    return drop_small(labels, 1)


def assign_to_themes(vectors: np.ndarray, centroids: np.ndarray,
                     threshold: float = ASSIGN_THRESHOLD, *,
                     groups: Sequence[str | None] | None = None,
                     theme_groups: Sequence[str | None] | None = None) -> np.ndarray:
    """Row index of the nearest centroid when its cosine >= threshold, else -1. With
    `groups` and `theme_groups`, a vector only joins a theme of its own group."""
    vectors = np.asarray(vectors, dtype=np.float64)
    if len(vectors) == 0 or len(centroids) == 0:
        return np.full(len(vectors), -1)
    sims = unit_rows(vectors) @ unit_rows(np.asarray(centroids, dtype=np.float64)).T
    if groups is not None and theme_groups is not None:
        same = np.array(groups, dtype=object)[:, None] == np.array(theme_groups, dtype=object)
        sims = np.where(same, sims, -np.inf)
    nearest = np.argmax(sims, axis=1)
    return np.where(sims[np.arange(len(vectors)), nearest] >= threshold, nearest, -1)


def map_to_previous(new_labels: np.ndarray, old_labels: np.ndarray, *,
                    next_id: int | None = None, min_jaccard: float = 0.1) -> dict[int, int]:
    """New cluster -> stable id: Hungarian on member overlap, unmatched get fresh ids.

    Both arrays cover the same items in the same order; items that had no theme before
    (new sentences, old outliers) carry -1 in old_labels. A match needs Jaccard >=
    min_jaccard so a theme that merely shares a few members does not inherit an id.
    Fresh ids start at next_id (default: one past the largest old id), so retired ids are
    never reused.
    """
    new_labels, old_labels = np.asarray(new_labels), np.asarray(old_labels)
    new_ids = sorted(int(c) for c in np.unique(new_labels) if c >= 0)
    old_ids = sorted(int(c) for c in np.unique(old_labels) if c >= 0)
    overlap = np.zeros((len(new_ids), len(old_ids)))
    both = (new_labels >= 0) & (old_labels >= 0)
    np.add.at(overlap, (np.searchsorted(new_ids, new_labels[both]),
                        np.searchsorted(old_ids, old_labels[both])), 1)
    new_sizes = np.array([(new_labels == c).sum() for c in new_ids])
    old_sizes = np.array([(old_labels == c).sum() for c in old_ids])
    jaccard = overlap / np.maximum(new_sizes[:, None] + old_sizes[None, :] - overlap, 1)
    mapping: dict[int, int] = {}
    for r, c in zip(*linear_sum_assignment(-jaccard), strict=True):
        if jaccard[r, c] >= min_jaccard:
            mapping[new_ids[r]] = old_ids[c]
    fresh = next_id if next_id is not None else (max(old_ids) + 1 if old_ids else 0)
    for c in new_ids:
        if c not in mapping:
            mapping[c], fresh = fresh, fresh + 1
    return mapping
