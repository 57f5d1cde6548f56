"""How the search weights and the relevance floor were chosen: a grid on the tune half only.

Ingests every labelled call as bench.quality_search does (the held-out calls are only
unlabelled text to search through, as in the evaluation), collects each tune-half query's
candidates once per window share (the index is rebuilt for each), then ranks them under every
combination of keyword and insight boosts. Prints the best combinations by hit@10 (among ties,
rows with every boost on, then the smallest boosts), the best row that keeps every boost on
(what ships: each is a signal the search issue asks for), and for that row the top score of
every real and every off-topic tune query: the floor goes between. No held-out query or label
is read.

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
    calls = labelled.load_calls()
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
        queries = [q for q in quality_search._queries(sv.store, calls, call_ids)
                   if q.split == "tune"]
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
            # ties: rows with every boost on first, then the smallest boosts
            rows.sort(key=lambda r: (-r[0], not all(r[1].values()), sum(r[1].values())))
            print(f"window share {window}: best hit@10 on the tune half ({len(queries)} queries)")
            for score, weights in rows[:5]:
                print(f"  {score:.3f}  {weights}")
            whole = next(r for r in rows if all(r[1].values()))
            print(f"  best with every boost on: {whole[0]:.3f}  {whole[1]}")
            best = RankWeights(window=window, floor=-1.0, **whole[1])

            tops = {t: rank(pool[t][1], pool[t][0], best) for t in pool}
            score = {t: round(r[0].score, 3) if r else 0.0 for t, r in tops.items()}
            print(f"  top scores, real queries: {sorted(score[q.text] for q in queries)}")
            print(f"  top scores, off-topic:    {sorted(score[t] for t in off)}")


if __name__ == "__main__":
    main()
