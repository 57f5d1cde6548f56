"""Persona fields scored on the labelled B2B calls (bench/labelled_calls/), per split.

A pain or goal is found when a signal of that kind sits on a sentence row of the labelled quote
(bench/labelled.py maps quotes to rows). Tools match by name (case, spaces and punctuation
ignored; one name may contain the other, "Vista" ~ "Viewpoint Vista"). Titles match as word sets
after normalising ("VP Finance" ~ "Vice President of Finance"). Sizes and industry are exact.
The keyword baseline is the simplest approach: cue words for pains and goals, the tool lexicon,
the most frequent industry word, "N people" / "team of N" in digits, titles from metadata only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bench.labelled import LabelledCall
from models.domain import Sentence
from nlp.persona_lexicons import classify_title, load_lexicons
from nlp.persona_profiles import MIN_CONFIDENCE, SENIORITY_ORDER, build_profile
from nlp.persona_types import PersonaSignal

TITLE_WORDS = {"vice president": "vp", "vp": "vp", "svp": "vp", "evp": "vp", "sr": "senior",
               "mgr": "manager", "dir": "director", "ops": "operations", "&": "and",
               "chief executive officer": "ceo", "chief financial officer": "cfo",
               "chief operating officer": "coo", "chief technology officer": "cto",
               "chief information officer": "cio", "chief marketing officer": "cmo",
               "chief people officer": "cpo", "chief revenue officer": "cro",
               "hr": "human resources", "it": "information technology"}
TITLE_STOP = {"of", "the", "and", "for", "at", "in", "a", "an"}


@dataclass
class Tally:
    """Hits and totals for one field."""

    found: int = 0
    total: int = 0
    predicted: int = 0
    correct_predicted: int = 0
    misses: list[str] = field(default_factory=list)

    def as_dict(self, precision: bool) -> dict[str, Any]:
        rate = round(self.found / self.total, 3) if self.total else None
        out: dict[str, Any] = {"found": self.found, "total": self.total,
                               "recall" if precision else "accuracy": rate}
        if precision:
            out |= {"predicted": self.predicted, "precision": round(
                self.correct_predicted / self.predicted, 3) if self.predicted else None}
        return out


def norm_name(name: str) -> str:
    """Lower-case letters and digits only: 'Power BI' -> 'powerbi'."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def same_tool(a: str, b: str) -> bool:
    """Equal names, or one contains the other (at least 3 characters)."""
    x, y = norm_name(a), norm_name(b)
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    return x == y or (len(short) >= 3 and short in long)


