"""The prospect company's industry, read from what the company says it does.

A word from the industry lexicon counts by the statement it sits in:
- self-description ("we're a regional insurer", "we make packaging", "Brightholm is a ..."): 0.9;
- the company's own people or assets ("our patients", "our policyholders", "our plants"): 0.75;
- who the company serves ("our customers are hospitals", "we build software for retailers"): 0.55;
- a bare mention in the prospect's speech: 0.3 to 0.45, too weak alone for a profile;
- a mention in passing (a past job, a client, "like a hospital would", a question): 0.05.
Company names in metadata ("Ferncastle Mutual", "Kestrel Fibre") count 0.7. Generic industries
(SaaS) are discounted, since every vendor and many buyers describe themselves with software words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from nlp.persona_lexicons import load_lexicons

SELF = re.compile(
    r"\b(?:we(?:'re| are)|we've been|i work (?:in|for|at)|i'm at|our (?:company|business|firm|"
    r"core business|main business|group) is|as an? |we(?:'re| are) (?:in|part of)|"
    r"we (?:\w+ly )?(?:make|manufacture|build|produce|sell|ship|distribute|run|operate|own|"
    r"provide|offer|insure|deliver|install|design|develop|publish|broadcast|serve|manage|lease|"
    r"supply|do|handle|move|haul|store|brew|bake|cook|teach|train|host|stream|underwrite|"
    r"generate|retail|rent|let|fabricate|assemble|machine|print|package|transport|cover|"
    r"specialise in|specialize in|focus on))\b", re.I)
CUSTOMERS = re.compile(r"\b(?:our|my) (?:customers|clients|buyers|end users|accounts)\b"
                       r"(?: are| is| include| tend to be| mostly|,)", re.I)
SERVES = re.compile(r"\b(?:to|for|with|into|serving)\s+(?:\w+\s+){0,3}$", re.I)
PASSING = re.compile(
    r"\b(?:my (?:last|previous|old|first|former) (?:job|company|role|gig|employer|life)|"
    r"i used to|used to work|i worked (?:at|in|for)|before (?:this|here|i joined|joining)|"
    r"back when|in a (?:past|previous) life|previously|a (?:client|customer|partner|friend)|"
    r"one of (?:our|my|your) (?:clients|customers|partners)|(?:some|many|most) of our "
    r"(?:clients|customers)|like an? |like the |for example|for instance|e\.g\.|such as|"
    r"like (?:what|how|when|with) |unlike|compared (?:to|with)|"
    r"(?:we're|we are|it's|we aren't|it isn't) not|aren't an?|"
    r"isn't an?|other (?:industries|companies|sectors)|your (?:other )?(?:customers|clients)|"
    r"you (?:guys )?(?:work with|do|have)|my (?:wife|husband|brother|sister|friend|dad|mom|mum|"
    r"partner|son|daughter|cousin)|at (?:my|a) (?:previous|former)|ex-|\bthan an? )",
    re.I)
CONDITIONAL = re.compile(r"\s+(?:would|might|could|should)\b", re.I)  # "a hospital would"
MAKER = re.compile(
    r"\bwe (?:\w+ly )?(?:make|manufacture|produce|fabricate|assemble|mou?ld|machine|cast|forge)"
    r"\s+(?!(?:sure|it|that|this|decisions?|mistakes|money|changes|calls?|sense|progress|time|"
    r"room|do|them|things|use|our|a (?:decision|call|point|note|change)|an? effort|up|out|"
    r"software|apps?|games?|content|videos?|shows?)\b)[a-z]", re.I)
SOFTWARE_MAKER = re.compile(
    r"\bwe(?:'re| are)? (?:\w+ly )?(?:started out )?(?:build(?:ing)?|make|making|sell(?:ing)?|"
    r"write|writing|develop(?:ing)?|do|doing|provide|providing) "
    r"(?:(?!(?:in|on|with|into|through|from|for|our|their|your|its|it|that|this|sure|the|"
    r"everything|all|of|use|do|not)\b)[\w-]+ ){0,3}(?:software|apps?|SaaS|a platform|an app)\b",
    re.I)
PAST_JOB = re.compile(r"\b(?:my (?:last|previous|old|former) (?:job|company|role|employer)|"
                      r"i used to work|i worked at|before (?:this|here|i joined|joining)|"
                      r"back when i was|at my (?:previous|former|old)|i came from|"
                      r"in a past life)\b", re.I)
FIRST_PERSON = re.compile(r"\b(?:we|we're|our|us|i|i'm|my)\b", re.I)
QUESTION = re.compile(r"\?\s*$")


@dataclass(frozen=True)
class IndustryMention:
    """An industry word in a text, the statement kind it sits in, and its weight."""

    industry: str
    term: str
    start: int
    end: int
    how: str  # self-described | owned | serves | mention | passing | name
    weight: float


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str], bool], ...]:
    """(industry, terms pattern, "our <noun>" pattern, generic) per lexicon entry."""
    out = []
    for e in load_lexicons()["industries"]:
        terms = sorted(e["terms"], key=len, reverse=True)
        owned = sorted(e.get("owned", []), key=len, reverse=True)
        out.append((e["name"], _alternation(terms),
                    re.compile(r"\b(?:our|my)\s+(?:(?:own|local|regional|main|\w+'s)\s+)?(?:"
                               + "|".join(re.escape(o) for o in owned) + r")\b", re.I)
                    if owned else re.compile(r"(?!)"), bool(e.get("generic"))))
    return tuple(out)


@cache
def _name_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((e["name"], _alternation(e.get("name_terms", []) + e["terms"]))
                 for e in load_lexicons()["industries"])


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!)")
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])",
                      re.I)


def industry_mentions(text: str, *, company_names: Sequence[str] = ()) -> list[IndustryMention]:
    """Every industry word in one prospect sentence, weighted by the statement it sits in."""
    out: list[IndustryMention] = []
    taken: list[tuple[int, int]] = []
    for industry, terms, owned, generic in _patterns():
        for m in list(owned.finditer(text)) + list(terms.finditer(text)):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            how, weight = _statement(text, m.start(), m.group(), company_names,
                                     owned=m.re is owned)
            if generic and how not in {"passing", "self-described"}:
                weight *= 0.6  # "we're a software company" counts; "our platform" barely
            out.append(IndustryMention(industry, m.group(), m.start(), m.end(), how,
                                       round(weight, 3)))
    software = SOFTWARE_MAKER.search(text)
    if software and not QUESTION.search(text) and not PASSING.search(text[:software.start()]):
        out.append(IndustryMention("saas", software.group(), software.start(), software.end(),
                                   "self-described", 0.9))  # "we build scheduling software"
    maker = MAKER.search(text)
    if maker and not QUESTION.search(text) and not any(
            m.how == "self-described" for m in out):
        out.append(IndustryMention("manufacturing", maker.group(), maker.start(), maker.end(),
                                   "self-described", 0.6))  # "we make corrugated packaging"
    return sorted(out, key=lambda x: x.start)


def _statement(text: str, start: int, term: str, company_names: Sequence[str], *,
               owned: bool) -> tuple[str, float]:
    """How a term at `start` is said: its kind and weight (see the module docstring)."""
    clause = re.split(r"[.;!?]|\s[-–—]\s|\bbut\b", text[:start])[-1]
    window = clause[-90:]
    conditional = CONDITIONAL.match(text[start + len(term):])
    if QUESTION.search(text) or PASSING.search(window) or conditional:
        return "passing", 0.05
    names = "|".join(re.escape(n) for n in company_names if n.strip())
    named = bool(names) and re.search(rf"\b(?:{names})(?:'s| is| are)\b", window, re.I)
    selves = list(SELF.finditer(window))
    self_match = selves[-1] if selves else None
    if owned:
        return "owned", 0.75
    if CUSTOMERS.search(window):
        return "serves", 0.55
    if self_match is not None or named:
        after_self = window[self_match.end():] if self_match is not None else window
        if SERVES.search(after_self):
            return "serves", 0.55  # "we build software for retailers"
        return "self-described", 0.9
    return "mention", 0.45 if FIRST_PERSON.search(clause) else 0.3


def name_industries(name: str) -> list[tuple[str, float]]:
    """(industry, weight) a company name suggests ("Kestrel Fibre" -> telecom, 0.7)."""
    generic = {e["name"] for e in load_lexicons()["industries"] if e.get("generic")}
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)  # "FinchPay" -> "Finch Pay"
    return [(industry, 0.42 if industry in generic else 0.7)
            for industry, pattern in _name_patterns() if pattern.search(name)]
