"""Search latency at 10k, 100k and 1M sentences: HTTP against the floor, and IVF recall.

One growing corpus (bench/synth.py: generated text, vectors synthesised from real MiniLM
encodings, stored through the store's bulk import). At each size:
  http     a fresh uvicorn server builds its index from the database, then sequential
           GET /search with real query text (encoded by the server);
  floor    with the server stopped: query encode + raw FAISS search (k = limit) on the
           index file the server built (IVF above CALLSIFT_INDEX_APPROX_THRESHOLD, flat
           below), and on an exact IndexFlatIP for reference;
  stages   SearchService.search in-process, timing each step, to show where the time goes;
  recall   recall@10 of the IVF index the API builds (or would build, below the threshold)
           against exact search, over the query vectors.
ratio = p95 http / p95 floor on the server's own index kind.

Run: python -m bench.search_scale [--sizes 10000,100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from api.search_service import CANDIDATES
from bench.harness import percentiles, workspace, write_results
from bench.search import free_port, make_queries, start_server, stop_server, timed_each
from bench.synth import SynthCorpus, VectorPool
from nlp.search_ranking import RankWeights

P95_TARGET_MS = 25.0
RATIO_TARGET = 2.0


def all_vectors(store: Any, model: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Every searchable (sentence id, vector), as the index keeper reads them."""
    ids, vecs = [], []
    for batch_ids, batch_vecs in store.feed.all_vectors(model, dim,
                                                        window_weight=RankWeights().window,
                                                        searchable_only=True):
        ids.append(batch_ids)
        vecs.append(batch_vecs)
    return np.concatenate(ids), np.concatenate(vecs)


def raw_index(path: Path, nprobe: int) -> Any:
    """The FAISS index the server saved, read with FAISS alone."""
    import faiss

    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexIVF):
        index.nprobe = nprobe
    return index


def measure_http(port: int, warmup: Sequence[str], queries: Sequence[str],
                 limit: int) -> dict[str, Any]:
    """Sequential GET /search, client wall time per request, with nothing else running."""
    import httpx

    http_s, hits, errors = [], [], 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for i, q in enumerate([*warmup, *queries]):
            t0 = time.perf_counter()
            resp = client.get("/search", params={"q": q, "limit": limit})
            if i < len(warmup):
                continue
            http_s.append(time.perf_counter() - t0)
            if resp.status_code == 200:
                hits.append(len(resp.json()["hits"]))
            else:
                errors += 1
    return {**percentiles(http_s), "errors": errors,
            "mean_hits": round(float(np.mean(hits)), 2) if hits else 0.0}


def measure_floor(embedder: Any, index: Any, warmup: Sequence[str], queries: Sequence[str],
                  limit: int) -> dict[str, Any]:
    """Query encode + one raw FAISS search per query (the server is stopped by then)."""
    def floor(q: str) -> None:
        index.search(embedder.embed([q]), limit)

    return percentiles(timed_each(floor, warmup, queries))


def recall_at(approx: Any, exact: Any, ids: np.ndarray, qvecs: np.ndarray, k: int = 10) -> float:
    """Mean share of the exact top-k that the approximate index also returns.

    `exact` holds the vectors by position, `approx` by sentence id (`ids[position]`).
    """
    _, pos = exact.search(qvecs, k)
    want = ids[pos]
    _, got = approx.search(qvecs, k)
    return float(np.mean([len(set(w) & set(g)) / k for w, g in zip(want, got, strict=True)]))


def ivf_like_api(ids: np.ndarray, vecs: np.ndarray, nprobe: int) -> Any:
    """The IVF index the API switches to past the threshold, built at this size."""
    from nlp.index import IndexParams, VectorIndex

    built = VectorIndex.build(ids, vecs, vecs.shape[1], IndexParams(approx_threshold=1,
                                                                   nprobe=nprobe))
    index = built._index  # the raw FAISS object, searched with FAISS alone
    index.nprobe = nprobe
    return index


