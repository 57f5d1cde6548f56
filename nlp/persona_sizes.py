"""Team and company sizes from spoken counts ("55 engineers", "we're about 1,800 people")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.domain import Sentence
from nlp.persona_lexicons import load_lexicons
from nlp.persona_targets import QUESTION, Target, norm_quotes
from nlp.persona_types import Maker, Mention, PersonaSignal

BANDS = (("smb", 200), ("mid-market", 1000), ("enterprise", None))
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
WORD_NUMBERS |= {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
TEAM_AFTER = re.compile(r"^\s*(?:directly|on (?:my|our|the) team|in (?:my|our) (?:team|group|org)|"
                        r"report(?:ing)? (?:in)?to me|who report)", re.I)
COMPANY_AFTER = re.compile(r"^\s*(?:company[- ]wide|total|in total|overall|globally|worldwide|"
                           r"across the company|company)\b", re.I)
WE_ARE = re.compile(r"\bwe(?:'re| are)\s+(?:only |just |about |around |roughly |maybe )*$", re.I)
MY_TEAM = re.compile(r"\b(?:my|our) team\b", re.I)
MONEY_AFTER = re.compile(r"^\s*(?:%|percent|k\b|grand|thousand|million|dollars|euros|pounds|"
                         r"bucks|a month|a year|per)", re.I)


def parse_number(text: str) -> int | None:
    """'1,800' -> 1800, 'twelve' -> 12, 'twenty-five' -> 25, 'twenty-odd' -> 20, '2k' -> 2000."""
    total, current, seen = 0, 0, False
    text = re.sub(r"\ba couple(?: of)?\b", "two", text.lower())
    text = re.sub(r"\ban? (dozen|hundred|thousand)\b", r"one \1", text)
    for tok in re.findall(r"\d[\d,]*(?:\.\d+)?k?|[a-z]+", text):
        if tok[0].isdigit():
            scale = 1000 if tok.endswith("k") else 1
            try:
                current += round(float(tok.rstrip("k").replace(",", "")) * scale)
            except ValueError:
                continue
            seen = True
        elif tok in WORD_NUMBERS:
            current += WORD_NUMBERS[tok]
            seen = True
        elif tok in SCALES and seen:
            current = max(current, 1) * SCALES[tok]
            if SCALES[tok] >= 1000:
                total, current = total + current, 0
            seen = True
    return total + current if seen else None


def company_band(size: int | None) -> str | None:
    """smb (<200 people), mid-market (200-999) or enterprise (1000+)."""
    if size is None:
        return None
    return next(name for name, limit in BANDS if limit is None or size < limit)


def size_signals(sentences: Sequence[Sentence], target: Target, m: Mention, base: float,
                 make: Maker) -> list[PersonaSignal]:
    """A team or company size from a count, unless it is money, a year or a hiring figure."""
    text, before, after = target.text, target.text[:m.start], target.text[m.end:]
    number = parse_number(m.text)
    if number is None or number <= 0:
        return []
    excluded = set(load_lexicons()["sizes"]["exclude_before"])
    if any(w in excluded for w in re.findall(r"[a-z']+", before.lower())[-2:]):
        return []  # "we hired 10 engineers", "we saved 40 ..."
    bare = parse_number(m.text.split()[-1]) is not None  # no noun after the count
    follower = re.match(r"\s*([a-z][a-z-]*)", after.lower())
    allowed = set(load_lexicons()["sizes"]["bare_count_followers"])
    if bare and (MONEY_AFTER.match(after) or (1900 <= number <= 2100 and "," not in m.text)
                 or (follower and follower.group(1) not in allowed)):
        return []  # "in 2026", "40 percent", "engineering is one line item"
    kind, qualifier, conf = "company_size", "people", base
    lowered = m.text.lower()
    if re.match(r"\s*(?:me|myself)\b", lowered):
        number, kind, qualifier = number + 1, "team_size", "team"  # "me and two other engineers"
    elif m.label == "TEAM_SIZE":
        kind = "team_size"
        role = re.search(r"(engineers|developers|devs|sres|sdrs|bdrs|aes|reps|analysts|"
                         r"scientists|designers|architects|agents|salespeople)$", lowered)
        qualifier = role.group(1) if role else ("engineers" if "engineering" in lowered else "team")
    elif TEAM_AFTER.match(after) or (WE_ARE.search(before) and _team_context(sentences, target)):
        kind, qualifier = "team_size", "team"
    elif COMPANY_AFTER.match(after) or re.search(r"[a-z]+\s*$", lowered) and \
            not re.search(r"(people|employees|staff|folks|ftes?|humans|persons)$", lowered):
        conf = min(1.0, base + 0.1)
    if QUESTION.search(text):
        conf = min(conf, 0.3)
    return [make(kind, str(number), m, conf, number=number, qualifier=qualifier)]


def _team_context(sentences: Sequence[Sentence], target: Target) -> bool:
    """'we're four people' means the team when the speaker has just talked about their team."""
    s = sentences[target.index]
    earlier = [norm_quotes(x.text) for x in sentences[max(0, target.index - 3):target.index]
               if x.turn_index == s.turn_index]
    return bool(MY_TEAM.search(" ".join(earlier) + " " + target.text))
