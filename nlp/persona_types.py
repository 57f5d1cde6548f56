"""The types the persona stages share: mentions from a tagger and the signals made from them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

KINDS = ("title", "seniority", "function", "company", "team_size", "company_size", "industry",
         "tool", "competitor", "pain", "goal")


@dataclass(frozen=True)
class Mention:
    """A rule or NER hit in one text: label, canonical key and character offsets."""

    label: str
    key: str
    text: str
    start: int
    end: int


class PersonaTagger(Protocol):
    """Finds persona mentions (tools, titles, sizes, cues, organisations) in texts."""

    name: str

    def tag(self, texts: Sequence[str]) -> list[list[Mention]]: ...


@dataclass(frozen=True)
class PersonaSignal:
    """One persona fact with the sentence (or metadata) it came from."""

    kind: str
    value: str
    sentence_index: int | None
    evidence: str
    char_start: int | None
    char_end: int | None
    speaker: str | None
    confidence: float
    source: str = "speech"
    number: int | None = None
    qualifier: str | None = None


Maker = Callable[..., PersonaSignal]
