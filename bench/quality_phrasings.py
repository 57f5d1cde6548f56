"""Quality of rep-coined phrasings on the labelled B2B calls, per half, next to a cue-word baseline.

Phrasings are ranked corpus-wide over one half's calls at a time (the tune calls together, then
the held-out calls together), as the service ranks a workspace's calls. The half's rep roster
comes from the calls' metadata, as a workspace configures its reps. Figures per half:

- precision@10: a ranked phrasing is a hit when its quoted sentence(s) overlap a labelled coined
  quote's rows (bench/labelled.py maps quotes to the pipeline's sentence rows);
- cluster recall: a labelled cluster (one image, all its uses) is recalled when one of its uses
  is in some found phrasing;
- leaks: scripted lines and not-coined lines (small talk with "like", plain product talk) that
  sit in any found phrasing;
- whole-image rate: of the found uses of labelled images (including quotes of only the sentence
  next to the image in its turn, a tail), those whose quote covers every row of the labelled quote;
- grouping purity: of the found phrasings that touch a labelled cluster, those whose labelled
  members all belong to that one cluster; and completeness: of the recalled clusters, those whose
  found uses all sit in one phrasing (the others are split).

The baseline is figurative cue words only: every rep sentence with "like", "as if", "think of",
"imagine", "picture", "analogy" or "metaphor", one phrasing each, more cues first.
The sample calls (examples/calls) keep their precision@10 against bench/labels/.

Run: python -m bench.quality_phrasings
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.labelled import LabelledCall, load_calls, parse_file, transcript_files
from nlp.embed import Embedder, load_embedder
from nlp.parse import find_sidecar, parse_transcript
from nlp.phrasings import CorpusSentence, Phrasing, rank_phrasings
from nlp.roles import assign_roles
from nlp.segment import load_segmenter
from nlp.sentences import split_sentences

REPO = Path(__file__).resolve().parents[1]
CALLS = REPO / "examples" / "calls"
LABELS = REPO / "bench" / "labels" / "sample_phrasings.json"
RESULTS = REPO / "bench" / "results" / "quality_phrasings.json"
SKIP = {"README.md", "roster.json"}
K = 10
BASELINE_CUES = re.compile(
    r"\b(?:like|as if|as though|think of|imagine|picture|analogy|metaphor)\b", re.I)
Key = tuple[int, int]  # (call index in the half, sentence row in that call)


@dataclass
class Half:
    """One half's rep sentences as a corpus, with each corpus row's (call, sentence row)."""

    calls: list[LabelledCall]
    corpus: list[CorpusSentence]
    keys: list[Key]
    outcomes: dict[int, str]


def _rep_roster() -> tuple[str, ...]:
    """Rep names from the calls' metadata (never the keys): what a workspace puts on its roster."""
    names = {p.name for path in transcript_files().values()
             for p in parse_file(path).meta.participants if p.role == "rep"}
    return tuple(sorted(names))


def load_half(split: str) -> Half:
    """The half's calls through the real pipeline, and its rep sentences as one corpus."""
    calls = load_calls((split,), _rep_roster())
    corpus: list[CorpusSentence] = []
    keys: list[Key] = []
    outcomes: dict[int, str] = {}
    for ci, call in enumerate(calls):
        outcomes[ci] = call.parsed.meta.outcome
        turns = call.parsed.turns
        for row, s in enumerate(call.sentences):
            if s.role != "rep":
                continue
            nxt = turns[s.turn_index + 1] if s.turn_index + 1 < len(turns) else None
            nxt_sent = next((x for x in call.sentences if x.turn_index == s.turn_index + 1), None)
            reaction = nxt.text if nxt and nxt_sent is not None and nxt_sent.role != "rep" else None
            corpus.append(CorpusSentence(
                sentence_id=len(corpus), call_id=ci, speaker=s.speaker, role="rep", text=s.text,
                turn_index=s.turn_index, next_turn_text=reaction))
            keys.append((ci, row))
    return Half(calls=calls, corpus=corpus, keys=keys, outcomes=outcomes)


def _labels(half: Half, section: str) -> list[tuple[set[Key], dict[str, Any]]]:
    return [({(ci, r) for r in rows}, entry) for ci, call in enumerate(half.calls)
            for rows, entry in call.labelled_rows(section)]


def _quote_keys(half: Half, p: Phrasing) -> list[set[Key]]:
    """Per variant, the (call, row) keys of the sentences its quote spans."""
    return [{half.keys[i] for i in (v.sentence_ids or (v.sentence_id,))} for v in p.variants]


