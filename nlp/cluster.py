"""Theme clustering: diffused average linkage on cosine, refined on the kNN graph.

Why (measured on DSTC11 dev and CLINC150 train subsets, docs/themes.md): no number of
themes is given, and one setting has to serve both a domain with two huge intents (DSTC11)
and one with 150 small ones (CLINC150).
1. Each vector is averaged with its nearest neighbours, three times over the same kNN
   graph: paraphrases pull together and the stray groups plain linkage leaves disappear.
2. Average linkage on those vectors, cut at a fixed distance, decides how many themes
   there are and seeds them (it keeps a large theme with sub-topics whole).
3. The seeds are refined on the kNN graph: each point moves to the theme holding the
   largest size-normalised share of its 20 neighbours, until nothing moves. This fixes
   the boundary points that linkage gets wrong.
Above `max_points` vectors, seeded spherical k-means micro-clusters (each already an
average of neighbours) stand in for the points, weighted by size, so time and memory
stay bounded at 100k sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.sparse import csr_matrix


class Clusterer(Protocol):
    """Maps vectors to cluster labels; -1 marks an outlier."""

    def cluster(self, vectors: np.ndarray) -> np.ndarray: ...


def average_linkage(means: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted UPGMA on cosine by nearest-neighbour chain: rows (a, b, distance), a absorbs b."""
    m = len(means)
    sim = means.astype(np.float64) @ means.astype(np.float64).T
    sim[np.diag_indices(m)] = -np.inf
    size = weights.astype(np.float64).copy()
    active = np.ones(m, dtype=bool)
    merges = np.zeros((max(m - 1, 0), 3))
    chain: list[int] = []
    for step in range(m - 1):
        while True:
            if not chain:
                chain.append(int(np.flatnonzero(active)[0]))
            a = chain[-1]
            b = int(np.argmax(sim[a]))
            # Reducibility makes a reciprocal pair safe to merge; ties prefer the chain's
            # previous node so equal similarities cannot loop forever.
            if len(chain) > 1 and sim[a, chain[-2]] >= sim[a, b]:
                b = chain[-2]
                break
            chain.append(b)
        chain = chain[:-2]
        lo, hi = min(a, b), max(a, b)
        merges[step] = (lo, hi, 1.0 - sim[lo, hi])
        _merge_rows(sim, size, lo, hi)
        active[hi] = False
    return merges


def _merge_rows(sim: np.ndarray, size: np.ndarray, lo: int, hi: int) -> None:
    """Lance-Williams update for average linkage: row lo becomes the union, hi is retired."""
    row = (size[lo] * sim[lo] + size[hi] * sim[hi]) / (size[lo] + size[hi])
    sim[lo], sim[:, lo] = row, row
    sim[hi], sim[:, hi] = -np.inf, -np.inf
    sim[lo, lo] = -np.inf
    size[lo] += size[hi]


def cut_merges(merges: np.ndarray, n: int, threshold: float) -> np.ndarray:
    """Flat groups 0..g-1 joining every merge at distance <= threshold (UPGMA is monotone)."""
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    for a, b, dist in merges:
        if dist <= threshold:
            ra, rb = find(int(a)), find(int(b))
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(n)])
    return np.unique(roots, return_inverse=True)[1]


def micro_clusters(vectors: np.ndarray, max_points: int, seed: int) -> tuple[np.ndarray, ...]:
    """(assignment, unit mean vector, size) per micro-cluster; identity when n <= max_points."""
    if len(vectors) <= max_points:
        return np.arange(len(vectors)), vectors, np.ones(len(vectors))
    assign = spherical_kmeans(vectors, max_points, seed=seed)
    sizes = np.bincount(assign, minlength=max_points).astype(np.float64)
    sums = group_sums(vectors, assign, max_points)
    keep = sizes > 0
    remap = np.cumsum(keep) - 1
    return remap[assign], unit_rows(sums[keep]), sizes[keep]


def spherical_kmeans(vectors: np.ndarray, k: int, *, seed: int, iters: int = 8,
                     chunk: int = 8192) -> np.ndarray:
    """Cosine k-means from a seeded random sample of points; returns each point's cluster."""
    rng = np.random.default_rng(seed)
    data = vectors.astype(np.float32)
    centers = data[np.sort(rng.choice(len(data), size=k, replace=False))]
    assign = np.zeros(len(data), dtype=np.int64)
    for _ in range(iters):
        for start in range(0, len(data), chunk):
            assign[start:start + chunk] = np.argmax(data[start:start + chunk] @ centers.T, axis=1)
        sums = group_sums(data, assign, k)
        # An emptied centre keeps its old position rather than jumping somewhere arbitrary.
        centers = np.where(np.bincount(assign, minlength=k)[:, None] > 0, unit_rows(sums), centers)
    return assign


