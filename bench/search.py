"""Search latency: `GET /search` over HTTP against the floor (query encode + raw FAISS).

In one run, on one ingested corpus:
  http   a real uvicorn server (subprocess, loopback), httpx sequentially, warm-up first;
  floor  embedder.embed([q]) + IndexFlatIP.search(k=10) over the same stored vectors;
  svc    SearchService.search in-process (no HTTP), to split the gap in two.
ratio = p95 http / p95 floor (1.0 = search costs no more than encoding the query).

Run: python -m bench.search [--calls 40] [--queries 200]
     python -m bench.search --examples        (the bundled examples/calls instead)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.corpus import SLOTS, generate_call, generate_calls
from bench.harness import REPO, percentiles, workspace, write_results
from nlp.search_ranking import RankWeights

EXAMPLES = REPO / "examples" / "calls"
NOT_TRANSCRIPTS = {"README.md", "roster.json"}
Call = tuple[str, bytes, bytes | None]

QUERY_TEMPLATES = [
    # objections
    "too expensive for {team}", "price is higher than our budget", "we built this in-house",
    "security review will take months", "procurement is slow", "worried about adoption",
    "locked into {tool} contract", "legal concerns about read access to {service}",
    "we don't have bandwidth {timeframe}", "shelfware from the last tool we bought",
    "my boss wants to build it ourselves", "can we start without {feature}",
    "need {feature} before security signs off", "not sure {person} will approve",
    # pains
    "nobody owns the cloud bill", "surprise invoice on {service}", "tags are a mess",
    "finance finds out about {metric} too late", "manual reconciliation every month",
    "dev clusters running all weekend", "spreadsheet breaks every quarter",
    "why did {metric} go up", "{service} costs climbing",
    # analogies
    "like a gym membership nobody uses", "fuel gauge taped over",
    "hotel room you never sleep in", "leaky faucet water bill", "thermostat analogy",
    "smoke detector for the invoice", "fitbit for the cloud bill",
    # personas and buying process
    "who signs off on the purchase", "what does {person} care about",
    "head of platform engineering with {team}", "CFO asking about cloud waste",
    "VP of engineering budget owner", "{industry} customer results",
    # value and next steps
    "how much did customers save on {metric}", "pilot on one account",
    "pricing based on spend under management", "send a one-pager to forward",
    "how long does setup take", "replace {tool}",
]
INDUSTRIES = ["logistics", "fintech", "healthcare", "gaming", "retail", "media"]
SERVICES = ["EKS", "RDS", "S3", "BigQuery", "Lambda", "GPU instances", "data transfer"]


PREFIXES = ["", "prospects saying ", "how reps answer ", "examples of ", "calls where ",
            "quotes about ", "when buyers mention "]


def make_queries(n: int, seed: int) -> list[str]:
    """`n` distinct queries (the API caches query vectors per text).

    Short search-box phrasings from the templates, with and without a lead-in; past the
    few hundred of those, the first 5-10 words of generated call sentences.
    """
    rng = random.Random(seed)
    fill = {**SLOTS, "industry": INDUSTRIES, "service": SERVICES}
    out: dict[str, None] = {}
    for _ in range(n * 20):
        if len(out) >= n:
            break
        text = rng.choice(PREFIXES) + rng.choice(QUERY_TEMPLATES)
        for key, values in fill.items():
            text = text.replace("{" + key + "}", rng.choice(values))
        out[text] = None
    while len(out) < n:
        _, data, _ = generate_call(len(out), rng, turns_per_call=2)
        words = data.decode().splitlines()[1].split(":", 1)[1].split()
        out[" ".join(words[:rng.randint(5, 10)]).rstrip(",.?").lower()] = None
    return list(out)[:n]


def example_calls() -> tuple[list[Call], list[str]]:
    """The bundled example transcripts (sidecars paired) and their rep roster."""
    from nlp.parse import find_sidecar
    from nlp.parse.sidecar import is_sidecar_name

    calls: list[Call] = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name in NOT_TRANSCRIPTS or is_sidecar_name(path.name) or not path.is_file():
            continue
        side = find_sidecar(path)
        calls.append((path.name, path.read_bytes(), side.read_bytes() if side else None))
    roster = json.loads((EXAMPLES / "roster.json").read_text()).get("reps", [])
    return calls, roster


def ingest(calls: Sequence[Call], roster: Sequence[str]) -> dict[str, Any]:
    """Jobs for every call, run in-process through `ingest_job`."""
    from workers.ingest import ingest_job
    from workers.runtime import get_runtime

    rt = get_runtime()
    if roster:
        rt.store.roster.replace(roster)
    t0 = time.perf_counter()
    job_ids = [rt.store.jobs.create_ingest(filename=n, data=d, sidecar=s) for n, d, s in calls]
    outcomes = [ingest_job(j, rt) for j in job_ids]
    failed = [f"{j.filename}: {j.error}" for j in map(rt.store.jobs.get, job_ids)
              if j and j.state == "failed"]
    return {"calls": len(calls), "succeeded": sum(o.state == "succeeded" for o in outcomes),
            "failed": failed, "seconds": round(time.perf_counter() - t0, 2),
            "sentences": rt.store.feed.searchable_count(rt.pipeline.embedder.name)}


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, log: Path, timeout: float = 180.0) -> subprocess.Popen[bytes]:
    """uvicorn with the app factory, this process's CALLSIFT_* env; returns once /health answers."""
    import httpx

    cmd = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=dict(os.environ), stdout=log.open("wb"),
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {proc.returncode}:\n{log.read_text()}")
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
            if health.json().get("index", {}).get("ok"):
                return proc
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"uvicorn did not become healthy in {timeout:.0f} s:\n{log.read_text()}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server we started (and only it)."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def measure_http(port: int, warmup: Sequence[str], queries: Sequence[str],
                 limit: int) -> dict[str, Any]:
    """Sequential GET /search latencies (client-side wall time per request)."""
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for q in warmup:
            client.get("/search", params={"q": q, "limit": limit}).raise_for_status()
        samples, hits, errors = [], [], 0
        for q in queries:
            t0 = time.perf_counter()
            resp = client.get("/search", params={"q": q, "limit": limit})
            samples.append(time.perf_counter() - t0)
            if resp.status_code != 200:
                errors += 1
                continue
            hits.append(len(resp.json()["hits"]))
    return {**percentiles(samples), "errors": errors,
            "mean_hits": round(float(np.mean(hits)), 2) if hits else 0.0}


