"""Search quality on the labelled B2B calls: paraphrased queries, and queries nothing answers.

All labelled calls are ingested through the real path (parse, pipeline, detectors, store) into a
throwaway workspace, and every query is run through SearchService against the whole corpus. A
query belongs to the half of the call whose key wrote it. Per half:

- hit@10: share of queries with a labelled quote among the top 10 hits;
- recall@10: share of a query's labelled quotes found in the top 10, averaged over queries;
- off-topic: share of the written nonsense/off-topic queries that return no hits (target 1.0).

Peers in the same run, on the same stored sentences: plain dense (exact cosine of the query with
every sentence vector) and BM25 alone (the same stems, every sentence). A quote counts as found
when a hit is one of its sentence rows (bench/labelled.py maps quotes to rows).

Run: python -m bench.quality_search            (the rows also appear in python -m bench.quality)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench import labelled
from bench.harness import workspace

OFFTOPIC = labelled.ROOT / "offtopic_queries.json"
K = 10


@dataclass
class Query:
    """One labelled query: its half, text, and the sentence ids of each labelled quote."""

    split: str
    text: str
    quotes: list[set[int]]


def _ingest(calls: Sequence[labelled.LabelledCall]) -> dict[str, int]:
    """Ingest the calls' files in-process; stem -> stored call id."""
    from api.uploads import IncomingFile, create_jobs
    from nlp.parse.sidecar import find_sidecar
    from workers.ingest import ingest_job
    from workers.runtime import get_runtime

    rt = get_runtime()
    files = labelled.transcript_files()
    items = []
    for c in calls:
        path = files[c.stem]
        side = find_sidecar(path)
        items.append(IncomingFile(path.name, path.read_bytes(),
                                  side.read_bytes() if side else None))
    _, job_ids = create_jobs(rt.store, items, rt.settings.max_upload_bytes)
    out = {}
    for c, job_id in zip(calls, job_ids, strict=True):
        ingest_job(job_id, rt)
        job = rt.store.jobs.get(job_id)
        if job is None or job.call_id is None:
            raise RuntimeError(f"{c.stem} did not ingest: {job.error if job else 'no job'}")
        out[c.stem] = job.call_id
    return out


def _queries(store: Any, calls: Sequence[labelled.LabelledCall],
             call_ids: dict[str, int]) -> list[Query]:
    from sqlalchemy import select

    from models import tables as t

    out = []
    for c in calls:
        with store.db.session() as s:
            ids = {(ti, si): sid for sid, ti, si in s.execute(
                select(t.Sentence.id, t.Sentence.turn_idx, t.Sentence.sent_idx)
                .where(t.Sentence.call_id == call_ids[c.stem]))}
        for q in c.key.get("queries", []):
            quotes = []
            for quote in q["quotes"]:
                rows = c.rows(quote)
                quotes.append({ids[(c.sentences[r].turn_index, c.sentences[r].sent_index)]
                               for r in rows})
            out.append(Query(c.split, q["query"], quotes))
    return out


def score(queries: Sequence[Query], top: Callable[[str], list[int]]) -> dict[str, Any]:
    """hit@10 and recall@10 per half for a function query -> ranked sentence ids."""
    out: dict[str, Any] = {}
    for split in labelled.SPLITS:
        mine = [q for q in queries if q.split == split]
        if not mine:
            continue
        hits = recall = 0.0
        for q in mine:
            found = set(top(q.text)[:K])
            got = sum(bool(rows & found) for rows in q.quotes)
            hits += got > 0
            recall += got / len(q.quotes)
        out[split] = {"hit_at_10": round(hits / len(mine), 3),
                      "recall_at_10": round(recall / len(mine), 3), "queries": len(mine)}
    return out


def offtopic(top: Callable[[str], list[int]]) -> dict[str, Any]:
    """Share of off-topic queries with no hits, per half."""
    doc = json.loads(OFFTOPIC.read_text("utf-8"))
    out = {}
    for split in labelled.SPLITS:
        qs = doc[split]
        empty = [q for q in qs if not top(q)]
        out[split] = {"no_hits": round(len(empty) / len(qs), 3), "queries": len(qs),
                      "answered": [q for q in qs if q not in empty]}
    return out


class Peers:
    """Plain dense and BM25-alone rankings over every stored sentence."""

    def __init__(self, services: Any) -> None:
        from sqlalchemy import select

        from models import tables as t
        from nlp.search_text import Bm25

        self.embedder = services.embedder
        with services.store.db.session() as s:
            rows = s.execute(select(t.Sentence.id, t.Sentence.text_hash,
                                    t.Sentence.keywords)).all()
        vecs = services.store.calls.cached_vectors(self.embedder.name, [r[1] for r in rows])
        self.ids = np.array([r[0] for r in rows])
        self.matrix = np.stack([vecs[r[1]] for r in rows])
        self.docs = [(r[2] or "").split() for r in rows]
        self.df: dict[str, int] = {}
        for doc in self.docs:
            for w in set(doc):
                self.df[w] = self.df.get(w, 0) + 1
        self.bm25 = Bm25(len(self.docs), float(np.mean([len(d) for d in self.docs])))

    def dense(self, query: str) -> list[int]:
        sims = self.matrix @ self.embedder.embed([query])[0]
        return [int(self.ids[i]) for i in np.argsort(-sims)[:K]]

    def keyword(self, query: str) -> list[int]:
        from nlp.search_text import query_stems

        stems = query_stems(query)
        scores = np.array([self.bm25.score(stems, d, self.df) for d in self.docs])
        order = [i for i in np.argsort(-scores)[:K] if scores[i] > 0]
        return [int(self.ids[i]) for i in order]


def evaluate(smoke: bool = False) -> dict[str, Any]:
    """Every search row: the service, its peers, and off-topic queries, per half."""
    if not labelled.transcript_files():
        return {"skipped": "bench/labelled_calls has no calls"}
    calls = labelled.load_calls()  # a few per half under `bench.quality --smoke`
    with workspace():
        from api.services import open_services
        from api.settings import get_settings
        from models.schemas import SearchFilters

        call_ids = _ingest(calls)
        services = open_services(get_settings())
        services.phrasings.ranked()  # as after a Phrasings page visit: the coined-phrasing boost
        queries = _queries(services.store, calls, call_ids)

        def ours(q: str) -> list[int]:
            return [h.sentence_id for h in services.search.search(q, SearchFilters(), K).hits]

        peers = Peers(services)
        return {"search": score(queries, ours), "dense": score(queries, peers.dense),
                "bm25": score(queries, peers.keyword), "offtopic": offtopic(ours),
                "calls": len(calls), "smoke": smoke}


if __name__ == "__main__":
    print(json.dumps(evaluate(), indent=2))
