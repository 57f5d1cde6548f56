"""Which sentences the persona rules read, and who the prospects are.

Prospect sentences are read, plus two kinds of rep sentences: a rep recap the prospect confirms
straight away ("FinchPay is 120 people, all on GCP" -> "Right."), and a rep naming a prospect's
title ("So you're VP of Engineering, Rachel"). Each kind of source starts at its own confidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from models.domain import Participant, Sentence
from nlp.persona_lexicons import load_lexicons

BASE_CONFIDENCE = {"metadata": 1.0, "speech": 0.8, "rep_recap": 0.6, "rep_attribution": 0.6}
QUESTION = re.compile(r"\?\s*$")
REP_MARGIN = 2.5


def norm_quotes(text: str) -> str:
    """Straighten curly quotes (same length, so offsets survive)."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


@dataclass(frozen=True)
class Target:
    """A sentence to tag: its index, why it is read (the source) and its straightened text."""

    index: int
    source: str
    text: str


@dataclass(frozen=True)
class People:
    """Who the prospects are (from metadata and speaker roles), their names and companies."""

    prospects: tuple[Participant, ...]
    prospect_speakers: frozenset[str]
    first_names: Mapping[str, str]  # lower-case first name -> speaker
    vendor: str | None
    companies: tuple[str, ...]
    names: frozenset[str] = frozenset()  # everyone on the call, as metadata and speakers say

    @classmethod
    def build(cls, sentences: Sequence[Sentence], participants: Sequence[Participant]) -> People:
        speakers = {s.speaker.casefold(): s.role for s in sentences}
        reps = [p for p in participants
                if p.role == "rep" or speakers.get(p.name.casefold()) == "rep"]
        vendor = next((p.company for p in reps if p.company), None)
        prospects = tuple(p for p in participants if p not in reps and (
            p.role == "prospect" or speakers.get(p.name.casefold()) == "prospect"
            or (vendor is not None and p.company is not None and p.company != vendor)))
        names = {s.speaker for s in sentences if s.role == "prospect"}
        names |= {p.name for p in prospects}
        companies = tuple(dict.fromkeys(p.company for p in prospects if p.company))
        everyone = frozenset({s.speaker for s in sentences} | {p.name for p in participants})
        return cls(prospects, frozenset(names),
                   {n.split()[0].casefold(): n for n in sorted(names) if n.split()},
                   vendor, companies, everyone)


def with_inferred_roles(sentences: Sequence[Sentence]) -> list[Sentence]:
    """When no speaker is known to be a prospect, call the most seller-like speakers reps.

    Sellers say "you" more and "we"/"I" less, ask more of the questions, use the seller cues of
    `nlp/roles.py` and usually open the call. The top scorer is a rep, and so is anyone within
    REP_MARGIN of them, up to half the speakers; everyone else is read as a prospect.
    """
    unknown = [s for s in sentences if s.role == "unknown"]
    if any(s.role == "prospect" for s in sentences) or not unknown:
        return list(sentences)
    scores = _seller_scores(unknown)
    if len(scores) < 2:
        return list(sentences)
    ranked = sorted(scores, key=lambda k: -scores[k])
    top = scores[ranked[0]]
    reps = {ranked[0]} | {k for k in ranked[1:len(ranked) // 2] if scores[k] >= top - REP_MARGIN}
    return [s.model_copy(update={"role": "rep" if s.speaker in reps else "prospect"})
            if s.role == "unknown" else s for s in sentences]


def _seller_scores(sentences: Sequence[Sentence]) -> dict[str, float]:
    words: dict[str, int] = defaultdict(int)
    counts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0.0])
    for s in sentences:
        text = norm_quotes(s.text)
        c = counts[s.speaker]
        words[s.speaker] += len(text.split())
        c[0] += len(re.findall(r"\byou(?:r|rs|'re|'ll|'d|'ve)?\b", text, re.I))
        c[1] += len(re.findall(r"\b(?:we|we're|we've|our|us|i|i'm|i've|my|me)\b", text, re.I))
        c[2] += bool(QUESTION.search(text))
        c[3] += 1
        c[4] += sum(w for rx, w in _cues()[0] if rx.search(text))
        c[4] -= sum(w for rx, w in _cues()[1] if rx.search(text))
    first = sentences[0].speaker
    return {k: 100 * c[0] / max(words[k], 1) - 50 * c[1] / max(words[k], 1) + 10 * c[2] / c[3]
            + c[4] / c[3] + (1.0 if k == first else 0.0) for k, c in counts.items()}


@cache
def _cues() -> tuple[list[tuple[re.Pattern[str], float]], list[tuple[re.Pattern[str], float]]]:
    from nlp.roles import PROSPECT_CUES, REP_CUES

    return ([(re.compile(p, re.I), w) for p, w in REP_CUES],
            [(re.compile(p, re.I), w) for p, w in PROSPECT_CUES])


def find_targets(sentences: Sequence[Sentence], people: People) -> list[Target]:
    """Prospect sentences, rep recaps the prospect confirms, and rep 'you're <title>' lines."""
    recap = _confirmed_recaps(sentences, people)
    out = []
    for i, s in enumerate(sentences):
        text = norm_quotes(s.text)
        if s.role == "prospect":
            out.append(Target(i, "speech", text))
        elif s.role == "rep" and i in recap:
            out.append(Target(i, "rep_recap", text))
        elif s.role == "rep" and re.search(r"\byou(?:'re| are)\b", text, re.I):
            out.append(Target(i, "rep_attribution", text))
    return out


def _confirmed_recaps(sentences: Sequence[Sentence], people: People) -> set[int]:
    """Rep sentences in the turns right before a prospect turn that opens by agreeing."""
    affirm = "|".join(re.escape(a) for a in load_lexicons()["affirmations"])
    opener = re.compile(rf"^\W*(?:{affirm})\b(?!.*\?\s*$)", re.I)
    refers = [r"\byou(?:r|'re)?\b"] + [re.escape(n) for n in people.first_names]
    refers += [re.escape(c.split()[0]) for c in people.companies if c.split()]
    mentions_prospect = re.compile("|".join(refers), re.I)
    turns: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        turns[s.turn_index].append(i)
    order = sorted(turns)
    out: set[int] = set()
    for pos, t in enumerate(order[1:], start=1):
        first = sentences[turns[t][0]]
        if first.role != "prospect" or not opener.search(norm_quotes(first.text)):
            continue
        block: list[int] = []
        for prev in reversed(order[:pos]):
            if sentences[turns[prev][0]].role != "rep":
                break
            block = turns[prev] + block
        block = block[-8:]
        if any(mentions_prospect.search(norm_quotes(sentences[i].text)) for i in block):
            out |= set(block)
    return out