def group_sums(data: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Row sums per label 0..k-1, as a sparse one-hot product (np.add.at is ~50x slower)."""
    onehot = csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                        shape=(k, len(labels)))
    return np.asarray(onehot @ data)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def knn_smooth(vectors: np.ndarray, k: int, steps: int = 1) -> np.ndarray:
    """Each unit vector replaced by the unit mean of itself and its k nearest neighbours,
    `steps` times over the same neighbour lists (a short diffusion on the kNN graph)."""
    if k <= 0 or len(vectors) <= 1:
        return vectors
    sim = vectors @ vectors.T
    sim[np.diag_indices(len(vectors))] = np.inf  # self first, whatever duplicates exist
    k = min(k, len(vectors) - 1)
    idx = np.argpartition(-sim, k, axis=1)[:, : k + 1]
    out = vectors
    for _ in range(steps):
        out = unit_rows(out[idx].mean(axis=1))
    return out


def knn_graph(vectors: np.ndarray, k: int) -> csr_matrix:
    """Sparse symmetric affinity: cosine (floored at 0) to each point's k nearest neighbours."""
    n = len(vectors)
    sim = vectors @ vectors.T
    sim[np.diag_indices(n)] = -np.inf
    k = min(k, n - 1)
    idx = np.argpartition(-sim, k - 1, axis=1)[:, :k].ravel()
    rows = np.repeat(np.arange(n), k)
    graph = csr_matrix((np.maximum(sim[rows, idx], 0.0), (rows, idx)), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def graph_refine(vectors: np.ndarray, seeds: np.ndarray, k: int, rounds: int = 10) -> np.ndarray:
    """Seed groups (-1 = none) refined on the kNN graph: each point moves to the group that
    holds the largest share of its neighbours' weight, relative to the group's size, until
    nothing moves. Groups that empty disappear; points in no seed group start at the nearest
    seed centroid."""
    kept = seeds >= 0
    if not kept.any() or len(vectors) <= 2:
        return seeds
    labels = seeds.copy()
    centroids = unit_rows(group_sums(vectors[kept], seeds[kept], int(seeds.max()) + 1))
    labels[~kept] = np.argmax(vectors[~kept] @ centroids.T, axis=1)
    graph = knn_graph(vectors, k)
    for _ in range(rounds):
        sizes = np.bincount(labels).astype(np.float64)
        onehot = csr_matrix((1.0 / sizes[labels], (np.arange(len(labels)), labels)),
                            shape=(len(labels), len(sizes)))
        votes = (graph @ onehot).toarray()
        # A point with no neighbour weight keeps its group.
        new = np.where(votes.max(axis=1) > 0, np.argmax(votes, axis=1), labels)
        new = np.unique(new, return_inverse=True)[1]
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def drop_small(labels: np.ndarray, min_size: int) -> np.ndarray:
    """Relabel by size (largest first, ties by first member), small groups and -1 become -1."""
    out = np.full(len(labels), -1)
    kept = np.flatnonzero(labels >= 0)
    if len(kept) == 0:
        return out
    counts = np.bincount(labels[kept])
    first = np.full(len(counts), len(labels))
    np.minimum.at(first, labels[kept], kept)
    order = [g for g in np.lexsort((first, -counts)) if counts[g] >= min_size]
    for new, g in enumerate(order):
        out[labels == g] = new
    return out


def unit_centroids(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit mean vector of each cluster 0..k-1 (outliers ignored)."""
    k = int(labels.max()) + 1 if len(labels) and labels.max() >= 0 else 0
    kept = labels >= 0
    return unit_rows(group_sums(vectors[kept], labels[kept], k))


def mark_far(vectors: np.ndarray, labels: np.ndarray, min_cosine: float) -> np.ndarray:
    """Members whose cosine to their own theme's centroid is below min_cosine become -1."""
    if not (labels >= 0).any():
        return labels
    cos = np.einsum("ij,ij->i", vectors, unit_centroids(vectors, labels)[np.maximum(labels, 0)])
    return np.where((labels >= 0) & (cos >= min_cosine), labels, -1)


@dataclass(frozen=True)
class LinkageClusterer:
    """Diffused average linkage on cosine cut at a fixed distance, refined on the kNN graph."""

    threshold: float = 0.30  # mean pairwise cosine distance of diffused vectors within a theme
    neighbourhood: int = 6  # average each point with ~5 neighbours: the point and its paraphrases
    smoothing_steps: int = 3  # rounds of that averaging over the same kNN graph
    graph_k: int = 20  # neighbours per point in the kNN graph that refines the themes
    refine: bool = True  # False: the linkage cut as it is (the ablation in docs/themes.md)
    min_size: int = 3  # fewer members is an anecdote, not a theme
    min_cosine: float = 0.4  # same bar as incremental assignment (ASSIGN_THRESHOLD)
    max_points: int = 3000  # above this, link k-means micro-clusters instead of points
    seed: int = 0

    def cluster(self, vectors: np.ndarray) -> np.ndarray:
        """Labels 0..k-1 by decreasing size; -1 for small groups and far members."""
        vectors = unit_rows(np.asarray(vectors, dtype=np.float64))
        if len(vectors) < 2:
            return drop_small(np.zeros(len(vectors), dtype=int), self.min_size)
        assign, means, sizes = micro_clusters(vectors, self.max_points, self.seed)
        # Micro-clusters already average n/m points each; smooth only the rest of the way.
        k = max(0, int(np.ceil(self.neighbourhood * len(means) / len(vectors))) - 1)
        smoothed = knn_smooth(means, k, self.smoothing_steps)
        merges = average_linkage(smoothed, sizes)
        groups = drop_small(cut_merges(merges, len(means), self.threshold), self.min_size)
        if self.refine:
            groups = graph_refine(means, groups, self.graph_k)
        groups = drop_small(groups[assign], self.min_size)
        return drop_small(mark_far(vectors, groups, self.min_cosine), 1)


def build_clusterer(*, threshold: float = 0.30, min_cosine: float = 0.4, min_size: int = 3,
                    max_points: int = 3000, seed: int = 0) -> Clusterer:
    """The measured theme clusterer (docs/themes.md); no number of themes needed."""
    return LinkageClusterer(threshold=threshold, min_cosine=min_cosine, min_size=min_size,
                            max_points=max_points, seed=seed)
