"""Team and company sizes from spoken counts, kept apart by what the count is said about.

Every count in a sentence (`nlp/persona_numbers.py`) is a size only when a person noun follows it
("650 people", "twelve engineers", "a 300-person studio") or a size frame holds it ("a team of
twelve", "headcount is about 900", "we're about 650 across the company"). Whether it is the team
or the company comes from the nearest cue: "my team", "report to me", "I manage" and function
words ("finance is six people") mean the team; "company", "employees", "headcount", "org-wide",
"in total" mean the company. Role nouns ("40 engineers") count as the speaker's team.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from models.domain import Sentence
from nlp.persona_industry import PASSING
from nlp.persona_lexicons import load_lexicons
from nlp.persona_numbers import NumberSpan, find_numbers, parse_number
from nlp.persona_targets import QUESTION, Target, norm_quotes
from nlp.persona_types import Maker, Mention, PersonaSignal

__all__ = ["BANDS", "SizeMention", "company_band", "find_sizes", "parse_number", "size_signals"]

BANDS = (("smb", 200), ("mid-market", 1000), ("enterprise", None))
NOT_A_COUNT = re.compile(
    r"^\s*(?:%|percent|per ?cent|k\b|grand|dollars|bucks|euros|pounds|quid|usd|eur|gbp|bn|"
    r"billion|million(?!\s+(?:people|employees))|x\b|times|years?|months?|weeks?|days?|hours?|"
    r"minutes?|seconds?|o'clock|[ap]\.?m\b|quarters?|am\b|pm\b|th\b|st\b|nd\b|rd\b|"
    r"a (?:month|year|week|day)|per\b|an hour|more\b|extra\b|additional\b|new\b)", re.I)
CURRENCY_BEFORE = re.compile(r"(?:[$£€]|\busd|\beur|\bgbp)\s*$", re.I)
TEAM_BEFORE = re.compile(
    r"(?:\b(?:team|squad|crew|department|unit|desk|division)(?:'s| is| are| has| of| was|"
    r" sits at| at)|\bi (?:have|manage|run|lead|oversee|look after|'ve got|have got|got)|"
    r"\bi've got|\bthere(?:'s| are| is) (?:like )?(?:only |just )?|\bwe(?:'re| are) a team of|"
    r"\b(?:my|our) (?:\w+ )?group(?:'s| is| are| has)|\bmy (?:\w+ )?(?:org|side)(?:'s| is| are))"
    r"(?:\s+(?:APPROX))*\s*$", re.I)
COMPANY_BEFORE = re.compile(  # the company is the subject: "Ordway's about 260 people"
    r"(?:\bheadcount(?:'s| is| of| at| around| sits at)?|\bemploy(?:s|ing)?|\bstaff of|\bout of|"
    r"\b(?:company|org|organi[sz]ation|business|firm|group|whole place)(?:'s| is| of| has| are)|"
    r"\bwe(?:'re| are) an? (?:\w+ )?(?:company|business|firm|outfit|group) of|"
    r"\b(?!(?:It|That|This|There|Which|What|Who|He|She|They|Everything|Everyone|Yeah|So|And|But|"
    r"Now|Here|Mine|Ours)\b)(?-i:[A-Z])[\w&-]+(?:'s| is| are| has| employs))"
    r"(?:\s+(?:APPROX))*\s*$", re.I)
WE_BEFORE = re.compile(r"(?:\bwe(?:'re| are)|\bwe have|\bwe've got|\bthere(?:'s| are| is))"
                       r"(?:\s+(?:APPROX))*\s*$", re.I)
TEAM_CUE = re.compile(
    r"\b(?:my (?:team|group|department|dept|org|side|crew|squad|function|direct reports?)|"
    r"our team|the team|(?:on|in) (?:the|our) \w+ (?:team|side|department)|"
    r"reports? (?:in)?to me|reporting (?:in)?to me|report up to me|under me|directly|"
    r"direct reports?|i manage|i run|i lead|i oversee|i look after|team of|of us (?:on|in))\b",
    re.I)
COMPANY_CUE = re.compile(
    r"(?:\b(?:company|companywide|company-wide|org-wide|organi[sz]ation|(?:the|our) (?:whole )?org|"
    r"employees|headcount|employ|business-wide|in total|total|overall|globally|worldwide|"
    r"all in|all told|all-in|whole (?:place|company|business|firm|group)|across (?:the )?"
    r"(?:company|business|group|firm|org|board|sites|locations|offices|countries|regions|"
    r"plants|stores|all)|the firm|the business)\b)", re.I)
NOT_HEADCOUNT_BEFORE = re.compile(
    r"\b(?:takes?|took|taking|needs?|needed|requires?|required|with|for|by|from|per|"
    r"among|every|each|those|these|the|other|invite|invited|email|emailed|train|trained|"
    r"call|called|meet|met|seats?|licen[cs]es?|users?|serve|serves|sell|sold|help|helps|about "
    r"how|only|if|when)(?:\s+(?:APPROX))*\s*$", re.I)
ABOUT_OTHERS = re.compile(r"\byou(?:'re| are|r| guys| have|'ve)\b|\b(?:he|she|they)(?:'s| is| are|"
                          r"'re| has| have)\b|\bbefore \w+ i was\b|\bi was at\b", re.I)
SUBSET = re.compile(r"\b(?:of whom|of which|of those|of them|including)(?:\s+\w+)?\s*$", re.I)
JUST_ME_AND_ONE = re.compile(r"\b(?:it's|it is|just|only) me and an? (?!lot\b|bit\b|few\b)"
                             r"[a-z-]+", re.I)
ME_AND = re.compile(r"\b(?:me|myself)\s+(?:and|plus)\s+(?:like\s+|maybe\s+|about\s+)?$", re.I)
MY_TEAM = re.compile(r"\b(?:my|our|your) (?:team|group|department|function)\b", re.I)
PEOPLE_TALK = re.compile(r"\bhow (?:big|many|large)\b|\bpeople\b|\bheadcount\b|\bemployees\b|"
                         r"\bsize\b|\bstaff\b|\bof you\b", re.I)


@dataclass(frozen=True)
class SizeMention:
    """A count judged to be a size: team_size or company_size, with what it counts."""

    kind: str
    number: int
    start: int
    end: int
    qualifier: str
    strength: float  # 1.0 for an explicit cue, lower for a default reading


@cache
def _vocab() -> Mapping[str, Any]:
    sizes = load_lexicons()["sizes"]
    approx = "|".join(re.escape(a) for a in sizes["approximators"])
    return {
        "people": frozenset(sizes["people_nouns"]),
        "company_people": frozenset(sizes["company_nouns"]),
        "roles": frozenset(sizes["role_nouns"]),
        "orgs": frozenset(sizes["org_nouns"]),
        "teams": frozenset(sizes["team_words"]),
        "functions": frozenset(sizes["function_nouns"]),
        "modifiers": frozenset(sizes["modifiers"]),
        "exclude": frozenset(sizes["exclude_before"]),
        "team_before": re.compile(TEAM_BEFORE.pattern.replace("APPROX", approx), re.I),
        "company_before": re.compile(COMPANY_BEFORE.pattern.replace("APPROX", approx), re.I),
        "we_before": re.compile(WE_BEFORE.pattern.replace("APPROX", approx), re.I),
        "function_before": re.compile(
            rf"\b(?:{'|'.join(re.escape(f) for f in sizes['function_nouns'])})"
            rf"(?: team| side| department| group| org)?(?:(?:'s| is| are| has| sits at)"
            rf"(?:\s+(?:{approx}))*|(?:\s+(?:{approx}))+)\s*$", re.I),
        "not_headcount": re.compile(NOT_HEADCOUNT_BEFORE.pattern.replace("APPROX", approx), re.I),
    }


def company_band(size: int | None) -> str | None:
    """smb (<200 people), mid-market (200-999) or enterprise (1000+)."""
    if size is None:
        return None
    return next(name for name, limit in BANDS if limit is None or size < limit)


def _noun_after(after: str) -> tuple[str, str, int] | None:
    """(noun class, noun, end offset) of the person or org noun a count is followed by."""
    v = _vocab()
    pos, skipped = 0, 0
    for m in re.finditer(r"\s*(-\s*)?([a-z][a-z&'-]*|\+)", after.lower()):
        if m.start() != pos:
            break
        pos = m.end()
        word = m.group(2).rstrip("'")
        following = (re.match(r"\s*([a-z][a-z&'-]*)", after[pos:].lower()) or [""])[0].strip()
        if word in {"person", "people", "man", "strong", "employee"} and (
                following in v["orgs"] or following in v["teams"]):
            continue  # "a 300-person studio", "a forty-ish person business"
        two = word + " " + following
        for noun in (two, word):
            for cls in ("people", "roles", "orgs", "teams"):
                if noun in v[cls]:
                    return cls, noun, pos + (len(two) - len(word) + 1 if noun == two else 0)
        if word in v["modifiers"] or word in {"+", "odd", "ish", "or", "so", "plus"}:
            continue
        skipped += 1
        if skipped > 2 or word in {"and", "of", "in", "at", "on", "for", "to", "per", "with",
                                    "a", "an", "the", "each", "every", "from", "by", "than"}:
            break
    return None


def _nearest_cue(before: str, after: str) -> str | None:
    """'team' or 'company', whichever cue sits nearest the count in its sentence."""
    best: tuple[int, str] | None = None
    for kind, pattern in (("team", TEAM_CUE), ("company", COMPANY_CUE)):
        for m in pattern.finditer(before):
            d = len(before) - m.end()
            if best is None or d < best[0]:
                best = (d, kind)
        m2 = pattern.search(after)
        if m2 and re.search(r"[,;.]", after[:m2.start()]):
            m2 = None  # "900 people, my group is seven": the cue is about the next count
        if m2 and (best is None or m2.start() < best[0]):
            best = (m2.start(), kind)
    return best[1] if best and best[0] <= 60 else None


def find_sizes(text: str, earlier: str = "") -> list[SizeMention]:
    """Every team or company size stated in one sentence (earlier: what was said just before)."""
    text = norm_quotes(text)
    out: list[SizeMention] = []
    alone = JUST_ME_AND_ONE.search(text)
    if alone:  # "it's me and a part-timer"
        out.append(SizeMention("team_size", 2, alone.start(), alone.end(), "team", 1.0))
    for n in find_numbers(text):
        found = _size_of(text, n, earlier)
        if found is not None:
            out.append(found)
    return out


def _size_of(text: str, n: NumberSpan, earlier: str) -> SizeMention | None:
    v = _vocab()
    before, after = text[:n.start], text[n.end:]
    last_words = re.findall(r"[a-z']+", before.lower())[-2:]
    clause = re.split(r"[.;!?]|\bbut\b", before)[-1]
    if ABOUT_OTHERS.search(clause) or PASSING.search(clause[-90:]):
        return None  # "you're a sixty-person company", "my last job had twelve lawyers"
    if n.value == 1 and re.search(r"\b(?:the|this|that|no|any|every|each|which)\s*$", before, re.I):
        return None  # "the one data person": a determiner, not a count
    if n.value <= 0 or CURRENCY_BEFORE.search(before) or SUBSET.search(before) or (
            not ME_AND.search(before) and any(w in v["exclude"] for w in last_words)):
        return None
    noun = _noun_after(after)
    if noun is None and NOT_A_COUNT.match(after):
        return None
    if noun is None and 1900 <= n.value <= 2100 and "," not in n.text:
        return None
    cue = _nearest_cue(before, after)

    def make(kind: str, qualifier: str, strength: float) -> SizeMention:
        return SizeMention(kind, n.value, n.start, n.end, qualifier, strength)

    if ME_AND.search(before):  # "me and two other engineers"
        return SizeMention("team_size", n.value + 1, n.start, n.end, "team", 1.0)
    if noun is not None:
        cls, word, _ = noun
        if cls == "orgs":
            return make("company_size", "people", 0.9) if re.match(r"\s*-?\s*(?:person|people|"
                                                                    r"employee|man|strong)",
                                                                    after, re.I) else None
        if cls == "teams":
            return make("team_size", "team", 1.0) if re.match(r"\s*-?\s*(?:person|people|man|"
                                                              r"strong)", after, re.I) else None
        if cls == "roles":
            mine = cue == "team" or v["team_before"].search(before)
            return make("team_size", word, 1.0 if mine else 0.8)
        function = _function_before(before) or _function_after(after)
        if function or v["team_before"].search(before):
            return make("team_size", function or "team", 1.0)
        if v["company_before"].search(before):
            return make("company_size", "people", 1.0)
        if word in v["company_people"] and cue != "team":
            return make("company_size", "people", 1.0)
        if cue is not None:
            return make(f"{cue}_size", "team" if cue == "team" else "people", 1.0)
        if v["not_headcount"].search(before):
            return None  # "it takes five people three days": a count, not a headcount
        if MY_TEAM.search(earlier) and re.search(r"\bwe(?:'re| are)\b[^,.]*$", before, re.I):
            return make("team_size", "team", 0.8)
        return make("company_size", "people", 0.8)
    return _bare_count(before, after, cue, earlier, make)


def _bare_count(before: str, after: str, cue: str | None, earlier: str,
                make: Callable[[str, str, float], SizeMention]) -> SizeMention | None:
    """A count with no noun after it: a size only inside a frame ("a team of twelve")."""
    v = _vocab()
    function = _function_after(after)
    if function and not NOT_A_COUNT.match(after):
        return make("team_size", function, 1.0)  # "maybe 30 in engineering"
    ends = re.match(r"\s*(?:[,.;:!?]|$|-?ish\b|or so\b|strong\b|now\b|today\b|total\b|"
                    r"overall\b|in total\b|of us\b|across\b|company\b|all in\b|give or take\b|"
                    r"and (?:growing|counting)\b|on (?:my|the|our) team\b|in (?:my|the|our)\b|"
                    r"globally\b|worldwide\b|who\b|that\b|reporting\b|report\b|plus\b|but\b|"
                    r"if\b|maybe\b|something\b|at\b)", after, re.I)
    if not ends:
        return None
    said_of = _function_before(before)
    if said_of:
        return make("team_size", said_of, 1.0)
    if v["team_before"].search(before):
        return make("team_size", "team", 1.0)
    if v["company_before"].search(before):
        return make("company_size", "people", 1.0)
    if re.match(r"\s*of us\b", after, re.I):
        return make(f"{cue or 'team'}_size", "people" if cue == "company" else "team", 0.8)
    if v["we_before"].search(before):
        if cue is not None:
            return make(f"{cue}_size", "team" if cue == "team" else "people", 1.0)
        if MY_TEAM.search(earlier):
            return make("team_size", "team", 0.8)
        if PEOPLE_TALK.search(earlier):
            return make("company_size", "people", 0.7)  # "How big are you?" "We're about 650."
        return None
    if cue == "company" and re.match(r"\s*(?:across|company|total|overall|in total|globally|"
                                     r"worldwide|all in|at)\b", after, re.I):
        return make("company_size", "people", 0.9)
    return None


def _function_before(before: str) -> str | None:
    """'finance is six people', 'the ops team's about twelve': the function counted, if named."""
    found = _vocab()["function_before"].search(before)
    if not found or found.group().startswith(("it ", "it'", "It ", "It'")):
        return None  # "it's about forty people" is not the IT team
    word: str = re.findall(r"[a-z&]+", found.group().lower())[0]
    return word


