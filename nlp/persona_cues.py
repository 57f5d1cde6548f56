"""Pains and goals: the phrase a cue ("our biggest headache is ...") introduces."""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.domain import Sentence
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
        else:
            return []
    value = short_phrase(raw)
    if not value:
        return []
    return [PersonaSignal(kind, value, target.index, evidence, s.char_start + m.start,
                          s.char_start + m.end, s.speaker, 0.7, target.source, qualifier=m.text)]


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
