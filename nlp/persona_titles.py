"""Job titles people give themselves in speech, when metadata has none.

"I'm head of knowledge management", "I'm the user acquisition lead", "Jonathan Hale, operations
director", "I'm Pete, procurement manager" give the title as said. "I run learning and
development here" or "I head up finance" give "Head of <area>"; "I manage the payroll team"
gives "<area> Manager". A title must end in (or start with) a rank word, so "I'm the one who
signs" or "I'm not sure" never reads as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

HEADS = (r"(?:director|manager|lead|head|officer|controller|coordinator|administrator|admin|"
         r"analyst|engineer|accountant|counsel|associate|specialist|supervisor|superintendent|"
         r"buyer|planner|founder|co-founder|cofounder|president|vp|svp|evp|partner|principal|"
         r"architect|consultant|strategist|scientist|designer|developer|bookkeeper|clerk|"
         r"recruiter|paralegal|solicitor|attorney|lawyer|nurse|physician|dentist|pharmacist|"
         r"editor|producer|foreman|treasurer|secretary|owner|ceo|cfo|coo|cto|cio|cmo|cro|cpo|"
         r"ciso|chro|cdo|gc|fd|md|gm)")
RANKS = r"(?:head|director|vp|vice president|svp|evp|chief|manager|lead|leader)"
WORD = r"(?:[A-Za-z][\w&'/-]*|&)"
STOP = (r"(?=\s*(?:[,.;:!?()]|$|\s(?:which|so|and (?:I|we|my)|here|at|for (?:[A-Z]|the)|in|on|"
        r"but|who|that|since|now|over|across|with|-|–|—)\b))")
LEAD_IN = (r"(?:just |basically |kind of |sort of |technically |officially |now |currently |"
           r"also |still |actually )?(?:the |a |an |our |their )?")
SELF = r"\b(?:I'm|I am|I work as|my (?:title|role|job) is|my title's)\s+"
RANK_OF = re.compile(rf"{SELF}{LEAD_IN}(?P<title>{RANKS}\s+(?:of|for)\s+{WORD}"
                     rf"(?:\s+{WORD}){{0,4}}?){STOP}", re.I)
AREA_RANK = re.compile(rf"{SELF}{LEAD_IN}(?P<title>(?:{WORD}\s+){{0,4}}?{HEADS}){STOP}", re.I)
ACTS = re.compile(rf"\bI\s+(?:(?P<head>run|head up|head|look after|oversee|am in charge of|'m in "
                  rf"charge of|own)|(?P<manage>manage)|(?P<lead>lead))\s+(?:the\s+|our\s+|"
                  rf"all (?:of )?(?:the\s+|our\s+)?)?(?P<area>{WORD}(?:\s+{WORD}){{0,3}}?)"
                  rf"(?:\s+(?:team|function|department|side|group))?"
                  rf"(?:\s+here|\s+for\s+(?:the\s+)?\w+)?"
                  rf"{STOP}", re.I)
NOT_AREAS = re.compile(r"^(?:it all|everything|show|things|a|the|this|that|it|them|point|with|"
                       r"into|out|about|errands|late|behind|numbers|meetings?|calls?|business|"
                       r"company|place|shop|firm|store|risk|budget|relationship|account|project|"
                       r"process|day|week|show here)$", re.I)
SMALL = {"of", "and", "for", "the", "&", "to", "in"}
ACRONYMS = {"it", "hr", "ap", "ar", "fp&a", "vp", "svp", "evp", "ceo", "cfo", "coo", "cto", "cio",
            "cmo", "cro", "cpo", "ciso", "chro", "cdo", "gc", "fd", "md", "gm", "ops", "l&d", "ui",
            "ux", "qa", "sre", "crm", "erp", "pr", "r&d", "emea", "apac", "uk", "us", "eu"}


@dataclass(frozen=True)
class SpokenTitle:
    """A title said in a sentence, with its offsets and how directly it was said."""

    title: str
    start: int
    end: int
    confidence: float  # 1.0 as said ("I'm the ops director"); lower when derived ("I run X")


YOU = r"\byou(?:'re| are)\s+"
YOU_RANK_OF = re.compile(RANK_OF.pattern.replace(SELF, YOU, 1), re.I)
YOU_AREA_RANK = re.compile(AREA_RANK.pattern.replace(SELF, YOU, 1), re.I)


def attributed_titles(text: str) -> list[SpokenTitle]:
    """Titles a rep gives the prospect: "so you're the ops director", "you're head of finance"."""
    for pattern in (YOU_RANK_OF, YOU_AREA_RANK):
        for m in pattern.finditer(text):
            title = _clean(m.group("title"))
            if title:
                return [SpokenTitle(title, m.start("title"), m.end("title"), 1.0)]
    return []


def spoken_titles(text: str, speaker: str | None = None) -> list[SpokenTitle]:
    """Titles a speaker gives themselves in one sentence (straight apostrophes expected)."""
    out: list[SpokenTitle] = []
    for pattern in (RANK_OF, AREA_RANK):
        for m in pattern.finditer(text):
            title = _clean(m.group("title"))
            if title and re.search(rf"\b{HEADS}\b|\b{RANKS}\b", title, re.I):
                out.append(SpokenTitle(title, m.start("title"), m.end("title"), 1.0))
                break
        if out:
            return out
    named = _named_intro(text, speaker)
    if named:
        return [named]
    for m in ACTS.finditer(text):
        raw = m.group("area")
        area = _clean(raw)
        if (not area or (raw != "IT" and NOT_AREAS.match(raw)) or len(area.split()) > 4
                or re.match(r"(?:most|some|all|part|much|lots|a lot|half|any)\b", raw, re.I)
                or "'" in raw
                or re.search(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b", raw)):
            continue
        title = (f"Head of {area}" if m.group("head") else
                 f"{area} Manager" if m.group("manage") else f"{area} Lead")
        out.append(SpokenTitle(title, m.start(), m.end(), 0.7))
        break
    return out


def _named_intro(text: str, speaker: str | None) -> SpokenTitle | None:
    """'Jonathan Hale, operations director, ...' or "I'm Pete, procurement manager"."""
    if not speaker:
        return None
    names = "|".join(re.escape(n) for n in (speaker, speaker.split()[0]) if n)
    m = re.match(rf"\W*(?:(?:hi|hey|yeah|yes|so|and|sure|morning|hello)\W+)*(?:(?:I'm|I am|this "
                 rf"is|it's)\s+)?(?:{names})(?:\s+here)?,\s+(?:{LEAD_IN})(?P<title>(?:{WORD}\s+)"
                 rf"{{0,4}}{HEADS}|{RANKS}\s+(?:of|for)\s+{WORD}(?:\s+{WORD}){{0,4}}){STOP}",
                 text, re.I)
    if not m:
        return None
    title = _clean(m.group("title"))
    return SpokenTitle(title, m.start("title"), m.end("title"), 1.0) if title else None


def _clean(title: str) -> str:
    """Title case, keeping acronyms and small words: 'head of it ops' -> 'Head of IT Ops'."""
    words = re.sub(r"\s+", " ", title.strip(" ,.-")).split()
    while words and words[0].lower() in {"the", "a", "an", "our", "just"}:
        words.pop(0)
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if low in ACRONYMS:
            out.append(low.upper() if low != "ops" else "Ops")
        elif low in SMALL and i:
            out.append(low)
        elif w[:1].islower():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return " ".join(out)


def first_title(texts: Sequence[str]) -> str | None:
    """The first title found in some sentences (for quick checks)."""
    for t in texts:
        found = spoken_titles(t)
        if found:
            return found[0].title
    return None
