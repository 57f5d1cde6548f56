"""Signals from one target sentence's mentions, each kept, discounted or dropped by its context.

Titles, tools and competitors are handled here (tool context in `nlp/persona_tools.py`); sizes
in `nlp/persona_sizes.py`, industries in `nlp/persona_industry.py`, pain and goal cues in
`nlp/persona_cues.py`.
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
from nlp.persona_titles import attributed_titles, spoken_titles
from nlp.persona_tools import evaluated_only, needs_usage_cue, said_of_others, unlisted_tools
from nlp.persona_types import Maker, Mention, PersonaSignal

SELF_TITLE = re.compile(r"\b(?:i'm|i am|as|my (?:title|role) is|i work as)\s+(?:the |a |an |our )?"
                        r"(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}, )?$", re.I)
OPENER = re.compile(r"^\W*(?:(?:so|yeah|yes|well|and|um|uh|sure|right|hi|hey)\W+)*$", re.I)
YOU_ARE = re.compile(r"\byou(?:'re| are)\s+(?:the |our |a |an )?$", re.I)
OURS_BEFORE = re.compile(r"\b(?:our|we(?:'re| are)? (?:use|using|on|run|running|have|still on))"
                         r"\s+(?:\w+\s+){0,2}$", re.I)
NEGATED = re.compile(r"\b(?:(?:don't|do not|doesn't|never|not|no longer|aren't|isn't|wasn't)"
                     r"(?: \w+)? (?:use|using|used|run|running|have|on|in|need|touch|buy|pay for)|"
                     r"moved off|moving off|migrated off|migrating off|got rid of|getting rid of|"
                     r"instead of|rather than|stopped using|replaced|replacing|switched from|"
                     r"switching from|dropped|ditched|cancelled|canceled|"
                     r"used to (?:use|have|run|be on))\b[^.,;]{0,25}$", re.I)


def sentence_signals(sentences: Sequence[Sentence], target: Target,
                     mentions: Sequence[Mention], people: People) -> list[PersonaSignal]:
    """Every signal the tagger's mentions in one target sentence support."""
    s = sentences[target.index]
    base = BASE_CONFIDENCE[target.source]
    out: list[PersonaSignal] = []

    def make(kind: str, value: str, m: Mention, conf: float, **kw: Any) -> PersonaSignal:
        return PersonaSignal(kind, value, target.index, s.text, s.char_start + m.start,
                             s.char_start + m.end, s.speaker, round(conf, 3), target.source, **kw)

    spoken = spoken_titles(target.text, s.speaker) if target.source == "speech" else []
    if target.source == "rep_attribution":
        for t in attributed_titles(target.text):
            who = _addressed(target.text[:t.start], target.text[t.end:], people)
            overlaps = any(m.label == "TITLE" and m.start < t.end and t.start < m.end
                           for m in mentions)
            if who and not _has_metadata_title(who, people) and not overlaps:
                out += title_signals(t.title, target.index, s.text, s.char_start + t.start,
                                     s.char_start + t.end, who, base, target.source)
    if _has_metadata_title(s.speaker, people):
        spoken = [t for t in spoken if t.confidence >= 1.0]  # metadata beats "I look after X"
    for t in spoken:
        out += title_signals(t.title, target.index, s.text, s.char_start + t.start,
                             s.char_start + t.end, s.speaker, round(base * t.confidence, 3),
                             target.source)
    for m in mentions:
        if m.label == "TITLE":
            if not any(t.start < m.end and m.start < t.end for t in spoken):
                out += _speech_title(s, target, m, people)
        elif target.source == "rep_attribution":
            continue
        elif m.label == "TOOL":
            out += _tool_signals(target.text, m, base, make,
                                 recap=target.source == "rep_recap")
        elif m.label == "COMPETITOR":
            out.append(make("competitor", m.key, m, base))
        elif m.label.startswith(("PAIN_", "GOAL_")) and target.source == "speech":
            out += cue_signal(sentences, target, m)
    if target.source != "rep_attribution":
        known = (*people.companies, people.vendor or "", *people.names)
        for name, start, end in unlisted_tools(target.text, mentions, known):
            m = Mention("TOOL", name, name, start, end)
            out += _tool_signals(target.text, m, base * 0.8, make, listed=False,
                                 recap=target.source == "rep_recap")
        out += size_signals(sentences, target, base, make)
        out += _industry_signals(target.text, people, base, make)
    return drop_nested_cues(out)


def _tool_signals(text: str, m: Mention, base: float, make: Maker, *,
                  listed: bool = True, recap: bool = False) -> list[PersonaSignal]:
    conf, qualifier = base, None if listed else "usage"
    if QUESTION.search(text) and not OURS_BEFORE.search(text[:m.start]):
        conf, qualifier = 0.3, "question"  # "does it support Azure?"; but "our Azure" is theirs
    elif re.match(r"-[a-z]", text[m.end:m.end + 2]):
        conf, qualifier = 0.3, "modifier"  # "AWS-first": a description, not their stack
    elif NEGATED.search(text[:m.start]):
        conf, qualifier = 0.3, "negated"
    elif said_of_others(text, m.start, recap=recap):
        conf, qualifier = 0.3, "someone else's"
    elif evaluated_only(text, m.start):
        conf, qualifier = 0.3, "evaluated"
    elif listed and needs_usage_cue(m, text):
        conf, qualifier = 0.3, "no usage cue"  # "Segment one is ...", "the opera"
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


def _has_metadata_title(speaker: str, people: People) -> bool:
    return any(p.title and p.name.casefold() == speaker.casefold() for p in people.prospects)


def _addressed(before: str, after: str, people: People) -> str | None:
    """The prospect a rep's "you're <title>" is said to: named next to it, or the only one."""
    named = re.match(r"\s*,\s*([A-Za-z]+)", after)
    addressed = re.search(r"([A-Za-z]+)\s*,?\s+(?:so\s+)?you(?:'re| are)\s+(?:\S+\s+)?$", before)
    found = named or addressed
    speaker = people.first_names.get(found.group(1).casefold() if found else "")
    if speaker is None and len(people.prospect_speakers) == 1:
        speaker = next(iter(people.prospect_speakers))
    return speaker


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
        speaker = _addressed(before, after, people)
    else:
        return []
    return title_signals(m.text, target.index, s.text, s.char_start + m.start,
                         s.char_start + m.end, speaker, BASE_CONFIDENCE[target.source],
                         target.source)
