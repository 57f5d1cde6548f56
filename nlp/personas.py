"""Persona signals from prospect speech and participant metadata, call profiles and personas.

Pure logic: the spaCy rules live in `nlp/personas_spacy.py`, which hands back `Mention`s.
Only prospect sentences are read, plus two kinds of rep sentences: a rep recap the prospect
confirms straight away ("FinchPay is 120 people, all on GCP" -> "Right."), and a rep naming a
prospect's title ("So you're VP of Engineering, Rachel").
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from models.domain import CallMeta, Participant, Sentence

LEXICON_PATH = Path(__file__).parent / "data" / "persona_lexicons.json"
KINDS = ("title", "seniority", "function", "company", "team_size", "company_size", "industry",
         "tool", "competitor", "pain", "goal")
SENIORITY_ORDER = ("c_level", "vp", "head", "director", "manager", "lead", "ic")
BANDS = (("smb", 200), ("mid-market", 1000), ("enterprise", None))
MIN_CONFIDENCE = 0.5  # a profile keeps a signal value only at or above this confidence

BASE_CONFIDENCE = {"metadata": 1.0, "speech": 0.8, "rep_recap": 0.6, "rep_attribution": 0.6}
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
WORD_NUMBERS |= {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}

QUESTION = re.compile(r"\?\s*$")
SELF_TITLE = re.compile(r"\b(?:i'm|i am|as|my (?:title|role) is|i work as)\s+(?:the |a |an |our )?"
                        r"(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}, )?$", re.I)
OPENER = re.compile(r"^\W*(?:(?:so|yeah|yes|well|and|um|uh|sure|right|hi|hey)\W+)*$", re.I)
YOU_ARE = re.compile(r"\byou(?:'re| are)\s+(?:the |our |a |an )?$", re.I)
SELF_DESCRIBED = re.compile(r"\b(?:we(?:'re| are)|i(?:'m| am)|is|it's|we do|we build|we run|"
                            r"we make|we sell|we provide)\b", re.I)
NEGATED = re.compile(r"\b(?:don't|do not|doesn't|never|not|no longer|moved off|got rid of|"
                     r"instead of|rather than|stopped using)\b[^.,;]{0,25}$", re.I)
USAGE_CUE = re.compile(r"\b(?:we use|we're using|we are using|we're on|we are on|we run on|"
                       r"we moved to|we migrated to|we switched to|we're all|we rely on)\s+$", re.I)
COPULA = re.compile(r"^\s*(?:,[^,]{0,60},\s*|\s+(?:with|around|for|from|here|now|right now)"
                    r"(?:\s+[^,.]{0,50}?)?\s+|\s+)(?:is|are|was|'s|has been|remains)\s+"
                    r"(?:that\s+|to\s+)?(?P<v>.+)$", re.I | re.S)
ANAPHOR = re.compile(r"\b(?:that|this|which|it)(?:'s| is| was)\s+(?:actually |really |also |"
                     r"honestly |definitely |probably )?$", re.I)
FILLER = re.compile(r"^(?:(?:honestly|basically|like|um|uh|so|just|really|kind of|that|and|"
                    r"literally|actually|because|but|is that|are that)\b[,\s]*)+", re.I)
CLAUSE_END = re.compile(r"[.?!;:]|\s[-–—]\s|,\s(?:but|because|which|so|and|though)\b|\sbecause\s")
TEAM_AFTER = re.compile(r"^\s*(?:directly|on (?:my|our|the) team|in (?:my|our) (?:team|group|org)|"
                        r"report(?:ing)? (?:in)?to me|who report)", re.I)
COMPANY_AFTER = re.compile(r"^\s*(?:company[- ]wide|total|in total|overall|globally|worldwide|"
                           r"across the company|company)\b", re.I)
CLAUSE_START = re.compile(r"(?:^|[,.;:!?\u2014-]|\b(?:and|but|so|honestly|really|basically|"
                          r"now|also|just|still|because|then|yeah|well|look|i think))\s*$", re.I)
WE_ARE = re.compile(r"\bwe(?:'re| are)\s+(?:only |just |about |around |roughly |maybe )*$", re.I)
MY_TEAM = re.compile(r"\b(?:my|our) team\b", re.I)
MONEY_AFTER = re.compile(r"^\s*(?:%|percent|k\b|grand|thousand|million|dollars|euros|pounds|"
                         r"bucks|a month|a year|per)", re.I)


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


@dataclass(frozen=True)
class ProfileValue:
    """A profile field's value, its confidence and the signals that support it."""

    value: str
    confidence: float
    evidence: tuple[PersonaSignal, ...]
    number: int | None = None


