"""Quality of the theme clusterer on DSTC11 dev intents: ACC (Hungarian), NMI, ARI.

The clusterer is not told how many intents there are; k-means with the true k=22 (the
organisers' baseline recipe) is printed beside it for reference.

Run: python -m bench.quality_themes            (chosen clusterer + k-means reference)
     python -m bench.quality_themes --compare  (also the alternatives in docs/themes.md)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from nlp.embed import load_embedder
from nlp.themes import build_clusterer

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "quality_themes.json"
DEV_FILE = Path("dstc11-development") / "test-utterances.jsonl"
SEED = 0


def data_dir() -> Path | None:
    """CALLSIFT_SHARED_DATA, else ../shared/data beside the repo, else /work/shared/data."""
    for candidate in (os.environ.get("CALLSIFT_SHARED_DATA"), REPO.parent / "shared" / "data",
                      "/work/shared/data"):
        if candidate and (Path(candidate) / DEV_FILE).is_file():
            return Path(candidate)
    return None


def load_dev(folder: Path) -> tuple[list[str], np.ndarray]:
    """Utterances and gold intent ids (0..21)."""
    rows = [json.loads(line) for line in (folder / DEV_FILE).read_text().splitlines() if line]
    names = sorted({r["intent"] for r in rows})
    return [r["utterance"] for r in rows], np.array([names.index(r["intent"]) for r in rows])


def hungarian_acc(gold: np.ndarray, pred: np.ndarray) -> float:
    """Best 1:1 cluster-to-intent accuracy; outliers (-1) always count as wrong."""
    kept = pred >= 0
    if not kept.any():
        return 0.0
    clusters = np.unique(pred[kept])
    overlap = np.array([np.bincount(gold[pred == c], minlength=gold.max() + 1)
                        for c in clusters])
    rows, cols = linear_sum_assignment(-overlap)
    return float(overlap[rows, cols].sum() / len(gold))


def score(gold: np.ndarray, pred: np.ndarray, seconds: float) -> dict[str, Any]:
    """ACC, NMI and ARI (outliers form one extra group for NMI/ARI), clusters, outlier share."""
    return {"acc": round(hungarian_acc(gold, pred), 4),
            "nmi": round(float(normalized_mutual_info_score(gold, pred)), 4),
            "ari": round(float(adjusted_rand_score(gold, pred)), 4),
            "clusters": int(len(np.unique(pred[pred >= 0]))),
            "outliers": round(float(np.mean(pred < 0)), 4), "seconds": round(seconds, 3)}


def kmeans_true_k(vectors: np.ndarray, k: int = 22) -> np.ndarray:
    """The organisers' baseline: k-means told the true number of intents."""
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(vectors)


