"""Signals from one target sentence's mentions, each kept, discounted or dropped by its context.

Titles, tools, competitors, industries and NER organisations are handled here; sizes in
`nlp/persona_sizes.py`, pain and goal cues in `nlp/persona_cues.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from models.domain import Sentence
from nlp.persona_cues import cue_signal, drop_nested_cues
from nlp.persona_industry import industry_mentions
from nlp.persona_lexicons import classify_title, load_lexicons
from nlp.persona_sizes import size_signals
from nlp.persona_targets import BASE_CONFIDENCE, QUESTION, People, Target
from nlp.persona_types import Maker, Mention, PersonaSignal

SELF_TITLE = re.compile(r"\b(?:i'm|i am|as|my (?:title|role) is|i work as)\s+(?:the |a |an |our )?"
                        r"(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}, )?$", re.I)
OPENER = re.compile(r"^\W*(?:(?:so|yeah|yes|well|and|um|uh|sure|right|hi|hey)\W+)*$", re.I)
YOU_ARE = re.compile(r"\byou(?:'re| are)\s+(?:the |our |a |an )?$", re.I)
NEGATED = re.compile(r"\b(?:don't|do not|doesn't|never|not|no longer|moved off|got rid of|"
                     r"instead of|rather than|stopped using)\b[^.,;]{0,25}$", re.I)
USAGE_CUE = re.compile(r"\b(?:we use|we're using|we are using|we're on|we are on|we run on|"
                       r"we moved to|we migrated to|we switched to|we're all|we rely on)\s+$", re.I)


def sentence_signals(sentences: Sequence[Sentence], target: Target,
                     mentions: Sequence[Mention], people: People) -> list[PersonaSignal]:
    """Every signal the tagger's mentions in one target sentence support."""
    s = sentences[target.index]
    base = BASE_CONFIDENCE[target.source]
    out: list[PersonaSignal] = []
    lexicon_spans = [(m.start, m.end) for m in mentions if m.label in {"TOOL", "COMPETITOR"}]

    def make(kind: str, value: str, m: Mention, conf: float, **kw: Any) -> PersonaSignal:
        return PersonaSignal(kind, value, target.index, s.text, s.char_start + m.start,
                             s.char_start + m.end, s.speaker, round(conf, 3), target.source, **kw)

    for m in mentions:
        if m.label == "TITLE":
            out += _speech_title(s, target, m, people)
        elif target.source == "rep_attribution":
            continue
        elif m.label == "TOOL":
            out += _tool_signals(target.text, m, base, make)
        elif m.label == "COMPETITOR":
            out.append(make("competitor", m.key, m, base))
        elif m.label == "ORG" and target.source == "speech":
            overlaps = any(a < m.end and m.start < b for a, b in lexicon_spans)
            known = {c.casefold() for c in (*people.companies, people.vendor or "")}
            if (not overlaps and m.text.casefold() not in known
                    and USAGE_CUE.search(target.text[:m.start])):
                out.append(make("tool", m.text, m, 0.5, qualifier="ner"))
        elif m.label.startswith(("PAIN_", "GOAL_")) and target.source == "speech":
            out += cue_signal(sentences, target, m)
    if target.source != "rep_attribution":
        out += size_signals(sentences, target, base, make)
        out += _industry_signals(target.text, people, base, make)
    return drop_nested_cues(out)


def _tool_signals(text: str, m: Mention, base: float, make: Maker) -> list[PersonaSignal]:
    conf, qualifier = base, None
    if QUESTION.search(text):
        conf, qualifier = 0.3, "question"
    elif re.match(r"-[a-z]", text[m.end:m.end + 2]):
        conf, qualifier = 0.3, "modifier"  # "AWS-first": a description, not their stack
    elif NEGATED.search(text[:m.start]):
        conf, qualifier = 0.3, "negated"
    out = [make("tool", m.key, m, conf, qualifier=qualifier)]
    for implied in _implies().get(m.text.casefold(), ()):
        out.append(make("tool", implied, m, conf, qualifier=f"implied by {m.text}"))
    return out


@cache
def _implies() -> Mapping[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in load_lexicons()["tools"]:
        for alias in entry["aliases"] + entry.get("case_sensitive", []):
            if entry.get("implies"):
                out[alias.casefold()] = tuple(entry["implies"])
    return out


def _industry_signals(text: str, people: People, base: float,
                      make: Maker) -> list[PersonaSignal]:
    """Industry words weighted by the statement they sit in (nlp/persona_industry.py)."""
    scale = base / BASE_CONFIDENCE["speech"]
    return [make("industry", m.industry, Mention("INDUSTRY", m.industry, m.term, m.start, m.end),
                 m.weight * scale, qualifier=m.how)
            for m in industry_mentions(text, company_names=people.companies)]


def title_signals(title: str, index: int | None, evidence: str, start: int | None,
                  end: int | None, speaker: str | None, conf: float,
                  source: str) -> list[PersonaSignal]:
    """The title itself plus the seniority and function it implies."""
    level, func = classify_title(title)
    values = [("title", title), ("seniority", level), ("function", func)]
    return [PersonaSignal(kind, value, index, evidence, start, end, speaker, conf, source)
            for kind, value in values if value]


def _speech_title(s: Sentence, target: Target, m: Mention,
                  people: People) -> list[PersonaSignal]:
    before, after = target.text[:m.start], target.text[m.end:]
    speaker: str | None
    if target.source == "speech":
        short = len(target.text.split()) <= 8
        if not (SELF_TITLE.search(before) or (OPENER.match(before) and short)):
            return []
        speaker = s.speaker
    elif YOU_ARE.search(before):
        named = re.match(r"\s*,\s*([A-Za-z]+)", after)
        addressed = re.search(r"([A-Za-z]+)\s+you(?:'re| are)\s+\S*\s*$", before)
        found = named or addressed
        name = found.group(1).casefold() if found else ""
        speaker = people.first_names.get(name)
        if speaker is None and len(people.prospect_speakers) == 1:
            speaker = next(iter(people.prospect_speakers))
    else:
        return []
    return title_signals(m.text, target.index, s.text, s.char_start + m.start,
                         s.char_start + m.end, speaker, BASE_CONFIDENCE[target.source],
                         target.source)