def _beside(half: Half, lab: set[Key], keys: set[Key]) -> bool:
    """True when a quote is only a neighbour of the labelled image in its turn (its tail)."""
    def turn(key: Key) -> tuple[int, int]:
        return key[0], half.calls[key[0]].sentences[key[1]].turn_index

    return any(turn(k) == turn(x) and abs(k[1] - x[1]) == 1 for k in keys for x in lab)


def score_half(half: Half, ranked: Sequence[Phrasing]) -> dict[str, Any]:
    """Precision@K, cluster recall, leaks, whole-image rate and grouping purity for one half."""
    coined = _labels(half, "coined")
    clusters = {e["cluster"] for _, e in coined}
    found_keys = [_quote_keys(half, p) for p in ranked]

    def cluster_of(keys: set[Key]) -> set[str]:
        return {e["cluster"] for lab, e in coined if lab & keys}

    top: list[dict[str, Any]] = []
    for rank, (p, vkeys) in enumerate(zip(ranked[:K], found_keys, strict=False), start=1):
        hit = bool(cluster_of(vkeys[0]))
        top.append({"rank": rank, "text": p.text, "hit": hit, "uses": len(p.variants),
                    "calls": len(p.calls), "total": round(p.total, 3)})
    hits = sum(r["hit"] for r in top)
    recalled: dict[str, set[int]] = {}
    whole = used = 0
    pure = touching = 0
    for pi, vkeys in enumerate(found_keys):
        labels_here = [cluster_of(k) for k in vkeys]
        named = set().union(*labels_here) if labels_here else set()
        for c in named:
            recalled.setdefault(c, set()).add(pi)
        if named:
            touching += 1
            pure += len(named) == 1
        for k in vkeys:
            for lab, _ in coined:
                if lab & k or _beside(half, lab, k):
                    used += 1
                    whole += lab <= k
    everything = set().union(*(k for vk in found_keys for k in vk)) if found_keys else set()
    leaks = {sec: [e["quote"] for lab, e in _labels(half, sec) if lab & everything]
             for sec in ("scripted", "not_coined")}
    return {
        "calls": len(half.calls), "rep_sentences": len(half.corpus), "phrasings": len(ranked),
        "precision_at_10": round(hits / K, 3), "hits_at_10": hits,
        "precision_all": round(sum(bool(cluster_of(k[0])) for k in found_keys)
                               / max(1, len(found_keys)), 3),
        "cluster_recall": round(len(recalled) / max(1, len(clusters)), 3),
        "clusters_recalled": len(recalled), "clusters": len(clusters),
        "clusters_missed": sorted(clusters - set(recalled)),
        "scripted_leaked": len(leaks["scripted"]), "not_coined_leaked": len(leaks["not_coined"]),
        "leaked": leaks["scripted"] + leaks["not_coined"],
        "whole_image_rate": round(whole / used, 3) if used else None,
        "grouping_purity": round(pure / touching, 3) if touching else None,
        "clusters_split": sorted(c for c, ps in recalled.items() if len(ps) > 1),
        "grouping_completeness": round(sum(len(ps) == 1 for ps in recalled.values())
                                       / len(recalled), 3) if recalled else None,
        "top": top,
    }


def baseline_rank(corpus: Sequence[CorpusSentence], vectors: np.ndarray,
                  outcomes: dict[int, str]) -> list[Phrasing]:
    """Figurative cue words only: one phrasing per rep sentence with a cue, more cues first."""
    from nlp.phrasings import singleton_phrasing

    scored = [(len(BASELINE_CUES.findall(s.text)), i) for i, s in enumerate(corpus)
              if s.role == "rep" and BASELINE_CUES.search(s.text)]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [singleton_phrasing(g, i, corpus[i], float(n)) for g, (n, i) in enumerate(scored)]


Ranker = Callable[[Sequence[CorpusSentence], np.ndarray, dict[int, str]], list[Phrasing]]


def run_half(split: str, embedder: Embedder, rankers: dict[str, Ranker]) -> dict[str, Any]:
    """Each ranker over the half's calls together, scored against the half's keys."""
    half = load_half(split)
    vectors = embedder.embed([s.text for s in half.corpus])
    out = {}
    for name, rank in rankers.items():
        t0 = time.perf_counter()
        ranked = rank(half.corpus, vectors, half.outcomes)
        out[name] = score_half(half, ranked) | {"seconds": round(time.perf_counter() - t0, 2)}
    return out


# --- the sample calls (examples/calls): precision@10 against hand labels -----------------------

