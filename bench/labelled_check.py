"""Validate the labelled B2B calls and their answer keys (stdlib only, so writers can run it).

    python -m bench.labelled_check               # every key
    python -m bench.labelled_check --prefix w1   # one writer's files
    python -m bench.labelled_check --split       # (re)write split.json: tune / heldout by call

Checks: each key names an existing transcript; every quote is copied exactly from it; labels use the
guide's vocabularies; no call shares a 6-word sequence with the objection training examples (the set
must be written apart from them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).parent / "labelled_calls"
CALLS, KEYS, SPLIT = ROOT / "calls", ROOT / "keys", ROOT / "split.json"
TRAINING = Path(__file__).parent.parent / "nlp" / "data" / "objection_examples.jsonl"

CATEGORIES = {"price", "timing", "authority", "no_need", "competitor", "trust", "implementation",
              "contract"}
DECOY_KINDS = {"neutral_question", "agreement", "past_problem_solved", "joke", "rep_anticipation",
               "positive_feedback", "logistics", "self_introduction", "goal", "budget_fact",
               "competitor_mention"}
SENIORITY = {"c_level", "vp", "head", "director", "manager", "lead", "ic"}
INDUSTRIES = {"manufacturing", "construction", "travel", "retail", "e-commerce", "legal",
              "insurance", "telecom", "energy", "healthcare", "logistics", "public-sector",
              "edtech", "media", "gaming", "fintech", "real-estate", "saas", "automotive",
              "food-and-beverage"}
CALL_TYPES = {"discovery", "demo", "negotiation", "renewal", "cold"}
OUTCOMES = {"won", "lost", "open"}
NGRAM = 6
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words with straight apostrophes, for n-gram comparison."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def transcript_path(stem: str) -> Path | None:
    """The transcript file for a key's stem (not its .meta.json sidecar)."""
    for path in sorted(CALLS.glob(stem + ".*")):
        if not path.name.endswith(".meta.json"):
            return path
    return None


def transcript_text(path: Path) -> str:
    """The spoken text a quote must be found in: utterance texts for JSON, else the raw file."""
    raw = path.read_text("utf-8")
    if path.suffix == ".json":
        doc = json.loads(raw)
        return "\n".join(u.get("text", "") for u in doc.get("utterances", []))
    return raw


def quotes_of(key: dict) -> list[tuple[str, str, str | None]]:
    """(section, quote, speaker) for every quote in a key."""
    out: list[tuple[str, str, str | None]] = []
    for section in ("objections", "decoys", "coined", "scripted", "not_coined"):
        out += [(section, e["quote"], e.get("speaker")) for e in key.get(section, [])]
    for p in key.get("personas", []):
        for field in ("team_size", "company_size"):
            if p.get(field):
                out.append((f"personas.{field}", p[field]["quote"], p.get("speaker")))
        for field in ("tools", "pains", "goals"):
            out += [(f"personas.{field}", e["quote"], p.get("speaker")) for e in p.get(field, [])]
    for q in key.get("queries", []):
        out += [("queries", quote, None) for quote in q.get("quotes", [])]
    return out