@dataclass
class PersonaProfile:
    """Everything one call says about the buyer."""

    call_id: str | None = None
    seniority: ProfileValue | None = None
    function: ProfileValue | None = None
    titles: list[ProfileValue] = field(default_factory=list)
    team_size: ProfileValue | None = None
    company_size: ProfileValue | None = None
    company_band: str | None = None
    industry: ProfileValue | None = None
    tools: list[ProfileValue] = field(default_factory=list)
    competitors: list[ProfileValue] = field(default_factory=list)
    pains: list[ProfileValue] = field(default_factory=list)
    goals: list[ProfileValue] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The profile's values without evidence (for tables and JSON)."""
        return {
            "call_id": self.call_id,
            "seniority": _val(self.seniority), "function": _val(self.function),
            "titles": [t.value for t in self.titles],
            "team_size": self.team_size.number if self.team_size else None,
            "company_size": self.company_size.number if self.company_size else None,
            "company_band": self.company_band, "industry": _val(self.industry),
            "tools": [t.value for t in self.tools],
            "competitors": [c.value for c in self.competitors],
            "pains": [p.value for p in self.pains], "goals": [g.value for g in self.goals],
        }


def _val(v: ProfileValue | None) -> str | None:
    return v.value if v else None


@cache
def load_lexicons(path: Path = LEXICON_PATH) -> Mapping[str, Any]:
    """The persona lexicons shipped with the package."""
    data: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def norm_quotes(text: str) -> str:
    """Straighten curly quotes (same length, so offsets survive)."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


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


def classify_title(title: str) -> tuple[str | None, str | None]:
    """(seniority level, function) of a job title, from the lexicon's ordered patterns."""
    rules = load_lexicons()["seniority"]
    level = next((lv["name"] for lv in rules["levels"]
                  if any(re.search(p, title, re.I if p.islower() else 0) for p in lv["patterns"])),
                 None)
    func = next((f["name"] for f in rules["functions"]
                 if any(re.search(p, title, re.I if p.islower() else 0) for p in f["patterns"])),
                None)
    return level, func


def company_band(size: int | None) -> str | None:
    """smb (<200 people), mid-market (200-999) or enterprise (1000+)."""
    if size is None:
        return None
    return next(name for name, limit in BANDS if limit is None or size < limit)


# ---------------------------------------------------------------- extraction


@dataclass(frozen=True)
class _Target:
    index: int
    source: str
    text: str


def extract_signals(
    sentences: Sequence[Sentence],
    participants: Sequence[Participant],
    *,
    meta: CallMeta | None = None,
    tagger: PersonaTagger | None = None,
) -> list[PersonaSignal]:
    """Persona signals from prospect sentences, confirmed rep recaps and participant metadata."""
    if tagger is None:
        from nlp.personas_spacy import load_persona_tagger

        tagger = load_persona_tagger()
    people = _People.build(sentences, participants)
    signals = _metadata_signals(people, meta, tagger)
    targets = _targets(sentences, people)
    for target, mentions in zip(targets, tagger.tag([t.text for t in targets]), strict=True):
        signals += _sentence_signals(sentences, target, mentions, people)
    seen: set[tuple[str, str, int | None, str | None]] = set()
    out = []
    for s in signals:
        key = (s.kind, s.value.lower(), s.sentence_index, s.speaker)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


