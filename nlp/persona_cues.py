"""Pains and goals: the phrase a cue ("our biggest headache is ...") introduces."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from models.domain import Sentence
from nlp.persona_industry import PAST_JOB
from nlp.persona_sizes import find_sizes
from nlp.persona_targets import QUESTION, Target, norm_quotes
from nlp.persona_types import Mention, PersonaSignal

COPULA = re.compile(r"^\s*(?:,[^,]{0,60},\s*|\s+(?:with|around|for|from|here|now|right now)"
                    r"(?:\s+[^,.]{0,50}?)?\s+|\s+)(?:is|are|was|'s|has been|remains)\s+"
                    r"(?:that\s+|to\s+)?(?P<v>.+)$", re.I | re.S)
ANAPHOR = re.compile(r"\b(?:that|this|which|it)(?:'s| is| was)\s+(?:actually |really |also |"
                     r"honestly |definitely |probably )?$", re.I)
FILLER = re.compile(r"^(?:(?:honestly|basically|like|um|uh|so|just|really|kind of|that|and|"
                    r"literally|actually|because|but|is that|are that)\b[,\s]*)+", re.I)
CLAUSE_END = re.compile(r"[.?!;:]|\s[-–—]\s|,\s(?:but|because|which|so|and|though)\b|\sbecause\s")
CLAUSE_START = re.compile(r"(?:^|[,.;:!?\u2014-]|\b(?:and|but|so|honestly|really|basically|"
                          r"now|also|just|still|because|then|yeah|well|look|i think))\s*$", re.I)


# P(pain) and P(goal) a sentence needs to be reported, checked on the tune half of the labelled
# calls (bench/quality_personas.py): at 0.5, pains ~0.85 recall at ~0.4 precision (many unlabelled
# sentences there are real pains too) and goals ~1.0 at ~0.8. Below 0.5 a profile drops them anyway.
THRESHOLDS = {"pain": 0.5, "goal": 0.5}
# A cue phrase ("the problem is ...") whose sentence the classifier scores below this for the
# cue's kind is dropped: "the problem is it's closer to four hundred now" states no pain.
CUE_VETO = 0.2
CONTENTLESS = re.compile(r"^\W*(?:(?:yeah|yes|so|and|but|honestly|well|look|right|i mean|and "
                         r"yeah)\W+)*(?:that|this|it|which|there)(?:'s| is| was|'ll be)\b",
                         re.I)


REQUEST = re.compile(r"^\W*(?:(?:and|so|oh|also)\W+)?(?:please\b|make sure\b|send\b|let's\b|"
                     r"can you\b|could you\b|remember to\b|put it\b|just send\b)", re.I)
SOLVED_SINCE = re.compile(r"\b(?:but|until|since|and now)\b[^.]*\b(?:fixed|rebuilt|sorted|solved|"
                          r"patched|clean now|fine now|solid since|quiet since|went away|stopped|"
                          r"gone now|been fine|been solid|been clean|been quiet|took care of)\b",
                          re.I)
PROBLEM_WORDS = re.compile(r"\b(?:can't|cannot|nobody|no one|never|still|by hand|manual|chas|"
                           r"lose|losing|lost|miss|late|wait|problem|struggl|every (?:time|week|"
                           r"month|day))", re.I)
LEAD_OFF = re.compile(r"^(?:(?i:yes|yeah|yep|so|and|but|well|honestly|um|uh|look|okay|ok|right|"
                      r"anyway|oh|sure|i mean|to be honest|frankly|basically)\b[,.]?\s+|"
                      r"[A-Z][a-z]+,\s+(?=(?:I|we|you|what|so|if|and|the|can|could|honestly)\b))+")


def has_content(text: str) -> bool:
    """A sentence that says something on its own: six words or more, not 'That's the problem'."""
    words = re.findall(r"[\w'-]+", text)
    return len(words) >= 6 and not (len(words) < 9 and CONTENTLESS.match(text))


def classified_signals(sentences: Sequence[Sentence], targets: Sequence[Target],
                       proba: np.ndarray) -> list[PersonaSignal]:
    """Pains and goals the classifier finds among prospect sentences (proba: LABELS columns)."""
    out: list[PersonaSignal] = []
    for target, p in zip(targets, proba, strict=True):
        if (target.source != "speech" or QUESTION.search(target.text)
                or not has_content(target.text)):
            continue
        kind = "pain" if p[1] >= p[2] else "goal"
        conf = float(p[1] if kind == "pain" else p[2])
        if conf < THRESHOLDS[kind] or not_a_pain_or_goal(target.text, kind):
            continue
        s = sentences[target.index]
        value = gist(target.text)
        if value:
            out.append(PersonaSignal(kind, value, target.index, s.text, s.char_start,
                                     s.char_end, s.speaker, round(conf, 3), target.source,
                                     qualifier="classifier"))
    return out


