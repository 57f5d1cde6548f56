"""Theme clustering time: callsift's clusterer against BERTopic on the same embeddings.

Sentences come from the corpus generator. Up to `--real-upto` sentences are encoded with
MiniLM for real (encode time not counted); larger sets get vectors synthesised from real
encodings (bench/synth.py), because encoding 100k sentences takes ~7 min here. Both sides
get the same texts and the same precomputed embeddings:
  callsift  build_clusterer().cluster(vectors) + theme_labels(...) (spaCy noun phrases of
            the 15 most typical members per theme), the code a re-cluster runs;
  BERTopic  BERTopic() with default settings (UMAP 5-d, HDBSCAN min_cluster_size 10,
            CountVectorizer c-TF-IDF), fit_transform(texts, embeddings=vectors), after a
            small warm-up fit so numba's one-off JIT compile is not counted.
Outlier share = share of sentences left unassigned (-1) by each.

Run: python -m bench.themes [--sizes 10000,100000] [--bertopic-max 50000]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.harness import write_results
from bench.synth import BOILER_KEY, VectorPool, _keyed_sentence


def sentences(n: int, seed: int) -> tuple[list[str], list[int]]:
    """`n` generated sentences (rep and prospect) and their template keys."""
    rng = random.Random(seed)
    pairs = [_keyed_sentence(rng.choice(["rep", "prospect"]), rng) for _ in range(n)]
    return [x for _, x in pairs], [k for k, _ in pairs]


def run_callsift(texts: Sequence[str], vecs: np.ndarray) -> dict[str, Any]:
    """The theme clusterer and its phrase labels (the spaCy model is loaded beforehand)."""
    from nlp.theme_phrases import load_phrase_tagger
    from nlp.themes import build_clusterer, theme_labels

    tagger = load_phrase_tagger()
    t0 = time.perf_counter()
    labels = build_clusterer().cluster(vecs)
    theme_labels(list(texts), vecs, labels, tagger)
    return {**_summary(labels, time.perf_counter() - t0), "labels": labels}


def run_bertopic(texts: Sequence[str], vecs: np.ndarray) -> dict[str, Any]:
    """BERTopic with default settings on precomputed embeddings."""
    from bertopic import BERTopic

    t0 = time.perf_counter()
    topics, _ = BERTopic().fit_transform(list(texts), embeddings=vecs)
    labels = np.asarray(topics)
    return {**_summary(labels, time.perf_counter() - t0), "labels": labels}


def warm_bertopic(seed: int) -> float:
    """Fit once on 600 sentences so numba compiles UMAP's kernels; seconds taken."""
    texts, keys = sentences(600, seed + 99)
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(len(texts), 384)).astype(np.float32)
    vecs += np.eye(384, dtype=np.float32)[np.array(keys) % 384] * 3  # some structure
    t0 = time.perf_counter()
    run_bertopic(texts, vecs / np.linalg.norm(vecs, axis=1, keepdims=True))
    return time.perf_counter() - t0


def _summary(labels: np.ndarray, seconds: float) -> dict[str, Any]:
    return {"seconds": round(seconds, 2), "themes": int(len(set(labels.tolist()) - {-1})),
            "outlier_share": round(float(np.mean(labels == -1)), 4)}


def _with_purity(run: dict[str, Any], keys: Sequence[int]) -> dict[str, Any]:
    labels = run.pop("labels")
    return {**run, "template_purity": round(purity(labels, keys), 3)}


def purity(labels: np.ndarray, keys: Sequence[int]) -> float:
    """Share of assigned sentences whose theme's majority template is their own."""
    keys_a = np.asarray(keys)
    ok = total = 0
    for lab in set(labels.tolist()) - {-1}:
        members = keys_a[labels == lab]
        ok += int(np.bincount(members).max())
        total += len(members)
    return ok / total if total else 0.0


def embeddings(texts: list[str], keys: list[int], real: bool, pool: VectorPool,
               emb: Any) -> np.ndarray:
    """Real MiniLM vectors, or synthesised ones from the same templates."""
    if real:
        return np.asarray(emb.embed(texts), dtype=np.float32)
    return pool.synthesise(keys)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run every size, print the table, write bench/results/themes.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--real-upto", type=int, default=10000,
                    help="encode sets up to this size for real; synthesise larger ones")
    ap.add_argument("--bertopic-max", type=int, default=50000,
                    help="run BERTopic on at most this many of the sentences (0: never)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    console = Console(width=150)
    from nlp.embed import SentenceTransformerEmbedder

    emb = SentenceTransformerEmbedder()
    pool = VectorPool.build(emb, seed=args.seed)
    warm = warm_bertopic(args.seed) if args.bertopic_max else None
    rows = []
    for n in sorted(int(s) for s in args.sizes.split(",")):
        texts, keys = sentences(n, args.seed)
        real = n <= args.real_upto
        t0 = time.perf_counter()
        vecs = embeddings(texts, keys, real, pool, emb)
        row: dict[str, Any] = {"size": n, "vectors": "real MiniLM" if real else "synthesised",
                               "embed_s": round(time.perf_counter() - t0, 1)}
        row["callsift"] = _with_purity(run_callsift(texts, vecs), keys)
        m = min(n, args.bertopic_max)
        if m:
            row["bertopic_on"] = m
            row["callsift_same_subset"] = (_with_purity(run_callsift(texts[:m], vecs[:m]),
                                                        keys[:m]) if m < n else row["callsift"])
            row["bertopic"] = _with_purity(run_bertopic(texts[:m], vecs[:m]), keys[:m])
            row["speedup"] = round(row["bertopic"]["seconds"]
                                   / max(row["callsift_same_subset"]["seconds"], 1e-3), 2)
        console.print(f"{n} sentences done: {row}")
        rows.append(row)
    res = {"sizes": rows, "bertopic_warmup_s": warm and round(warm, 1),
           "boilerplate_keys_from": BOILER_KEY}
    report(rows, console)
    path = write_results("themes", res, vars(args))
    console.print(f"wrote {path}")
    return res


def report(rows: list[dict[str, Any]], console: Console) -> None:
    """One row per size: seconds, themes and outlier share for each clusterer."""
    table = Table(title="Theme clustering: callsift vs BERTopic (same texts, same embeddings)")
    for col in ("sentences", "vectors", "callsift s", "themes", "outliers", "purity",
                "BERTopic on", "callsift s (same)", "BERTopic s", "BERTopic themes",
                "BERTopic outliers", "BERTopic purity", "speed-up"):
        table.add_column(col, justify="right")
    for r in rows:
        c, b = r["callsift"], r.get("bertopic")
        same = r.get("callsift_same_subset", c)
        table.add_row(
            f"{r['size']:,}", r["vectors"], f"{c['seconds']:.1f}", str(c["themes"]),
            f"{c['outlier_share']:.1%}", f"{c['template_purity']:.2f}",
            f"{r.get('bertopic_on', 0):,}", f"{same['seconds']:.1f}",
            f"{b['seconds']:.1f}" if b else "-", str(b["themes"]) if b else "-",
            f"{b['outlier_share']:.1%}" if b else "-",
            f"{b['template_purity']:.2f}" if b else "-", f"{r['speedup']:.1f}x" if b else "-")
    console.print(table)


if __name__ == "__main__":
    main()