def _function_after(after: str) -> str | None:
    """'six people in finance', 'twelve on the ops side': the function counted, if named."""
    v = _vocab()
    m = re.match(r"\s*(?:\w+\s+){0,2}?(?:in|on|across|within|for)\s+(?:the\s+|my\s+|our\s+)?"
                 r"([a-z&]+(?:\s[a-z&]+)?)", after.lower())
    if not m:
        return None
    words = m.group(1).split()
    for cand in (" ".join(words), words[0]):
        if cand in v["functions"]:
            return cand
    return None


def _context_rows(sentences: Sequence[Sentence], index: int) -> list[int]:
    """Up to three earlier sentences of the same turn, and the end of the turn before it."""
    turn = sentences[index].turn_index
    rows = [i for i in range(max(0, index - 3), index) if sentences[i].turn_index == turn]
    prev = [i for i in range(max(0, index - 6), index) if sentences[i].turn_index == turn - 1]
    return prev[-2:] + rows


def size_signals(sentences: Sequence[Sentence], target: Target, base: float,
                 make: Maker) -> list[PersonaSignal]:
    """Team and company sizes stated in one target sentence, as signals."""
    earlier = " ".join(norm_quotes(sentences[i].text) for i in _context_rows(sentences,
                                                                               target.index))
    out = []
    for size in find_sizes(target.text, earlier):
        conf = round(base * (0.75 + 0.25 * size.strength), 3)
        if QUESTION.search(target.text):
            conf = min(conf, 0.3)
        m = Mention("SIZE", size.kind, target.text[size.start:size.end], size.start, size.end)
        out.append(make(size.kind, str(size.number), m, conf, number=size.number,
                        qualifier=size.qualifier))
    return out