def not_a_pain_or_goal(text: str, kind: str) -> bool:
    """Sentences the classifier may score high that state no pain or goal of the company's own:
    a request ("make sure the invoice..."), a past job, a problem already fixed, a headcount."""
    if REQUEST.match(text) or PAST_JOB.search(text):
        return True
    if kind == "pain" and (SOLVED_SINCE.search(text)
                           or (any(z.strength >= 1.0 for z in find_sizes(text))
                               and not PROBLEM_WORDS.search(text))):
        return True
    return False


def gist(text: str, max_words: int = 20) -> str:
    """A sentence as a readable value: interjections and names off the front, <= max_words."""
    t = norm_quotes(text).strip()
    t = LEAD_OFF.sub("", t)
    words = t.split()
    phrase = " ".join(words[:max_words]).rstrip(" ,;:-")
    if len(words) > max_words:
        phrase += " ..."
    return phrase[:1].upper() + phrase[1:] if phrase else ""


def merge_pains_and_goals(signals: list[PersonaSignal],
                          scores: Mapping[int, Sequence[float]]) -> list[PersonaSignal]:
    """One pain or goal per sentence: a cue's phrase wins over the classifier's, at the higher
    of their confidences; the classifier's other kind on a cue's sentence is dropped, and a cue
    whose sentence the classifier scores below CUE_VETO for that kind is dropped too
    (scores: sentence row -> (P(pain), P(goal)))."""
    signals = [s for s in signals if s.kind not in {"pain", "goal"}
               or s.qualifier == "classifier" or s.sentence_index is None
               or s.sentence_index not in scores
               or scores[s.sentence_index][s.kind == "goal"] >= CUE_VETO]
    cued = {(s.sentence_index): s for s in signals
            if s.kind in {"pain", "goal"} and s.qualifier != "classifier"}
    out: list[PersonaSignal] = []
    for s in signals:
        if s.kind not in {"pain", "goal"} or s.qualifier != "classifier":
            if s.kind in {"pain", "goal"}:
                boost = next((c.confidence for c in signals if c.qualifier == "classifier"
                              and c.kind == s.kind and c.sentence_index == s.sentence_index), 0.0)
                s = replace(s, confidence=max(s.confidence, boost))
            out.append(s)
        elif s.sentence_index not in cued:
            out.append(s)
    return out


def drop_nested_cues(signals: list[PersonaSignal]) -> list[PersonaSignal]:
    """Two cues in one sentence often name the same pain; keep the first of nested values."""
    kept: list[PersonaSignal] = []
    for s in signals:
        if s.kind in {"pain", "goal"} and any(
                k.kind == s.kind and (k.value in s.value or s.value in k.value) for k in kept):
            continue
        kept.append(s)
    return kept


def cue_signal(sentences: Sequence[Sentence], target: Target,
               m: Mention) -> list[PersonaSignal]:
    """The pain or goal a cue introduces: after it, around it, or in the sentence it points at."""
    if QUESTION.search(target.text):
        return []
    s = sentences[target.index]
    kind = "pain" if m.label.startswith("PAIN") else "goal"
    text, evidence = target.text, s.text
    row, span = target.index, (s.char_start + m.start, s.char_start + m.end)
    if m.label.endswith("_LEAD"):
        if not CLAUSE_START.search(text[:m.start]):
            return []  # "not a problem we need to spend money on": a relative clause
        raw = text[m.end:]
    elif m.label.endswith("_INCL"):
        raw = _clause(text, m.start)
    else:
        found = COPULA.match(text[m.end:])
        if found:
            raw = found.group("v")
        elif ANAPHOR.search(text[:m.start]) and re.fullmatch(r"\s*(?:,.*)?[.!]?\s*", text[m.end:]):
            other = _neighbour(sentences, target.index)
            if other is None:
                return []
            raw = norm_quotes(sentences[other].text)
            evidence = " ".join(sentences[i].text for i in sorted((other, target.index)))
            row, span = other, (sentences[other].char_start, sentences[other].char_end)
        else:
            return []
    value = short_phrase(raw)
    if not value:
        return []
    return [PersonaSignal(kind, value, row, evidence, span[0], span[1], s.speaker, 0.7,
                          target.source, qualifier=m.text)]


def _neighbour(sentences: Sequence[Sentence], index: int) -> int | None:
    """The sentence a 'that's our biggest headache' points at: the one before, else after."""
    turn = sentences[index].turn_index
    for other in (index - 1, index + 1):
        if 0 <= other < len(sentences) and sentences[other].turn_index == turn:
            return other
    return None


def _clause(text: str, at: int) -> str:
    starts = [m.end() for m in re.finditer(r"[,;:]\s*|\.\s+|\b(?:and|but|so|because) ",
                                           text[:at])]
    return text[max(starts, default=0):]


def short_phrase(raw: str, max_words: int = 16) -> str:
    """A short normalised phrase: fillers off the front, cut at the clause end, <= max_words."""
    text = FILLER.sub("", norm_quotes(raw).strip())
    end = CLAUSE_END.search(text)
    words = (text[:end.start()] if end else text).split()[:max_words]
    phrase = " ".join(words).strip(" ,.-\"'")
    if len(phrase) < 3:
        return ""
    first = phrase.split()[0]
    return phrase if first.isupper() and len(first) > 1 else phrase[0].lower() + phrase[1:]
