"""How the search weights and the relevance floor were chosen: a grid on the tune half only.

Ingests the tune-half labelled calls as bench.quality_search does, collects each tune query's
candidates once per window share (the index is rebuilt for each), then ranks them under every
combination of keyword and insight boosts. Prints the best combinations by hit@10 and, for the
best one, the top score of every real and every off-topic tune query: the floor goes between.
The held-out half is never read (its calls are not even ingested, so absolute figures differ
from bench.quality_search, which searches all 45 calls).

Run: python -m bench.search_tune
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

from bench import labelled, quality_search
from bench.harness import workspace

GRID = {"keyword": (0.0, 0.05, 0.1), "objection": (0.0, 0.04, 0.1),
        "category": (0.0, 0.03, 0.06), "phrasing": (0.0, 0.1, 0.2), "persona": (0.0, 0.03)}
WINDOWS = (0.0, 0.5)


def main() -> None:
    """Print the grid's best rows and the floor evidence."""
    calls = labelled.load_calls(("tune",))
    off = json.loads(quality_search.OFFTOPIC.read_text("utf-8"))["tune"]
    with workspace(), tempfile.TemporaryDirectory() as tmp:
        from api.index_keeper import IndexKeeper
        from api.services import open_services
        from api.settings import get_settings
        from models.schemas import SearchFilters
        from nlp.index import IndexParams
        from nlp.search_intent import read_intent
        from nlp.search_ranking import RankWeights, rank
        from nlp.search_text import query_stems

        call_ids = quality_search._ingest(calls)
        sv = open_services(get_settings())
        sv.phrasings.ranked()  # so the coined-phrasing boost is in play
        queries = quality_search._queries(sv.store, calls, call_ids)
        svc = sv.search
        for window in WINDOWS:
            svc.keeper = IndexKeeper(sv.store.feed, Path(tmp) / f"w{window}.faiss",
                                     model=sv.embedder.name, dim=sv.embedder.dim,
                                     params=IndexParams(), window_weight=window)
            svc.weights = RankWeights(window=window)
            pool = {}
            for text in [q.text for q in queries] + off:
                intent = read_intent(text)
                pool[text] = (intent, svc.candidates(text, SearchFilters(), intent,
                                                     query_stems(text))[0])
            rows = []
            for combo in itertools.product(*GRID.values()):
                w = RankWeights(window=window, floor=-1.0, **dict(zip(GRID, combo, strict=True)))
                hits = sum(any(rows_ & {r.sentence_id for r in rank(
                    pool[q.text][1], pool[q.text][0], w)[:10]} for rows_ in q.quotes)
                    for q in queries)
                rows.append((hits / len(queries), dict(zip(GRID, combo, strict=True))))
            rows.sort(key=lambda r: -r[0])
            print(f"window share {window}: best hit@10 on the tune half ({len(queries)} queries)")
            for score, weights in rows[:5]:
                print(f"  {score:.3f}  {weights}")
            best = RankWeights(window=window, floor=-1.0, **rows[0][1])

            tops = {t: rank(pool[t][1], pool[t][0], best) for t in pool}
            score = {t: round(r[0].score, 3) if r else 0.0 for t, r in tops.items()}
            print(f"  top scores, real queries: {sorted(score[q.text] for q in queries)}")
            print(f"  top scores, off-topic:    {sorted(score[t] for t in off)}")


if __name__ == "__main__":
    main()