def timed_each(fn: Callable[[str], Any], warmup: Sequence[str],
               queries: Sequence[str]) -> list[float]:
    """Per-query wall times of `fn`, after a warm-up."""
    for q in warmup:
        fn(q)
    samples = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        samples.append(time.perf_counter() - t0)
    return samples


def measure_floor(warmup: Sequence[str], queries: Sequence[str], limit: int) -> dict[str, Any]:
    """Query encode + exact FAISS search over the stored vectors, nothing else."""
    import faiss

    from nlp.embed import SentenceTransformerEmbedder
    from workers.runtime import get_runtime

    rt = get_runtime()
    emb = SentenceTransformerEmbedder(rt.settings.embedding_model,
                                      rt.settings.embedding_batch_size)
    batches = [v for _, v in rt.store.feed.all_vectors(  # the vectors the API indexes
        emb.name, emb.dim, window_weight=RankWeights().window, searchable_only=True)]
    vecs = np.concatenate(batches) if batches else np.zeros((0, emb.dim), np.float32)
    index = faiss.IndexFlatIP(emb.dim)
    index.add(np.ascontiguousarray(vecs))
    encode_s: list[float] = []

    def floor(q: str) -> None:
        t0 = time.perf_counter()
        qv = emb.embed([q])
        encode_s.append(time.perf_counter() - t0)
        index.search(qv, limit)

    samples = timed_each(floor, warmup, queries)
    return {**percentiles(samples), "index_size": int(index.ntotal),
            "encode_p50_ms": percentiles(encode_s[len(warmup):])["p50_ms"]}