class StageTimer:
    """Per-query seconds spent in each wrapped method."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def wrap(self, obj: Any, attr: str, label: str) -> None:
        """Replace obj.attr with a timed version (instance attribute only)."""
        fn: Callable[..., Any] = getattr(obj, attr)
        bucket = self.samples.setdefault(label, [])

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                bucket.append(time.perf_counter() - t0)
        setattr(obj, attr, timed)

    def report(self, skip: int) -> dict[str, dict[str, float]]:
        """p50/p95 per stage, dropping the first `skip` (warm-up) samples of each."""
        return {k: percentiles(v[skip:]) for k, v in self.samples.items() if len(v) > skip}


def measure_stages(warmup: Sequence[str], queries: Sequence[str],
                   limit: int) -> dict[str, Any]:
    """SearchService.search in this process, with each store/index/model step timed."""
    from api.services import open_services
    from api.settings import get_settings
    from models.schemas import SearchFilters

    services = open_services(get_settings())
    services.keeper.refresh(force=True)
    getattr(services.embedder, "_cache", {}).clear()  # the process-wide LRU saw these queries
    stages = StageTimer()
    st = services.store
    stages.wrap(services.embedder, "embed", "query encode")
    stages.wrap(services.keeper, "refresh", "change-log check")
    stages.wrap(services.keeper.index, "search", f"FAISS search (depth {CANDIDATES})")
    stages.wrap(st.search, "allowed_sentence_ids", "filters")
    stages.wrap(st.keywords, "rare_matches", "keyword: rare-word matches (FTS)")
    stages.wrap(st.keywords, "doc_freqs", "keyword: document counts (cached)")
    stages.wrap(st.keywords, "stats", "keyword: corpus stats (cached)")
    stages.wrap(st.search, "vectors", "keyword-only candidates' vectors (DB)")
    stages.wrap(st.search, "facts", "candidate stems + insights (DB)")
    stages.wrap(st.search, "hit_rows", "hit rows (DB)")
    stages.wrap(st.calls, "cached_vectors", "duplicate-collapse vectors (DB)")
    stages.wrap(st.search, "turns_around", "context turns (DB)")
    try:
        total = timed_each(lambda q: services.search.search(q, SearchFilters(), limit),
                           warmup, queries)
    finally:
        st.db.dispose()
    return {"total": percentiles(total), "stages": stages.report(len(warmup))}


def measure_size(size: int, corpus: SynthCorpus, rt: Any, emb: Any, qs: dict[str, Any],
                 args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """Grow the corpus to `size` sentences and measure everything at that size."""
    import faiss

    insert_s = corpus.grow_to(rt.store, size)
    console.print(f"[bold]{corpus.sentences} sentences[/] ({corpus.calls} calls) stored, "
                  f"+{insert_s:.1f} s bulk insert")
    port, log = free_port(), Path(rt.settings.data_dir) / f"uvicorn-{size}.log"
    rt.settings.index_path.unlink(missing_ok=True)  # every size: a fresh build from the DB
    t0 = time.perf_counter()
    server = start_server(port, log, timeout=1800)
    startup = time.perf_counter() - t0
    try:
        http = measure_http(port, qs["warmup"], qs["queries"], args.limit)
    finally:
        stop_server(server)  # the floor runs alone on the cores
    # Not interleaved with HTTP: two processes each running torch and FAISS (OpenMP) on
    # 2 cores slow each other down after every call (spinning threads); measured here.
    ids, vecs = all_vectors(rt.store, emb.name, emb.dim)
    exact = faiss.IndexFlatIP(emb.dim)
    exact.add(vecs)
    served = raw_index(rt.settings.index_path, rt.settings.index_nprobe)
    floor = measure_floor(emb, served, qs["warmup"], qs["queries"], args.limit)
    floor_flat = measure_floor(emb, exact, qs["warmup"][:3], qs["queries"][:args.flat_queries],
                               args.limit)
    kind = "ivf" if isinstance(served, faiss.IndexIVF) else "flat"
    # Below the IVF threshold both floors are exact search: the faster one is the limit.
    best_floor = min(floor["p95_ms"], floor_flat["p95_ms"]) if kind == "flat" else floor["p95_ms"]
    approx = served if kind == "ivf" else ivf_like_api(ids, vecs, rt.settings.index_nprobe)
    recall = recall_at(approx, exact, ids, qs["qvecs"])
    del vecs, exact, approx, served
    stages = measure_stages(qs["warmup"], qs["queries"], args.limit)
    return {"size": int(len(ids)), "calls": corpus.calls, "insert_s": round(insert_s, 1),
            "server_start_s": round(startup, 1), "index_kind": kind, "http": http,
            "floor": floor, "floor_flat": floor_flat, "service": stages["total"],
            "stages": stages["stages"], "recall_at_10": round(recall, 4),
            "recall_of": "served IVF" if kind == "ivf" else "IVF the API would build",
            "ratio": round(http["p95_ms"] / best_floor, 3)}


def report(rows: list[dict[str, Any]], console: Console) -> None:
    """One latency table across sizes, and the stage split of the largest."""
    table = Table(title="Search latency vs floor (ms; HTTP = GET /search through uvicorn)")
    for col in ("sentences", "index", "HTTP p50", "HTTP p95", "HTTP p99", "floor p95",
                "ratio", "flat floor p95", "service p95", "recall@10", "start s"):
        table.add_column(col, justify="right")
    for r in rows:
        h = r["http"]
        table.add_row(f"{r['size']:,}", r["index_kind"], f"{h['p50_ms']:.1f}",
                      f"{h['p95_ms']:.1f}", f"{h['p99_ms']:.1f}", f"{r['floor']['p95_ms']:.1f}",
                      f"{r['ratio']:.2f}", f"{r['floor_flat']['p95_ms']:.1f}",
                      f"{r['service']['p95_ms']:.1f}", f"{r['recall_at_10']:.3f}",
                      f"{r['server_start_s']:.0f}")
    console.print(table)
    big = rows[-1]
    stages = Table(title=f"Where SearchService.search spends its time at {big['size']:,}")
    for col in ("stage", "p50 ms", "p95 ms"):
        stages.add_column(col, justify="left" if col == "stage" else "right")
    for name, p in big["stages"].items():
        stages.add_row(name, f"{p['p50_ms']:.2f}", f"{p['p95_ms']:.2f}")
    console.print(stages)
    console.print(f"targets: p95 <= {P95_TARGET_MS:.0f} ms at 1M, <= {RATIO_TARGET:.0f}x floor")


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run every size, print the tables, write bench/results/search_scale.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--flat-queries", type=int, default=50)
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--database-url", default=None,
                    help="PostgreSQL server URL; a throwaway database is made beside it")
    args = ap.parse_args(argv)
    console = Console(width=150)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    texts = make_queries(args.warmup + args.queries, args.seed)
    with workspace(args.database_url):
        from nlp.embed import SentenceTransformerEmbedder
        from workers.runtime import get_runtime

        rt = get_runtime()
        # Uncached: the floor must encode every query (the API's LRU is a separate instance).
        emb = SentenceTransformerEmbedder(rt.settings.embedding_model,
                                          rt.settings.embedding_batch_size)
        corpus = SynthCorpus(VectorPool.build(emb, seed=args.seed), emb.name, seed=args.seed)
        qs = {"warmup": texts[:args.warmup], "queries": texts[args.warmup:],
              "qvecs": emb.embed(texts[args.warmup:])}
        rows = [measure_size(n, corpus, rt, emb, qs, args, console) for n in sizes]
    res = {"sizes": rows, "queries": args.queries, "limit": args.limit,
           "targets": {"p95_ms_at_1m": P95_TARGET_MS, "ratio": RATIO_TARGET}}
    report(rows, console)
    path = write_results("search_scale", res, vars(args))
    console.print(f"wrote {path}")
    return res


if __name__ == "__main__":
    main()