def title_words(title: str) -> frozenset[str]:
    """A title as a set of normalised words."""
    t = " " + re.sub(r"[,/()-]", " ", title.lower()) + " "
    for phrase, short in sorted(TITLE_WORDS.items(), key=lambda kv: -len(kv[0])):
        t = re.sub(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", short, t)
    return frozenset(w for w in re.findall(r"[a-z0-9]+", t) if w not in TITLE_STOP)


def same_title(gold: str, predicted: str | None) -> bool:
    """Word sets equal, or the shorter (2+ words) inside the longer."""
    if not predicted:
        return False
    g, p = title_words(gold), title_words(predicted)
    small, big = sorted((g, p), key=len)
    return g == p or (len(small) >= 2 and small <= big)


def speaker_matches(name: str | None, wanted: str) -> bool:
    """Same person: full names equal, or the same first name."""
    if not name:
        return False
    a, b = name.strip().casefold(), wanted.strip().casefold()
    return a == b or a.split()[0] == b.split()[0]


@dataclass
class Prediction:
    """What one approach says about one call."""

    pains: list[int]  # sentence rows
    goals: list[int]
    tools: list[str]
    industry: str | None
    company_size: int | None
    team_size: Callable[[str], int | None]
    title: Callable[[str], str | None]
    seniority: Callable[[str], str | None]


def predict_with_signals(call: LabelledCall, signals: Sequence[PersonaSignal]) -> Prediction:
    """The product's reading of a call: its persona signals and the profile built on them."""
    profile = build_profile(signals, call_id=call.stem)
    kept = [s for s in signals if s.confidence >= MIN_CONFIDENCE]

    def of(kind: str, speaker: str) -> list[PersonaSignal]:
        return [s for s in kept if s.kind == kind and (speaker_matches(s.speaker, speaker))]

    def team(speaker: str) -> int | None:
        mine = of("team_size", speaker) or [s for s in kept if s.kind == "team_size"
                                             and s.source == "rep_recap"]
        sub = build_profile(mine)
        return sub.team_size.number if sub.team_size else None

    def title(speaker: str) -> str | None:
        found = sorted(of("title", speaker), key=lambda s: (s.source != "metadata",
                                                            -s.confidence))
        return found[0].value if found else None

    def seniority(speaker: str) -> str | None:
        levels = [s.value for s in of("seniority", speaker) if s.value in SENIORITY_ORDER]
        return min(levels, key=SENIORITY_ORDER.index) if levels else None

    return Prediction(
        pains=[s.sentence_index for s in kept if s.kind == "pain" and s.sentence_index is not None],
        goals=[s.sentence_index for s in kept if s.kind == "goal" and s.sentence_index is not None],
        tools=[t.value for t in profile.tools],
        industry=profile.industry.value if profile.industry else None,
        company_size=profile.company_size.number if profile.company_size else None,
        team_size=team, title=title, seniority=seniority)


# ------------------------------------------------------------------ keyword baseline

PAIN_WORDS = re.compile(r"\b(?:problem|issue|headache|struggl\w*|pain|frustrat\w*|challeng\w*|"
                        r"difficult|hard to|manual(?:ly)?|slow|mess|nightmare|waste\w*|"
                        r"can't|cannot)\b", re.I)
GOAL_WORDS = re.compile(r"\b(?:want to|goal|need to|trying to|hope to|would like|i'd like|"
                        r"we'd like|aim|looking to|plan to)\b", re.I)
SMALL_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def predict_baseline(call: LabelledCall) -> Prediction:
    """The simplest keyword approach, for comparison in the same run."""
    lex = load_lexicons()
    prospect = [(i, s) for i, s in enumerate(call.sentences) if s.role == "prospect"]
    aliases = {a.lower(): e["name"] for e in lex["tools"]
               for a in e["aliases"] + e.get("case_sensitive", [])}
    tools = {aliases[w] for _, s in prospect for w in aliases
             if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", s.text.lower())}
    counts: Counter[str] = Counter()
    for _, s in prospect:
        for e in lex["industries"]:
            counts[e["name"]] += sum(bool(re.search(rf"\b{re.escape(t)}\b", s.text.lower()))
                                     for t in e["terms"])
    industry = counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] else None
    company = team_all = None
    for _, s in prospect:
        text = s.text.lower()
        c = re.search(r"(\d[\d,]*|\b[a-z]+) (?:people|employees|staff)\b", text)
        t = re.search(r"team of (\d+|[a-z]+)|(\d+|\b[a-z]+) (?:engineers|analysts|people on my)",
                      text)
        company = company or (_small(c.group(1)) if c else None)
        team_all = team_all or (_small(next(g for g in t.groups() if g)) if t else None)
    titles = {p.name.casefold(): p.title for p in call.parsed.meta.participants if p.title}
    return Prediction(
        pains=[i for i, s in prospect if PAIN_WORDS.search(s.text)],
        goals=[i for i, s in prospect if GOAL_WORDS.search(s.text)],
        tools=sorted(tools), industry=industry, company_size=company,
        team_size=lambda _speaker: team_all,
        title=lambda speaker: _by_name(titles, speaker),
        seniority=lambda speaker: classify_title(_by_name(titles, speaker) or "")[0])


def _small(token: str) -> int | None:
    if token.replace(",", "").isdigit():
        return int(token.replace(",", ""))
    return SMALL_NUMBERS.get(token)


def _by_name(titles: dict[str, str], speaker: str) -> str | None:
    for name, title in titles.items():
        if speaker_matches(name, speaker):
            return title
    return None


# ------------------------------------------------------------------ scoring

def score_calls(calls: Sequence[LabelledCall],
                predict: Callable[[LabelledCall], Prediction]) -> dict[str, Any]:
    """Recall/precision and accuracies of one approach over some calls."""
    t: dict[str, Tally] = {k: Tally() for k in (
        "pains", "goals", "tools", "title", "seniority", "title_speech", "seniority_speech",
        "team_size", "company_size", "industry")}
    false_sizes = Counter[str]()
    for call in calls:
        pred = predict(call)
        personas = call.key.get("personas") or []
        for kind in ("pains", "goals"):
            rows_all: set[int] = set()
            hits = set(getattr(pred, kind))
            for p in personas:
                for entry in p.get(kind) or []:
                    rows = set(call.rows(entry["quote"], p.get("speaker")))
                    rows_all |= rows
                    t[kind].total += 1
                    if rows & hits:
                        t[kind].found += 1
                    else:
                        t[kind].misses.append(f"{call.stem}: {entry['quote']}")
            t[kind].predicted += len(hits)
            t[kind].correct_predicted += len(hits & rows_all)
        gold_tools = {x["name"] for p in personas for x in p.get("tools") or []}
        t["tools"].total += len(gold_tools)
        t["tools"].found += sum(any(same_tool(g, x) for x in pred.tools) for g in gold_tools)
        t["tools"].misses += [f"{call.stem}: {g}" for g in gold_tools
                              if not any(same_tool(g, x) for x in pred.tools)]
        t["tools"].predicted += len(pred.tools)
        t["tools"].correct_predicted += sum(any(same_tool(g, x) for g in gold_tools)
                                            for x in pred.tools)
        _score_people(call, personas, pred, t, false_sizes)
        _score_company(call, personas, pred, t, false_sizes)
    out: dict[str, Any] = {k: v.as_dict(k in {"pains", "goals", "tools"}) for k, v in t.items()}
    out["spurious_sizes"] = dict(false_sizes)
    out["misses"] = {k: t[k].misses for k in t if t[k].misses}
    out["calls"] = len(calls)
    return out


def _score_people(call: LabelledCall, personas: list[dict[str, Any]], pred: Prediction,
                  t: dict[str, Tally], false_sizes: Counter[str]) -> None:
    for p in personas:
        speaker = p.get("speaker") or ""
        for field_name, gold, got, same in (
                ("title", p.get("title"), pred.title(speaker), same_title),
                ("seniority", p.get("seniority"), pred.seniority(speaker),
                 lambda a, b: a == b)):
            if not gold:
                continue
            keys = [field_name] + ([f"{field_name}_speech"] if not p.get("title_in_metadata")
                                   else [])
            for key in keys:
                t[key].total += 1
                if same(gold, got):
                    t[key].found += 1
                else:
                    t[key].misses.append(f"{call.stem} {speaker}: {gold!r} got {got!r}")
        gold_team = (p.get("team_size") or {}).get("value")
        got_team = pred.team_size(speaker)
        if gold_team is not None:
            t["team_size"].total += 1
            if got_team == gold_team:
                t["team_size"].found += 1
            else:
                t["team_size"].misses.append(f"{call.stem} {speaker}: {gold_team} got {got_team}")
        elif got_team is not None:
            false_sizes["team_size"] += 1


def _score_company(call: LabelledCall, personas: list[dict[str, Any]], pred: Prediction,
                   t: dict[str, Tally], false_sizes: Counter[str]) -> None:
    gold_company = next(((p.get("company_size") or {}).get("value") for p in personas
                         if (p.get("company_size") or {}).get("value") is not None), None)
    if gold_company is not None:
        t["company_size"].total += 1
        if pred.company_size == gold_company:
            t["company_size"].found += 1
        else:
            t["company_size"].misses.append(
                f"{call.stem}: {gold_company} got {pred.company_size}")
    elif pred.company_size is not None:
        false_sizes["company_size"] += 1
    if call.key.get("industry"):
        t["industry"].total += 1
        if pred.industry == call.key["industry"]:
            t["industry"].found += 1
        else:
            t["industry"].misses.append(f"{call.stem}: {call.key['industry']} got "
                                        f"{pred.industry}")


def sentence_vectors(sentences: Sequence[Sentence], embedder: Any) -> np.ndarray:
    """The vectors ingest stores for a call: the embedder over each sentence's clean text."""
    return np.asarray(embedder.embed([s.clean_text for s in sentences]))