def check_key(key_path: Path, training: set[tuple[str, ...]]) -> list[str]:
    """Every problem with one key and its transcript."""
    problems: list[str] = []
    try:
        key = json.loads(key_path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        return [f"not valid JSON: {exc}"]
    stem = key_path.stem
    if key.get("call") != stem:
        problems.append(f"'call' is {key.get('call')!r}, expected {stem!r}")
    path = transcript_path(stem)
    if path is None:
        return problems + [f"no transcript calls/{stem}.*"]
    try:
        text = transcript_text(path)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return problems + [f"transcript unreadable: {exc}"]
    for field, allowed in (("industry", INDUSTRIES), ("call_type", CALL_TYPES),
                           ("outcome", OUTCOMES)):
        if key.get(field) not in allowed:
            problems.append(f"{field} {key.get(field)!r} not one of {sorted(allowed)}")
    for section, quote, speaker in quotes_of(key):
        if not quote or quote not in text:
            problems.append(f"{section}: quote not found verbatim: {quote!r}")
        if speaker and speaker not in path.read_text("utf-8"):
            problems.append(f"{section}: speaker {speaker!r} not in the transcript")
    problems += [f"objection category {o.get('category')!r}: {o['quote']!r}"
                 for o in key.get("objections", []) if o.get("category") not in CATEGORIES]
    problems += [f"decoy kind {d.get('kind')!r}: {d['quote']!r}"
                 for d in key.get("decoys", []) if d.get("kind") not in DECOY_KINDS]
    problems += [f"seniority {p.get('seniority')!r} for {p.get('speaker')!r}"
                 for p in key.get("personas", [])
                 if p.get("seniority") is not None and p.get("seniority") not in SENIORITY]
    for q in key.get("queries", []):
        if not q.get("quotes"):
            problems.append(f"query without quotes: {q.get('query')!r}")
    shared = ngrams(text) & training
    problems += [f"shares a {NGRAM}-gram with the training examples: {' '.join(g)!r}"
                 for g in sorted(shared)]
    return problems


def training_ngrams(include_calls: bool = False) -> set[tuple[str, ...]]:
    """6-grams of the objection training examples (texts and their context sentences).

    Rows exported from the tune calls are left out unless asked for: they are those calls."""
    grams: set[tuple[str, ...]] = set()
    if not TRAINING.exists():
        return grams
    for line in TRAINING.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("source", "written").startswith("call:") and not include_calls:
            continue
        for field in ("text", "prev", "neighbours"):
            value = row.get(field) or []
            for text in [value] if isinstance(value, str) else value:
                grams |= ngrams(text)
    return grams


def write_split(stems: list[str]) -> dict[str, list[str]]:
    """Half of each writer's calls to tune, half held out; seeded by a hash of the name."""
    by_writer: dict[str, list[str]] = {}
    for stem in stems:
        by_writer.setdefault(stem.split("-", 1)[0], []).append(stem)
    split: dict[str, list[str]] = {"tune": [], "heldout": []}
    for writer, group in by_writer.items():
        # the offset depends on the writer alone, so adding a writer never moves another's calls
        offset = int(hashlib.sha256(writer.encode()).hexdigest(), 16) % 2
        ordered = sorted(group, key=lambda s: hashlib.sha256(s.encode()).hexdigest())
        for j, stem in enumerate(ordered):
            split["tune" if (j + offset) % 2 == 0 else "heldout"].append(stem)
    split = {k: sorted(v) for k, v in split.items()}
    SPLIT.write_text(json.dumps(split, indent=1) + "\n", "utf-8")
    return split


def summary(keys: list[dict]) -> str:
    """Counts a reader wants before trusting the set."""
    cats = Counter(o["category"] for k in keys for o in k.get("objections", []))
    kinds = Counter(d["kind"] for k in keys for d in k.get("decoys", []))
    fields = Counter(f for k in keys for p in k.get("personas", []) for f in
                     ("tools", "pains", "goals") for _ in p.get(f, []))
    lines = [f"{len(keys)} calls; industries {len({k.get('industry') for k in keys})}, "
             f"formats {dict(Counter(k.get('format') for k in keys))}",
             f"call types {dict(Counter(k.get('call_type') for k in keys))}, "
             f"outcomes {dict(Counter(k.get('outcome') for k in keys))}",
             f"objections {sum(cats.values())} {dict(cats)}",
             f"decoys {sum(kinds.values())} {dict(kinds)}",
             f"coined uses {sum(len(k.get('coined', [])) for k in keys)} in "
             f"{len({c['cluster'] for k in keys for c in k.get('coined', [])})} clusters",
             f"persona evidence {dict(fields)}",
             f"queries {sum(len(k.get('queries', [])) for k in keys)}"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", default="", help="only keys whose name starts with this")
    parser.add_argument("--split", action="store_true", help="write split.json")
    args = parser.parse_args()
    training = training_ngrams()
    key_paths = sorted(p for p in KEYS.glob(args.prefix + "*.json"))
    bad = 0
    keys = []
    for path in key_paths:
        problems = check_key(path, training)
        bad += bool(problems)
        for problem in problems:
            print(f"{path.name}: {problem}")
        try:
            keys.append(json.loads(path.read_text("utf-8")))
        except json.JSONDecodeError:
            pass
    print(summary(keys))
    if args.split:
        split = write_split([p.stem for p in sorted(KEYS.glob("*.json"))])
        print(f"split.json: {len(split['tune'])} tune, {len(split['heldout'])} heldout")
    print(f"{len(key_paths) - bad} of {len(key_paths)} keys clean")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