@dataclass(frozen=True)
class _People:
    prospects: tuple[Participant, ...]
    prospect_speakers: frozenset[str]
    first_names: Mapping[str, str]  # lower-case first name -> speaker
    vendor: str | None
    companies: tuple[str, ...]

    @classmethod
    def build(cls, sentences: Sequence[Sentence], participants: Sequence[Participant]) -> _People:
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
        return cls(prospects, frozenset(names),
                   {n.split()[0].casefold(): n for n in sorted(names) if n.split()},
                   vendor, companies)


def _metadata_signals(people: _People, meta: CallMeta | None,
                      tagger: PersonaTagger) -> list[PersonaSignal]:
    out: list[PersonaSignal] = []
    for p in people.prospects:
        if p.title:
            evidence = f"{p.name}: {p.title}" + (f" ({p.company})" if p.company else "")
            out += _title_signals(p.title, None, evidence, None, None, p.name, 1.0, "metadata")
    companies = list(people.companies)
    if meta and meta.account and meta.account not in companies:
        companies.append(meta.account)
    for company, mentions in zip(companies, tagger.tag(companies), strict=True):
        out.append(PersonaSignal("company", company, None, company, None, None, None, 1.0,
                                 "metadata"))
        for industry in dict.fromkeys(_industry_key(m) for m in mentions):
            if industry:
                out.append(PersonaSignal("industry", industry, None, f"company name: {company}",
                                         None, None, None, 0.7, "metadata", qualifier="name"))
    for tag in meta.tags if meta else []:
        band = tag.removeprefix("segment:")
        if tag.startswith("segment:") and band in {b for b, _ in BANDS}:
            out.append(PersonaSignal("company_size", band, None, f"tag {tag}", None, None, None,
                                     0.5, "metadata", qualifier="band"))
    return out


def _industry_key(m: Mention) -> str | None:
    if m.label == "INDUSTRY":
        return m.key
    return m.label.split(":", 1)[1] if m.label.startswith("INDUSTRY_NAME:") else None


def _targets(sentences: Sequence[Sentence], people: _People) -> list[_Target]:
    """Prospect sentences, rep recaps the prospect confirms, and rep 'you're <title>' lines."""
    recap = _confirmed_recaps(sentences, people)
    out = []
    for i, s in enumerate(sentences):
        text = norm_quotes(s.text)
        if s.role == "prospect":
            out.append(_Target(i, "speech", text))
        elif s.role == "rep" and i in recap:
            out.append(_Target(i, "rep_recap", text))
        elif s.role == "rep" and re.search(r"\byou(?:'re| are)\b", text, re.I):
            out.append(_Target(i, "rep_attribution", text))
    return out


def _confirmed_recaps(sentences: Sequence[Sentence], people: _People) -> set[int]:
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


def _sentence_signals(sentences: Sequence[Sentence], target: _Target,
                      mentions: Sequence[Mention], people: _People) -> list[PersonaSignal]:
    s = sentences[target.index]
    base = BASE_CONFIDENCE[target.source]
    out: list[PersonaSignal] = []
    lexicon_spans = [(m.start, m.end) for m in mentions if m.label in {"TOOL", "COMPETITOR"}]
    team_spans = [(m.start, m.end) for m in mentions if m.label == "TEAM_SIZE"]

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
        elif m.label == "INDUSTRY":
            out.append(_industry_signal(target.text, m, base, make))
        elif m.label == "TEAM_SIZE" or (m.label == "COMPANY_SIZE" and not any(
                a < m.end and m.start < b for a, b in team_spans)):
            out += _size_signals(sentences, target, m, base, make)
        elif m.label == "ORG" and target.source == "speech":
            overlaps = any(a < m.end and m.start < b for a, b in lexicon_spans)
            known = {c.casefold() for c in (*people.companies, people.vendor or "")}
            if (not overlaps and m.text.casefold() not in known
                    and USAGE_CUE.search(target.text[:m.start])):
                out.append(make("tool", m.text, m, 0.5, qualifier="ner"))
        elif m.label.startswith(("PAIN_", "GOAL_")) and target.source == "speech":
            out += _cue_signal(sentences, target, m)
    return _drop_nested_cues(out)


