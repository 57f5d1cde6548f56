"""Training examples from the tune half of the labelled B2B calls.

    python -m bench.objection_export    # rewrites the call rows of objection_examples.jsonl

Every candidate sentence (what the detector would score: prospect sentences as the pipeline
resolves roles) of a tune call becomes one example: its labelled category when an objection's
quote covers it, else "none", with the rep's preceding sentences and its own turn's neighbours as
context. Held-out calls are never read. Hand-written examples in the file are kept as they are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from bench.labelled import LabelledCall, load_calls
from nlp.objection_features import context_of
from nlp.objection_training import EXAMPLES_PATH, NONE
from nlp.objections import candidate_rows


def call_examples(calls: Sequence[LabelledCall]) -> list[dict[str, object]]:
    """One example row per candidate sentence of the calls."""
    out: list[dict[str, object]] = []
    for call in calls:
        if call.split != "tune":
            raise ValueError(f"{call.stem} is not a tune call; held-out calls never train")
        labels: dict[int, str] = {}
        for rows, entry in call.labelled_rows("objections"):
            labels.update(dict.fromkeys(rows, entry["category"]))
        for row in candidate_rows(call.sentences):
            s = call.sentences[row]
            ctx = context_of(call.sentences, row)
            item: dict[str, object] = {"id": f"{call.stem}#{row}", "text": s.clean_text or s.text,
                                       "label": labels.get(row, NONE)}
            if ctx.prev_rep:
                item["prev"] = list(ctx.prev_rep)
            if ctx.neighbours:
                item["neighbours"] = list(ctx.neighbours)
            item |= {"source": f"call:{call.stem}", "split": "train"}
            out.append(item)
    return out


def main() -> None:
    written = [json.loads(line) for line in EXAMPLES_PATH.read_text("utf-8").splitlines()
               if line.strip() and not json.loads(line).get("source", "").startswith("call:")]
    rows = call_examples(load_calls(("tune",)))
    EXAMPLES_PATH.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                     for r in [*written, *rows]), "utf-8")
    positives = sum(r["label"] != NONE for r in rows)
    print(f"{len(written)} written examples kept; {len(rows)} call sentences "
          f"({positives} objections) from the tune half written to {EXAMPLES_PATH}")


if __name__ == "__main__":
    main()
