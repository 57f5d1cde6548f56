"""The labelled B2B calls (bench/labelled_calls/) read through callsift's own parser and pipeline.

Each call is parsed and split into sentences exactly as ingest does (roles resolved from its
metadata, or inferred), and every quote of its answer key is mapped to the sentence rows it covers,
so benches score detectors row by row. `split` is "tune" or "heldout" (split.json).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from models.domain import ParsedCall, Sentence
from nlp.parse import parse_transcript
from nlp.parse.sidecar import find_sidecar

ROOT = Path(__file__).parent / "labelled_calls"
SPLITS = ("tune", "heldout")
# Set by `bench.quality --smoke` before anything loads: only the first N calls of each split.
CALLS_PER_SPLIT: int | None = None


def _norm(text: str) -> str:
    """Same length as the input, so offsets survive: straight quotes, lower case."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace(
        "\u201c", '"').replace("\u201d", '"').lower()


@dataclass
class LabelledCall:
    """One call: its key, its split, and the sentences the pipeline made of it."""

    stem: str
    key: dict[str, Any]
    split: str
    parsed: ParsedCall
    sentences: list[Sentence]
    missing: list[str] = field(default_factory=list)

    def rows(self, quote: str, speaker: str | None = None) -> list[int]:
        """Sentence rows whose text overlaps the quote (in the speaker's turns when given)."""
        want = _norm(quote).strip()
        found: list[int] = []
        for t_index, turn in enumerate(self.parsed.turns):
            if speaker and turn.speaker.strip().lower() != speaker.strip().lower():
                continue
            text = _norm(turn.text)
            start = text.find(want)
            if start < 0:
                continue
            end = start + len(want)
            found += [i for i, s in enumerate(self.sentences) if s.turn_index == t_index
                      and s.char_start < end and s.char_end > start]
            if found:
                break
        if not found and speaker:
            return self.rows(quote)  # speaker spelt differently in the key: match by text
        if not found:
            self.missing.append(quote)
        return found

    def labelled_rows(self, section: str) -> list[tuple[list[int], dict[str, Any]]]:
        """(rows, entry) for every entry of a key section such as "objections"."""
        return [(self.rows(e["quote"], e.get("speaker")), e) for e in self.key.get(section, [])]


def split_of() -> dict[str, str]:
    """stem -> "tune" | "heldout"."""
    path = ROOT / "split.json"
    if not path.is_file():
        return {}
    doc = json.loads(path.read_text("utf-8"))
    return {stem: name for name in SPLITS for stem in doc.get(name, [])}


def transcript_files() -> dict[str, Path]:
    """stem -> transcript path, for every key that has one."""
    out = {}
    for key in sorted((ROOT / "keys").glob("*.json")):
        for path in sorted((ROOT / "calls").glob(key.stem + ".*")):
            if not path.name.endswith(".meta.json"):
                out[key.stem] = path
                break
    return out


def parse_file(path: Path) -> ParsedCall:
    """Parse a transcript with its sidecar, as `callsift ingest` would."""
    sidecar = find_sidecar(path)
    return parse_transcript(path.read_bytes(), filename=path.name,
                            sidecar=sidecar.read_bytes() if sidecar else None)


@cache
def load_calls(splits: tuple[str, ...] = SPLITS,
               roster: tuple[str, ...] = ()) -> list[LabelledCall]:
    """Every labelled call in the given splits, analysed by the default pipeline."""
    from nlp.pipeline import Pipeline
    from nlp.segment import load_segmenter

    segmenter = load_segmenter()
    analyse = Pipeline(segmenter=segmenter, embedder=None, objections=None)  # type: ignore[arg-type]
    splits_by_stem = split_of()
    calls: list[LabelledCall] = []
    for stem, path in transcript_files().items():
        split = splits_by_stem.get(stem)
        if split not in splits or (CALLS_PER_SPLIT is not None and sum(
                c.split == split for c in calls) >= CALLS_PER_SPLIT):
            continue
        parsed = parse_file(path)
        analysed = analyse.analyze(parsed, roster)
        key = json.loads((ROOT / "keys" / f"{stem}.json").read_text("utf-8"))
        calls.append(LabelledCall(stem=stem, key=key, split=split, parsed=parsed,
                                  sentences=analysed.sentences))
    return calls


def by_split(calls: Sequence[LabelledCall]) -> dict[str, list[LabelledCall]]:
    """Calls grouped as {"tune": [...], "heldout": [...]}."""
    return {name: [c for c in calls if c.split == name] for name in SPLITS}