def measure_service(warmup: Sequence[str], queries: Sequence[str],
                    limit: int) -> dict[str, Any]:
    """SearchService.search in this process: everything /search does except HTTP."""
    from api.services import open_services
    from api.settings import get_settings
    from models.schemas import SearchFilters

    services = open_services(get_settings())
    services.keeper.refresh(force=True)
    try:
        samples = timed_each(lambda q: services.search.search(q, SearchFilters(), limit),
                             warmup, queries)
    finally:
        services.store.db.dispose()
    return percentiles(samples)


def report(res: dict[str, Any], console: Console) -> None:
    """The latency table."""
    table = Table(title=f"Search latency ({res['corpus']}, {res['index_size']} sentences, "
                        f"{res['queries']} queries, limit {res['limit']})")
    for col in ("what", "p50 ms", "p95 ms", "p99 ms", "mean ms", "p95 vs floor"):
        table.add_column(col, justify="left" if col == "what" else "right")
    floor_p95 = res["floor"]["p95_ms"]
    for key, label in (("http", "GET /search over HTTP (uvicorn)"),
                       ("service", "SearchService.search in-process"),
                       ("floor", "floor: encode + IndexFlatIP")):
        r = res[key]
        table.add_row(label, f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['p99_ms']:.1f}",
                      f"{r['mean_ms']:.1f}", f"{r['p95_ms'] / floor_p95:.2f}")
    console.print(table)
    console.print(f"ratio p95 http / p95 floor = {res['ratio']:.2f}; query encode p50 "
                  f"{res['floor']['encode_p50_ms']:.1f} ms; mean hits {res['http']['mean_hits']}; "
                  f"HTTP errors {res['http']['errors']}")


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the table, write bench/results/search.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=40)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--examples", action="store_true", help="ingest examples/calls instead")
    ap.add_argument("--database-url", default=None,
                    help="PostgreSQL server URL; a throwaway database is made beside it")
    args = ap.parse_args(argv)
    console = Console()
    if args.examples:
        calls, roster = example_calls()
        corpus = f"examples/calls ({len(calls)} calls)"
    else:
        calls, roster = list(generate_calls(args.calls, args.seed)), []
        corpus = f"generated ({len(calls)} calls)"
    all_queries = make_queries(args.warmup + args.queries, args.seed)
    warmup, queries = all_queries[:args.warmup], all_queries[args.warmup:]
    with workspace(args.database_url) as env:
        stored = ingest(calls, roster)
        console.print(f"ingested {stored['succeeded']}/{stored['calls']} calls, "
                      f"{stored['sentences']} sentences in {stored['seconds']} s; "
                      f"{len(queries)} distinct queries")
        port = free_port()
        log = Path(env["CALLSIFT_DATA_DIR"]) / "uvicorn.log"
        server = start_server(port, log)
        try:
            http = measure_http(port, warmup, queries, args.limit)
        finally:
            stop_server(server)  # the floor runs alone on the cores
        floor = measure_floor(warmup, queries, args.limit)
        service = measure_service(warmup, queries, args.limit)
    res: dict[str, Any] = {
        "corpus": corpus, "ingest": stored, "index_size": floor["index_size"],
        "queries": len(queries), "limit": args.limit, "http": http, "service": service,
        "floor": floor, "ratio": round(http["p95_ms"] / floor["p95_ms"], 3),
        "ratio_service": round(service["p95_ms"] / floor["p95_ms"], 3),
    }
    report(res, console)
    path = write_results("search", res, vars(args))
    console.print(f"wrote {path}")
    return res


if __name__ == "__main__":
    main()
