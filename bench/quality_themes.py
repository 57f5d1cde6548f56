"""Quality of the theme clusterer on two intent sets: ACC (Hungarian), NMI, ARI.

DSTC11 Track 2 dev (913 insurance-call utterances, 22 intents) and CLINC150 val (3,000
assistant requests, 150 intents), with ONE setting for both and no number of clusters
given. The settings were chosen on DSTC11 and on CLINC150 train subsets, never on val.
k-means told the true k (the DSTC11 organisers' baseline recipe) is printed beside it.

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
CLINC_FILE = Path("clinc150") / "val.jsonl"
SEED = 0


def data_dir() -> Path | None:
    """CALLSIFT_SHARED_DATA, else ../shared/data beside the repo, else /work/shared/data."""
    for candidate in (os.environ.get("CALLSIFT_SHARED_DATA"), REPO.parent / "shared" / "data",
                      "/work/shared/data"):
        if candidate and (Path(candidate) / DEV_FILE).is_file():
            return Path(candidate)
    return None


def load_intents(path: Path, text_key: str) -> tuple[list[str], np.ndarray]:
    """Texts and gold intent ids (0..k-1) from a JSONL file with an "intent" field."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line]
    names = sorted({r["intent"] for r in rows})
    return [r[text_key] for r in rows], np.array([names.index(r["intent"]) for r in rows])


def load_dev(folder: Path) -> tuple[list[str], np.ndarray]:
    """DSTC11 dev utterances and gold intent ids (0..21)."""
    return load_intents(folder / DEV_FILE, "utterance")


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
    """The organisers' baseline: k-means told the true number of intents (3 restarts above
    k=50, so the 150-intent reference stays a few seconds)."""
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10 if k <= 50 else 3,
                  random_state=SEED).fit_predict(vectors)


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
        "ablation: no smoothing, no refinement, th=0.45": build_clusterer_unsmoothed,
        "ablation: chosen without the graph refinement": without_refinement,
        "previous: 1 smoothing round, th=0.35, no refinement": previous_clusterer,
    }


def build_clusterer_unsmoothed(v: np.ndarray) -> np.ndarray:
    """The chosen linkage without kNN smoothing or refinement (ablation)."""
    from nlp.cluster import LinkageClusterer

    return LinkageClusterer(threshold=0.45, neighbourhood=1, refine=False).cluster(v)


def previous_clusterer(v: np.ndarray) -> np.ndarray:
    """The clusterer before CLINC150 was added: one smoothing round, th=0.35, no refinement."""
    from nlp.cluster import LinkageClusterer

    return LinkageClusterer(threshold=0.35, smoothing_steps=1, refine=False,
                            max_points=2000).cluster(v)


def without_refinement(v: np.ndarray) -> np.ndarray:
    """Ablation: the chosen clusterer without the kNN-graph refinement."""
    from nlp.cluster import LinkageClusterer

    return LinkageClusterer(refine=False).cluster(v)


def timed(fn: Callable[[np.ndarray], np.ndarray], vectors: np.ndarray,
          gold: np.ndarray) -> dict[str, Any]:
    """Run one clusterer and score it."""
    start = time.perf_counter()
    labels = np.asarray(fn(vectors))
    return score(gold, labels, time.perf_counter() - start)


def evaluate_set(texts: list[str], gold: np.ndarray, vectors: np.ndarray,
                 compare: bool) -> dict[str, Any]:
    """Scores of the chosen clusterer, the true-k reference and (compare) the alternatives."""
    clusterer = build_clusterer()
    k = int(gold.max()) + 1
    runs = {"chosen: diffused linkage + kNN-graph refinement (no k)": clusterer.cluster,
            f"reference: k-means told k={k}": lambda v: kmeans_true_k(v, k)}
    if compare:
        runs.update(alternatives())
    results = {name: timed(fn, vectors, gold) for name, fn in runs.items()}
    again = clusterer.cluster(vectors)
    return {"sentences": len(texts), "intents": k,
            "deterministic": bool(np.array_equal(again, clusterer.cluster(vectors))),
            "results": results}


def evaluate(compare: bool = False) -> dict[str, Any]:
    """Both data sets; "dstc11" and "clinc150" hold the chosen clusterer's acc/nmi/ari/
    clusters/outliers, and "results" (DSTC11's table) keeps the shape bench.quality reads."""
    folder = data_dir()
    if folder is None:
        return {"skipped": "DSTC11 dev data not found (set CALLSIFT_SHARED_DATA)"}
    embedder = load_embedder()
    sets = {"dstc11": load_dev(folder)}
    if (folder / CLINC_FILE).is_file():
        sets["clinc150"] = load_intents(folder / CLINC_FILE, "text")
    per_set = {name: evaluate_set(texts, gold, embedder.embed(texts), compare)
               for name, (texts, gold) in sets.items()}
    report: dict[str, Any] = {"clusterer": repr(build_clusterer()), "sets": per_set}
    for name, block in per_set.items():
        chosen = next(v for key, v in block["results"].items() if key.startswith("chosen"))
        report[name] = {key: chosen[key] for key in ("acc", "nmi", "ari", "clusters", "outliers")}
    dev = per_set["dstc11"]
    report.update({"dataset": "dstc11-development", "sentences": dev["sentences"],
                   "intents": dev["intents"], "deterministic": dev["deterministic"],
                   "results": dev["results"]})
    return report


def print_table(report: dict[str, Any]) -> None:
    """A rich table of the scores, one block per data set."""
    table = Table(title="Themes: intent clustering with no k, one setting for both sets")
    for col in ("set", "algorithm", "ACC", "NMI", "ARI", "clusters", "outliers", "time s"):
        table.add_column(col, justify="left" if col in ("set", "algorithm") else "right")
    for set_name, block in report["sets"].items():
        label = f"{set_name} ({block['sentences']}, {block['intents']} intents)"
        for name, r in block["results"].items():
            table.add_row(label, name, f"{r['acc']:.3f}", f"{r['nmi']:.3f}", f"{r['ari']:.3f}",
                          str(r["clusters"]), f"{r['outliers']:.1%}", f"{r['seconds']:.2f}")
            label = ""
    Console(width=140).print(table)


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
