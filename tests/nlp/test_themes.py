"""Theme clustering on make_blobs data, labels, incremental assignment and stable ids."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from nlp.cluster import average_linkage, cut_merges, unit_rows
from nlp.themes import (
    assign_to_themes,
    build_clusterer,
    ctfidf_labels,
    map_to_previous,
    representative,
    unit_centroids,
)


def blobs(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors in k tight, well separated directions."""
    x, y = make_blobs(n_samples=n, centers=k, n_features=32, cluster_std=1.0,
                      center_box=(-10, 10), random_state=seed)
    return unit_rows(x).astype(np.float32), y


@pytest.mark.parametrize(("n", "k", "max_points"), [
    (300, 3, 2000), (600, 6, 2000), (1000, 10, 2000), (3000, 8, 400),
])
def test_recovers_blobs_without_being_told_k(n: int, k: int, max_points: int) -> None:
    x, y = blobs(n, k)
    labels = build_clusterer(max_points=max_points).cluster(x)
    assert labels.max() + 1 == k
    assert np.mean(labels < 0) < 0.05
    assert adjusted_rand_score(y[labels >= 0], labels[labels >= 0]) > 0.99


@pytest.mark.parametrize("max_points", [2000, 300])
def test_two_runs_give_the_same_themes(max_points: int) -> None:
    x, _ = blobs(1200, 7, seed=3)
    first = build_clusterer(max_points=max_points).cluster(x)
    assert np.array_equal(first, build_clusterer(max_points=max_points).cluster(x.copy()))


def test_labels_are_numbered_by_decreasing_size() -> None:
    x, _ = make_blobs(n_samples=[300, 100, 200], n_features=32, random_state=1)
    sizes = np.bincount(build_clusterer().cluster(unit_rows(x))[:])
    assert list(sizes) == sorted(sizes, reverse=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_average_linkage_matches_scipy_on_points(seed: int) -> None:
    x, _ = blobs(200, 4, seed=seed)
    ours = cut_merges(average_linkage(x.astype(np.float64), np.ones(len(x))), len(x), 0.2)
    ref = fcluster(linkage(x, method="average", metric="cosine"), 0.2, "distance")
    assert adjusted_rand_score(ref, ours) == 1.0


def test_weighted_linkage_equals_linkage_on_repeated_points() -> None:
    x, _ = blobs(60, 3, seed=2)
    weights = np.arange(1, 61) % 3 + 1.0
    repeated = np.repeat(x.astype(np.float64), weights.astype(int), axis=0)
    heights = np.sort(average_linkage(x.astype(np.float64), weights)[:, 2])
    full = np.sort(linkage(repeated, method="average", metric="cosine")[:, 2])
    assert np.allclose(heights, full[-len(heights):], atol=1e-9)


def test_new_sentences_join_the_nearest_theme_or_wait() -> None:
    x, y = blobs(600, 4, seed=4)
    labels = build_clusterer().cluster(x[:400])
    centroids = unit_centroids(x[:400], labels)
    joined = assign_to_themes(x[400:], centroids)
    mapped = {c: np.bincount(y[:400][labels == c]).argmax() for c in range(len(centroids))}
    assert all(mapped[c] == t for c, t in zip(joined, y[400:], strict=True))
    far = unit_rows(np.random.default_rng(0).normal(size=(5, 32)))
    far -= (far @ centroids.T) @ centroids  # roughly orthogonal to every theme
    assert (assign_to_themes(far, centroids) == -1).all()


def test_mapping_keeps_ids_stable_when_data_grows() -> None:
    x, _ = blobs(900, 5, seed=5)
    old = build_clusterer().cluster(x[:600])
    stable_old = {c: 100 + 7 * c for c in range(old.max() + 1)}  # ids from an earlier run
    old_ids = np.array([stable_old.get(c, -1) for c in old])
    new = build_clusterer().cluster(x)
    mapping = map_to_previous(new, np.concatenate([old_ids, np.full(300, -1)]))
    renamed = np.array([mapping.get(c, -1) for c in new])
    assert np.array_equal(renamed[:600], old_ids)


def test_unmatched_clusters_get_fresh_ids() -> None:
    old = np.array([5, 5, 5, 9, 9, -1, -1, -1])
    new = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    assert map_to_previous(new, old) == {0: 5, 1: 9, 2: 10}
    assert map_to_previous(new, old, next_id=42)[2] == 42


def test_ctfidf_picks_the_distinctive_words() -> None:
    texts = ["the price is too high for us", "pricing is too expensive this quarter",
             "the price seems expensive", "we need approval from procurement",
             "procurement has to sign off", "legal and procurement review it first",
             "ignored outlier sentence"]
    labels = np.array([0, 0, 0, 1, 1, 1, -1])
    terms = ctfidf_labels(texts, labels, top_n=2)
    assert set(terms) == {0, 1}
    assert {"price", "expensive"} == set(terms[0])
    assert terms[1][0] == "procurement"


def test_representative_is_the_member_nearest_the_centroid() -> None:
    x = unit_rows(np.array([[1.0, 0.0], [0.9, 0.1], [0.8, 0.2], [0.0, 1.0], [0.1, 1.0]]))
    reps = representative(x, np.array([0, 0, 0, 1, -1]))
    assert reps == {0: 1, 1: 3}


def test_labels_skip_spoken_fillers_and_repeated_words() -> None:
    texts = ["honestly we set aside budget this year", "honestly the budget set aside is gone",
             "budget aside honestly nothing left", "the contract term is three years",
             "a three year contract term is long", "that contract term worries legal"]
    terms = ctfidf_labels(texts, np.array([0, 0, 0, 1, 1, 1]), top_n=3)
    assert "honestly" not in terms[0]
    for label in terms.values():
        words = [w for term in label for w in term.split()]
        assert len(words) == len(set(words)), label


def test_distinct_terms_keeps_rank_order_and_drops_overlaps() -> None:
    from nlp.theme_labels import distinct_terms

    assert distinct_terms(["aside", "aside year", "budget", "budget aside", "cfo"], 3) == \
        ["aside", "budget", "cfo"]


def test_objection_themes_never_mix_categories() -> None:
    from nlp.themes import cluster_within_groups

    x, _ = blobs(600, 3, seed=6)
    # The same vectors split into two categories by a rule unrelated to the blobs.
    groups = ["price" if i % 2 else "timing" for i in range(len(x))]
    labels = cluster_within_groups(build_clusterer(), x, groups)
    for theme in set(labels.tolist()) - {-1}:
        assert len({groups[i] for i in np.flatnonzero(labels == theme)}) == 1
    sizes = np.bincount(labels[labels >= 0])
    assert list(sizes) == sorted(sizes, reverse=True)


def test_a_new_sentence_only_joins_a_theme_of_its_own_category() -> None:
    centroids = unit_rows(np.array([[1.0, 0.0], [0.8, 0.6]]))
    vec = unit_rows(np.array([[1.0, 0.05]]))
    assert assign_to_themes(vec, centroids)[0] == 0
    assert assign_to_themes(vec, centroids, groups=["timing"],
                            theme_groups=["price", "timing"])[0] == 1
    assert assign_to_themes(vec, centroids, groups=["trust"],
                            theme_groups=["price", "timing"])[0] == -1