def _drop_nested_cues(signals: list[PersonaSignal]) -> list[PersonaSignal]:
    """Two cues in one sentence often name the same pain; keep the first of nested values."""
    kept: list[PersonaSignal] = []
    for s in signals:
        if s.kind in {"pain", "goal"} and any(
                k.kind == s.kind and (k.value in s.value or s.value in k.value) for k in kept):
            continue
        kept.append(s)
    return kept


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


@cache
def _generic_industries() -> frozenset[str]:
    return frozenset(e["name"] for e in load_lexicons()["industries"] if e.get("generic"))


def _industry_signal(text: str, m: Mention, base: float, make: Maker) -> PersonaSignal:
    before = text[:m.start]
    described = bool(SELF_DESCRIBED.search(before[-60:]))
    conf = (0.9 if described else 0.5) * (base / BASE_CONFIDENCE["speech"])
    if m.key in _generic_industries():
        conf *= 0.5
    if QUESTION.search(text):
        conf = min(conf, 0.2)
    return make("industry", m.key, m, conf, qualifier="self-described" if described else None)


def _title_signals(title: str, index: int | None, evidence: str, start: int | None,
                   end: int | None, speaker: str | None, conf: float,
                   source: str) -> list[PersonaSignal]:
    level, func = classify_title(title)
    values = [("title", title), ("seniority", level), ("function", func)]
    return [PersonaSignal(kind, value, index, evidence, start, end, speaker, conf, source)
            for kind, value in values if value]


def _speech_title(s: Sentence, target: _Target, m: Mention,
                  people: _People) -> list[PersonaSignal]:
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
    return _title_signals(m.text, target.index, s.text, s.char_start + m.start,
                          s.char_start + m.end, speaker, BASE_CONFIDENCE[target.source],
                          target.source)


def _size_signals(sentences: Sequence[Sentence], target: _Target, m: Mention, base: float,
                  make: Maker) -> list[PersonaSignal]:
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


def _team_context(sentences: Sequence[Sentence], target: _Target) -> bool:
    """'we're four people' means the team when the speaker has just talked about their team."""
    s = sentences[target.index]
    earlier = [norm_quotes(x.text) for x in sentences[max(0, target.index - 3):target.index]
               if x.turn_index == s.turn_index]
    return bool(MY_TEAM.search(" ".join(earlier) + " " + target.text))


def _cue_signal(sentences: Sequence[Sentence], target: _Target,
                m: Mention) -> list[PersonaSignal]:
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


# ---------------------------------------------------------------- profiles


def build_profile(signals: Sequence[PersonaSignal], *,
                  call_id: str | None = None) -> PersonaProfile:
    """Aggregate one call's signals into a profile (values below MIN_CONFIDENCE are dropped)."""
    by_kind: dict[str, list[PersonaSignal]] = defaultdict(list)
    for s in signals:
        if s.confidence >= MIN_CONFIDENCE:
            by_kind[s.kind].append(s)
    seniority = _top_seniority(by_kind["seniority"])
    function = None
    if seniority is not None:
        lead_speakers = {s.speaker for s in seniority.evidence}
        function = _best(s for s in by_kind["function"] if s.speaker in lead_speakers)
    company = _pick_size(s for s in by_kind["company_size"] if s.number is not None)
    bands = [s.value for s in by_kind["company_size"] if s.qualifier == "band"]
    return PersonaProfile(
        call_id=call_id, seniority=seniority, function=function,
        titles=_values(by_kind["title"]),
        team_size=_pick_size(by_kind["team_size"], prefer_roles=True),
        company_size=company,
        company_band=company_band(company.number) if company else (bands[0] if bands else None),
        industry=_best(by_kind["industry"]),
        tools=_values(by_kind["tool"]),
        competitors=_values(by_kind["competitor"]),
        pains=_values(by_kind["pain"], by_order=True),
        goals=_values(by_kind["goal"], by_order=True),
    )