def kmeans_silhouette(vectors: np.ndarray) -> np.ndarray:
    """k-means with k in 6..60 (step 2) picked by cosine silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best, best_s = np.zeros(len(vectors), dtype=int), -1.0
    for k in range(6, 61, 2):
        labels = KMeans(n_clusters=k, n_init=4, random_state=SEED).fit_predict(vectors)
        s = float(silhouette_score(vectors, labels, metric="cosine"))
        if s > best_s:
            best, best_s = labels, s
    return best


def agglomerative(linkage: str, threshold: float) -> Callable[[np.ndarray], np.ndarray]:
    """sklearn agglomerative clustering on the raw vectors cut at a distance threshold."""
    from sklearn.cluster import AgglomerativeClustering

    metric = "euclidean" if linkage == "ward" else "cosine"
    return lambda v: AgglomerativeClustering(n_clusters=None, distance_threshold=threshold,
                                             linkage=linkage, metric=metric).fit_predict(v)


def hdbscan(pca_dims: int | None) -> Callable[[np.ndarray], np.ndarray]:
    """HDBSCAN (min_cluster_size=5) on cosine, or Euclidean after PCA to a few dimensions."""
    from sklearn.cluster import HDBSCAN
    from sklearn.decomposition import PCA

    def run(v: np.ndarray) -> np.ndarray:
        if pca_dims is None:
            return HDBSCAN(min_cluster_size=5, metric="cosine", copy=True).fit_predict(v)
        reduced = PCA(pca_dims, random_state=SEED).fit_transform(v)
        return HDBSCAN(min_cluster_size=5, copy=True).fit_predict(reduced)

    return run


def louvain(v: np.ndarray, k: int = 15) -> np.ndarray:
    """Louvain communities on the cosine kNN graph (networkx, seeded)."""
    import networkx as nx

    sims = v @ v.T
    np.fill_diagonal(sims, -1.0)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(v)))
    for i, row in enumerate(np.argsort(-sims, axis=1)[:, :k]):
        graph.add_weighted_edges_from((i, int(j), float(max(sims[i, j], 0.0))) for j in row)
    labels = np.zeros(len(v), dtype=int)
    for c, members in enumerate(nx.community.louvain_communities(graph, seed=SEED)):
        labels[list(members)] = c
    return labels


def alternatives() -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """The algorithms measured against the chosen one (none is told k)."""
    return {
        "k-means, k by silhouette (6..60)": kmeans_silhouette,
        "agglomerative average, cosine th=0.5": agglomerative("average", 0.5),
        "agglomerative complete, cosine th=0.7": agglomerative("complete", 0.7),
        "agglomerative ward, th=2.5": agglomerative("ward", 2.5),
        "HDBSCAN cosine, mcs=5": hdbscan(None),
        "HDBSCAN on PCA-10, mcs=5": hdbscan(10),
        "Louvain on 15-NN graph": louvain,
        "ablation: chosen without smoothing, th=0.45": build_clusterer_unsmoothed,
    }


def build_clusterer_unsmoothed(v: np.ndarray) -> np.ndarray:
    """The chosen linkage without kNN smoothing (ablation)."""
    from nlp.cluster import LinkageClusterer

    return LinkageClusterer(threshold=0.45, neighbourhood=1).cluster(v)


def timed(fn: Callable[[np.ndarray], np.ndarray], vectors: np.ndarray,
          gold: np.ndarray) -> dict[str, Any]:
    """Run one clusterer and score it."""
    start = time.perf_counter()
    labels = np.asarray(fn(vectors))
    return score(gold, labels, time.perf_counter() - start)


def evaluate(compare: bool = False) -> dict[str, Any]:
    """Scores of the chosen clusterer (and the k-means reference) on DSTC11 dev."""
    folder = data_dir()
    if folder is None:
        return {"skipped": "DSTC11 dev data not found (set CALLSIFT_SHARED_DATA)"}
    texts, gold = load_dev(folder)
    vectors = load_embedder().embed(texts)
    clusterer = build_clusterer()
    runs = {"chosen: kNN-smoothed average linkage (no k)": clusterer.cluster,
            "reference: k-means told k=22": kmeans_true_k}
    if compare:
        runs.update(alternatives())
    results = {name: timed(fn, vectors, gold) for name, fn in runs.items()}
    again = clusterer.cluster(vectors)
    return {"dataset": "dstc11-development", "sentences": len(texts), "intents": 22,
            "deterministic": bool(np.array_equal(again, clusterer.cluster(vectors))),
            "clusterer": repr(clusterer), "results": results}


def print_table(report: dict[str, Any]) -> None:
    """A rich table of the scores."""
    table = Table(title=f"Themes on DSTC11 dev ({report['sentences']} utterances, 22 intents)")
    for col in ("algorithm", "ACC", "NMI", "ARI", "clusters", "outliers", "time s"):
        table.add_column(col, justify="left" if col == "algorithm" else "right")
    for name, r in report["results"].items():
        table.add_row(name, f"{r['acc']:.3f}", f"{r['nmi']:.3f}", f"{r['ari']:.3f}",
                      str(r["clusters"]), f"{r['outliers']:.1%}", f"{r['seconds']:.2f}")
    Console(width=120).print(table)


def main() -> None:
    """Evaluate, print and save."""
    report = evaluate(compare="--compare" in sys.argv)
    if "skipped" in report:
        Console(width=120).print(f"[yellow]skipped:[/] {report['skipped']}")
        return
    print_table(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
