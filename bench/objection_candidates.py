"""Objection detector candidates, each trained on the same examples and scored on held-out calls.

    python -m bench.objection_candidates [--mpnet PATH] [--only NAME ...]

Every candidate trains on the hand-written examples plus the tune half of the labelled B2B calls
(bench.objection_export), and is scored on the held-out half (bench.quality_objections_b2b) and on
the held-out half of PersuasionForGood dev. Cost is the encoder's own rate (sentences/s) on the
held-out sentences, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.labelled import by_split, load_calls
from bench.objection_export import call_examples
from bench.quality_objections_b2b import detector_flagger, embed_calls, score

RESULTS = Path(__file__).parent / "results" / "objection_candidates.json"


class MemoEmbedder:
    """An embedder that remembers every text it encoded, so candidates sharing an encoder
    encode each training and test sentence once; `seconds` is the time spent encoding."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.memo: dict[str, Any] = {}
        self.seconds, self.encoded = 0.0, 0

    def embed(self, texts: Sequence[str]) -> Any:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            t0 = time.perf_counter()
            self.memo.update(zip(missing, self.inner.embed(missing), strict=True))
            self.seconds += time.perf_counter() - t0
            self.encoded += len(missing)
        return np.vstack([self.memo[t] for t in texts]) if texts else self.inner.embed([])


def pfg_heldout_f1(detector: Any, embedder: Any) -> dict[str, float] | None:
    """F1 on the held-out half of PersuasionForGood dev, or None without the data."""
    from bench import quality_objections as q

    folder = q.data_dir()
    if folder is None:
        return None
    groups = q.read_dialogues(folder / "annotated_dev_dialog.csv")
    _, held = q.split_halves(list(groups))
    gold, pred = [], []
    for d in held:
        sents = q.to_sentences(groups[d])
        hits = {h.index for h in detector.detect(sents, embedder.embed([s.clean_text
                                                                         for s in sents]))}
        for row, r in zip(range(len(sents)), groups[d], strict=True):
            if r["B4"] == "1":
                gold.append(r["ee_label_1"] in q.GOLD_LABELS)
                pred.append(row in hits)
    return q.prf(gold, pred)


def candidate(name: str, embedder: Any, examples: list[Any], settings: Any,
              held: list[Any]) -> dict[str, Any]:
    from nlp.objection_training import train_objection_model
    from nlp.objections import ClassifierObjectionDetector

    t0 = time.perf_counter()
    model = train_objection_model(embedder, examples, settings)
    train_s = time.perf_counter() - t0
    detector = ClassifierObjectionDetector(model)
    vectors = embed_calls(held, embedder)
    rate = embedder.encoded / embedder.seconds if embedder.seconds else 0.0
    out = {"name": name, "threshold": model.threshold, "train_seconds": round(train_s, 1),
           "encode_sentences_per_s": round(rate, 1),
           "heldout": score(held, detector_flagger(detector), vectors),
           "pfg_heldout": pfg_heldout_f1(detector, embedder)}
    print(json.dumps({k: out[k] for k in ("name", "threshold", "encode_sentences_per_s")}
                     | {k: out["heldout"][k] for k in ("precision", "recall", "f1",
                                                       "category_accuracy", "decoy_rate")}
                     | {"pfg_f1": (out["pfg_heldout"] or {}).get("f1")}), flush=True)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    from nlp.embed import SentenceTransformerEmbedder, load_embedder
    from nlp.objection_training import Example, TrainingSettings, load_examples

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mpnet", default=None, help="folder of all-mpnet-base-v2")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    halves = by_split(load_calls())
    written = [e for e in load_examples() if not e.source.startswith("call:")]
    tune_rows = [Example(text=r["text"], label=r["label"], prev=tuple(r.get("prev", ())),
                         neighbours=tuple(r.get("neighbours", ())), id=r["id"],
                         source=r["source"], split=r["split"])
                 for r in call_examples(halves["tune"])]
    minilm = MemoEmbedder(load_embedder())
    plans: list[tuple[str, Any, list[Any], Any]] = [
        ("minilm written-only, context", minilm, written, TrainingSettings()),
        ("minilm written+tune, no context", minilm, written + tune_rows,
         TrainingSettings(with_context=False)),
        ("minilm written+tune, context", minilm, written + tune_rows, TrainingSettings()),
        ("minilm written+tune, context, C=4", minilm, written + tune_rows,
         TrainingSettings(c=4.0)),
    ]
    if args.mpnet:
        mpnet = MemoEmbedder(SentenceTransformerEmbedder(args.mpnet, batch_size=32))
        plans += [("mpnet written+tune, context", mpnet, written + tune_rows,
                   TrainingSettings())]
    results = [candidate(name, emb, ex, st, halves["heldout"]) for name, emb, ex, st in plans
               if not args.only or name in args.only]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