def _group(signals: Sequence[PersonaSignal] | Any) -> list[ProfileValue]:
    groups: dict[str, list[PersonaSignal]] = {}
    for s in signals:
        groups.setdefault(s.value.casefold(), []).append(s)
    return [ProfileValue(g[0].value, max(x.confidence for x in g), tuple(g), g[0].number)
            for g in groups.values()]


def _values(signals: Sequence[PersonaSignal], *, by_order: bool = False) -> list[ProfileValue]:
    values = _group(signals)
    if by_order:
        return values
    return sorted(values, key=lambda v: (-sum(s.confidence for s in v.evidence), v.value))


def _best(signals: Any) -> ProfileValue | None:
    """The value with the highest summed confidence (ties: the first seen)."""
    values = _group(list(signals))
    if not values:
        return None
    return max(values, key=lambda v: sum(s.confidence for s in v.evidence))


def _top_seniority(signals: Sequence[PersonaSignal]) -> ProfileValue | None:
    values = [v for v in _group(signals) if v.value in SENIORITY_ORDER]
    return min(values, key=lambda v: SENIORITY_ORDER.index(v.value), default=None)


def _pick_size(signals: Any, prefer_roles: bool = False) -> ProfileValue | None:
    """Most confident count; for teams a headcount by role ('55 engineers') beats 'my team'."""
    ranked = sorted(
        (s for s in signals if s.number is not None),
        key=lambda s: ((prefer_roles and s.qualifier == "team"), -s.confidence,
                       s.sentence_index if s.sentence_index is not None else -1))
    if not ranked:
        return None
    same = tuple(s for s in ranked if s.number == ranked[0].number)
    return ProfileValue(ranked[0].value, ranked[0].confidence, same, ranked[0].number)


# ---------------------------------------------------------------- personas

FEATURE_WEIGHTS = {"seniority": 1.0, "function": 0.7, "industry": 1.0, "band": 1.0,
                   "tool": 0.35, "competitor": 0.5}
SENIORITY_LABELS = {"c_level": "C-level", "vp": "VP-level", "head": "Head-level",
                    "director": "Director-level", "manager": "Manager-level", "lead": "Lead-level",
                    "ic": "IC-level"}
BAND_LABELS = {"smb": "small", "mid-market": "mid-size", "enterprise": "enterprise"}


@dataclass(frozen=True)
class SignalFrequency:
    """How often a signal value occurs among a persona's calls."""

    kind: str
    value: str
    count: int
    frequency: float


@dataclass(frozen=True)
class Persona:
    """A cluster of call profiles with a descriptive label and outcome stats."""

    id: str
    label: str
    call_ids: tuple[str | None, ...]
    call_count: int
    won: int
    lost: int
    win_rate: float | None
    signals: tuple[SignalFrequency, ...]
    median_company_size: float | None = None
    median_team_size: float | None = None


def _categorical(p: PersonaProfile) -> list[tuple[str, str]]:
    pairs = [("seniority", _val(p.seniority)), ("function", _val(p.function)),
             ("industry", _val(p.industry)), ("band", p.company_band)]
    out = [(k, v) for k, v in pairs if v]
    out += [("tool", t.value) for t in p.tools]
    out += [("competitor", c.value) for c in p.competitors]
    return out


def profile_features(profiles: Sequence[PersonaProfile]) -> tuple[np.ndarray, list[str]]:
    """Weighted one-hot features (seniority, function, industry, size band, tools, competitors)."""
    rows = [_categorical(p) for p in profiles]
    names = sorted({f"{k}={v}" for row in rows for k, v in row})
    col = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(profiles), len(names)), dtype=np.float64)
    for r, row in enumerate(rows):
        for k, v in row:
            matrix[r, col[f"{k}={v}"]] = FEATURE_WEIGHTS[k]
    return matrix, names