def call_paths(folder: Path = CALLS) -> list[Path]:
    """Transcript files in a folder: not sidecars, not the README or roster."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name not in SKIP and not p.name.endswith(".meta.json"))


def load_corpus(folder: Path = CALLS) -> tuple[list[CorpusSentence], dict[int, str]]:
    """Rep sentences of every call (with the prospect turn that followed) and call outcomes."""
    roster = json.loads((folder / "roster.json").read_text())["reps"]
    segmenter = load_segmenter()
    corpus: list[CorpusSentence] = []
    outcomes: dict[int, str] = {}
    for call_id, path in enumerate(call_paths(folder), start=1):
        sidecar = find_sidecar(path)
        parsed = parse_transcript(path.read_bytes(), filename=path.name,
                                  sidecar=sidecar.read_bytes() if sidecar else None)
        roles = assign_roles(parsed, roster)
        outcomes[call_id] = parsed.meta.outcome
        turns = parsed.turns
        for s in split_sentences(parsed, roles, segmenter):
            if s.role != "rep":
                continue
            nxt = turns[s.turn_index + 1] if s.turn_index + 1 < len(turns) else None
            reaction = nxt.text if nxt and roles.get(nxt.speaker) and \
                roles[nxt.speaker].role == "prospect" else None
            corpus.append(CorpusSentence(
                sentence_id=len(corpus), call_id=call_id, speaker=s.speaker, role=s.role,
                text=s.clean_text, turn_index=s.turn_index, next_turn_text=reaction))
    return corpus, outcomes


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def is_hit(text: str, labels: list[str]) -> bool:
    """True when the text contains one of the labelled substrings."""
    return any(_norm(label) in _norm(text) for label in labels)


def sample_precision(embedder: Embedder) -> dict[str, Any]:
    """Precision@10 of the ranking on the sample calls against bench/labels/."""
    labels = json.loads(LABELS.read_text())
    corpus, outcomes = load_corpus()
    ranked = rank_phrasings(corpus, embedder.embed([s.text for s in corpus]), outcomes)
    top: list[dict[str, Any]] = [
        {"rank": i, "text": p.text, "hit": is_hit(p.text, labels["coined"])}
        for i, p in enumerate(ranked[:K], start=1)]
    said = [v.text for p in ranked for v in p.variants]
    found = [lab for lab in labels["coined"] if any(is_hit(t, [lab]) for t in said)]
    return {"precision_at_10": sum(r["hit"] for r in top) / K, "phrasings": len(ranked),
            "label_recall": round(len(found) / len(labels["coined"]), 3), "top": top}


def evaluate(embedder: Embedder | None = None, sample: bool = True) -> dict[str, Any]:
    """{"tune", "heldout"} for the detector, {"baseline": {"tune", "heldout"}}, and the samples."""
    embedder = embedder or load_embedder()
    rankers: dict[str, Ranker] = {"detector": rank_phrasings, "baseline": baseline_rank}
    halves = {split: run_half(split, embedder, rankers) for split in ("tune", "heldout")}
    result: dict[str, Any] = {split: halves[split]["detector"] for split in halves}
    result["baseline"] = {split: halves[split]["baseline"] for split in halves}
    if sample:
        result["sample"] = sample_precision(embedder)
        result["precision_at_k"] = result["sample"]["precision_at_10"]  # bench.quality's row
    return result


TABLE = (("precision@10", "precision_at_10", ">= 0.90"),
         ("coined cluster recall", "cluster_recall", ">= 0.70"),
         ("scripted lines leaked", "scripted_leaked", "0"),
         ("not-coined lines leaked", "not_coined_leaked", "0"),
         ("whole-image rate", "whole_image_rate", "1.00"),
         ("grouping purity", "grouping_purity", "1.00"),
         ("clusters kept in one phrasing", "grouping_completeness", ""),
         ("phrasings found", "phrasings", ""))


def print_report(result: dict[str, Any]) -> None:
    """One table: each measure for tune and held-out, detector next to the baseline."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Coined phrasings, labelled B2B calls (held-out is the real figure)")
    for col in ("measure", "tune", "held-out", "baseline tune", "baseline held-out", "target"):
        table.add_column(col)
    for label, key, target in TABLE:
        table.add_row(label, *(str(d.get(key)) for d in (
            result["tune"], result["heldout"], result["baseline"]["tune"],
            result["baseline"]["heldout"])), target)
    console = Console(width=160)
    console.print(table)
    for split in ("tune", "heldout"):
        r = result[split]
        console.print(f"{split}: missed {r['clusters_missed']}; split {r['clusters_split']}; "
                      f"leaked {r['leaked']}")
        for row in r["top"]:
            console.print(f"  {row['rank']:>2} {'HIT ' if row['hit'] else 'miss'} "
                          f"[{row['uses']} uses/{row['calls']} calls] {row['text']}")
    if "sample" in result:
        console.print(f"sample calls precision@10 = {result['sample']['precision_at_10']:.2f}, "
                      f"label recall {result['sample']['label_recall']:.2f}")


def main() -> None:
    """Evaluate, print and write bench/results/quality_phrasings.json."""
    result = evaluate()
    print_report(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