def cosine_distances(matrix: np.ndarray) -> np.ndarray:
    """Pairwise cosine distances; an all-zero row is at distance 1 from everything else."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    dist: np.ndarray = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    return dist


def cluster_labels(dist: np.ndarray, *, max_k: int = 8, min_silhouette: float = 0.05) -> np.ndarray:
    """Average-linkage clusters, k picked by silhouette (deterministic; ties go to smaller k)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import silhouette_score

    n = dist.shape[0]
    best, best_score = np.zeros(n, dtype=int), min_silhouette
    for k in range(2, min(max_k, n - 1) + 1):
        labels = AgglomerativeClustering(n_clusters=k, metric="precomputed",
                                         linkage="average").fit_predict(dist)
        score = float(silhouette_score(dist, labels, metric="precomputed"))
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return best


def cluster_personas(profiles: Sequence[PersonaProfile], outcomes: Sequence[str],
                     *, max_k: int = 8) -> list[Persona]:
    """Cluster call profiles into labelled personas with signal frequencies and win rates."""
    if len(profiles) != len(outcomes):
        raise ValueError("profiles and outcomes must have the same length")
    if not profiles:
        return []
    matrix, _ = profile_features(profiles)
    labels = cluster_labels(cosine_distances(matrix), max_k=max_k) if len(profiles) > 2 else \
        np.zeros(len(profiles), dtype=int)
    members: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        members[int(lab)].append(i)
    groups = sorted(members.values(), key=lambda g: (-len(g), g[0]))
    personas, used = [], Counter[str]()
    for n, group in enumerate(groups, start=1):
        persona = _persona(f"persona-{n}", [profiles[i] for i in group],
                           [outcomes[i] for i in group])
        used[persona.label] += 1
        if used[persona.label] > 1:
            persona = Persona(**{**persona.__dict__,
                                 "label": f"{persona.label} (variant {used[persona.label]})"})
        personas.append(persona)
    return personas


def _persona(pid: str, profiles: list[PersonaProfile], outcomes: list[str]) -> Persona:
    counts = Counter(pair for p in profiles for pair in set(_categorical(p)))
    counts.update(("pain", v.value) for p in profiles for v in p.pains)
    counts.update(("goal", v.value) for p in profiles for v in p.goals)
    n = len(profiles)
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    freqs = tuple(SignalFrequency(k, v, c, round(c / n, 3)) for (k, v), c in ordered)
    won, lost = outcomes.count("won"), outcomes.count("lost")
    companies = [p.company_size.number for p in profiles
                 if p.company_size and p.company_size.number]
    teams = [p.team_size.number for p in profiles if p.team_size and p.team_size.number]
    return Persona(
        id=pid, label=persona_label(freqs, n), call_ids=tuple(p.call_id for p in profiles),
        call_count=n, won=won, lost=lost,
        win_rate=round(won / (won + lost), 3) if won + lost else None, signals=freqs,
        median_company_size=float(np.median(companies)) if companies else None,
        median_team_size=float(np.median(teams)) if teams else None)


def persona_label(freqs: Sequence[SignalFrequency], n: int) -> str:
    """E.g. 'VP-level engineering leaders at mid-size fintech, AWS+Kubernetes'."""
    def top(kind: str, share: float = 0.5) -> list[str]:
        ranked = sorted((f for f in freqs if f.kind == kind), key=lambda f: (-f.count, f.value))
        return [f.value for f in ranked if f.frequency >= share]

    seniority = top("seniority")
    level = SENIORITY_LABELS.get(seniority[0], "") if seniority else "Mixed-seniority"
    role = "leaders"
    if seniority and seniority[0] in {"manager", "lead", "ic"}:
        role = "practitioners"
    function = (top("function") or ["cross-functional"])[0]
    industries = "/".join(top("industry")[:2])
    band = [BAND_LABELS[b] for b in top("band")[:1]]
    where = " ".join(band + [industries or ("companies across industries" if band else
                                            "mixed industries")])
    tools = "+".join(top("tool")[:2])
    label = f"{level} {function} {role} at {where}"
    return f"{label}, {tools}" if tools else label
