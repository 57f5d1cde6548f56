"""How much a rep sentence reads as a coined image, and how well the prospect took it.

An image explains the product with a concrete thing from another world: "a tide chart",
"a porch light left on", "a relay baton rather than a hot potato". Its cues:
- a construction that compares or equates ("is like a", "think of it as", "X is the Y",
  "a Y, not a Z", "turns X into a Y");
- vehicle words: nouns whose commonest sense is a physical thing (WordNet, see
  bench/build_concrete_nouns.py) that the rest of the call does not talk about, so "van" on a
  field-service call is the topic, not an image;
- and not small talk: "sounds like a busy week", "looks like the rain's holding off",
  "I'd like", greetings and goodbyes, nor talk about the meeting itself (agenda, recap, notes).
Pure functions over text; callers pass the call's word counts for rarity.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

DATA = Path(__file__).parent / "data"
CUES_PATH = DATA / "figurative_cues.json"
CONCRETE_PATH = DATA / "concrete_nouns.txt"
# A candidate's vehicle word must stay this rare in its own call (other rep sentences using it):
# the image is said once or twice, the topic all call long.
CALL_RARE_MAX = 1
CANDIDATE_MIN = 0.3   # image score to enter grouping
PHRASING_MIN = 0.45   # image score of a group's best quote to count as a phrasing


@dataclass(frozen=True)
class ImageParts:
    """One sentence's image evidence: construction cues, vehicle words, penalties, total."""

    construction: float
    vehicles: tuple[str, ...]
    penalty: float
    small_talk: bool
    score: float


@cache
def load_cues() -> dict[str, Any]:
    """The cue lexicons, with regexes compiled once per process."""
    cues: dict[str, Any] = json.loads(CUES_PATH.read_text(encoding="utf-8"))
    for key in ("figurative_patterns", "resonance_positive", "resonance_negative"):
        cues[key] = [(re.compile(c["pattern"], re.I), float(c["weight"])) for c in cues[key]]
    for key in ("small_talk", "identity", "filler_like"):
        cues[key] = re.compile("|".join(f"(?:{p})" for p in cues[key]), re.I)
    for key in ("fillers", "literal_things"):
        cues[key] = frozenset(cues[key])
    cues["idioms_rx"] = re.compile(
        r"\b(?:" + "|".join(re.escape(i) for i in sorted(cues["idioms"], key=len, reverse=True))
        + r")\b", re.I)
    return cues


@cache
def concrete_nouns() -> dict[str, bool]:
    """Nouns whose commonest sense is a physical thing -> whether they need a determiner to
    count (nlp/data/concrete_nouns.txt; "dress" and "light" are mostly something else)."""
    out = {}
    for line in CONCRETE_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out[line.removesuffix(" *")] = line.endswith(" *")
    return out


def norm(text: str) -> str:
    """Lower case with straight apostrophes."""
    return text.replace("\u2019", "'").replace("\u2018", "'").lower().strip()


def words(text: str) -> list[str]:
    """Lower-case word tokens (apostrophes and hyphens kept inside words)."""
    return re.findall(r"[a-z][a-z'-]*", norm(text))


def lemma(word: str) -> str:
    """A noun's singular, by the common English plural endings."""
    for suffix, repl in (("ies", "y"), ("ves", "f"), ("ches", "ch"), ("shes", "sh"),
                         ("xes", "x"), ("sses", "ss"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not stop words or contractions."""
    fillers = load_cues()["fillers"]
    return [w for w in words(text) if len(w) >= 3 and "'" not in w
            and w not in ENGLISH_STOP_WORDS and w not in fillers]


def _names(text: str) -> set[str]:
    """Lower-cased words written with a capital inside a sentence: products, firms, places."""
    found = re.finditer(r"(?<![.!?:]\s)(?<!^)\b([A-Z][\w'-]+)", text.strip())
    return {m.group(1).lower() for m in found}


DETERMINERS = frozenset("a an the your our their its my his her that this every each no some "
                        "any".split())


def _is_thing(word: str, after_determiner: bool) -> bool:
    concrete = concrete_nouns()
    if word in concrete:  # "a leading platform": a marked -ing or -ed word is not a thing
        return not concrete[word] or (after_determiner and not word.endswith(("ing", "ed")))
    # A closed compound of two things is a thing too: glovebox, tollbooth, shoebox.
    return any(not concrete.get(word[:k], True) and not concrete.get(lemma(word[k:]), True)
               for k in range(3, len(word) - 2))


def thing_words(text: str) -> list[str]:
    """Lemmas of the words that name physical things, less names, idioms and the everyday
    tools of B2B talk."""
    cues = load_cues()
    literal, names, fillers = cues["literal_things"], _names(text), cues["fillers"]
    # Hyphenated images count by their parts: "the footprints-in-wet-cement idea".
    tokens = [part for w in words(cues["idioms_rx"].sub(" , ", norm(text)))
              for part in ([w] if w.count("-") < 2 else w.split("-"))]
    out = []
    for j, w in enumerate(tokens):
        if len(w) < 3 or "'" in w or w in ENGLISH_STOP_WORDS or w in fillers or w in names:
            continue
        base = lemma(w.strip("-'"))
        if base in literal or w in literal:
            continue
        if j and f"{tokens[j - 1]} {base}" in concrete_nouns() and tokens[j - 1] not in names:
            out.append(base)  # smoke alarm, tide chart: the head names the thing
            continue
        det = j > 0 and tokens[j - 1] in DETERMINERS
        if _is_thing(w, det) or _is_thing(base, det):
            out.append(base)
    return list(dict.fromkeys(out))


def has_any(text: str, phrases: Sequence[str]) -> int:
    """How many of the phrases occur in the (normalised) text as whole words."""
    return sum(1 for p in phrases if re.search(rf"\b{re.escape(p)}\b", text))


def is_small_talk(text: str) -> bool:
    """Openers and closers that carry no image: "sounds like a plan", "take care", "I'd like"."""
    return bool(load_cues()["small_talk"].search(norm(text)))


def image_parts(text: str, rare: Callable[[str], bool] | None = None) -> ImageParts:
    """One sentence's image evidence; `rare(lemma)` says a thing word is off the call's topic."""
    cues, low = load_cues(), norm(text)
    if not low or is_small_talk(low):
        return ImageParts(0.0, (), 0.0, True, 0.0)
    unfilled = cues["filler_like"].sub(" ", low)
    construction = sum(w for rx, w in cues["figurative_patterns"] if rx.search(unfilled))
    vehicles = tuple(w for w in thing_words(text) if rare is None or rare(w))
    for m in cues["identity"].finditer(unfilled):  # "X is the control tower", "into a glovebox"
        if set(thing_words(m.group(0))) & set(vehicles):
            construction += cues["identity_weight"]
            break
    construction = min(cues["construction_cap"], construction)
    vehicle = min(cues["vehicle_cap"], cues["vehicle_weight"] * len(vehicles))
    pen = cues["penalties"]
    penalty = 0.0
    if low.endswith("?"):
        penalty += pen["question"]
    if len(words(low)) < pen["short_words"]:
        penalty += pen["short"]
    if len(re.findall(r"\d+", low)) >= 2:  # ROI maths and prices are literal by nature
        penalty += pen["numbers"]
    penalty += pen["generic"] * has_any(low, cues["generic_sales"])
    penalty += pen["meeting"] * min(2, has_any(low, cues["meeting_talk"]))
    penalty += pen["cliche"] * has_any(low, cues["cliches"])  # figurative, but nobody coined it
    raw = construction + vehicle - penalty
    if not vehicles:  # an image needs a thing to picture
        raw = min(raw, cues["no_vehicle_cap"])
    return ImageParts(construction, vehicles, penalty, False, float(min(1.0, max(0.0, raw))))


def figurative_score(text: str, rare: Callable[[str], bool] | None = None) -> float:
    """How much a sentence reads as a coined image, in [0, 1] (no call context unless `rare`)."""
    return image_parts(text, rare).score


def resonance_score(reaction: str | None, phrasing: str | None = None) -> float:
    """How well the prospect's next turn took a line, in [0, 1]; no reaction scores 0."""
    if not reaction or not reaction.strip():
        return 0.0
    cues, low = load_cues(), norm(reaction)
    raw = sum(w for rx, w in cues["resonance_positive"] if rx.search(low))
    raw -= sum(w for rx, w in cues["resonance_negative"] if rx.search(low))
    # An engaged follow-up question asks about the thing, not "sorry, what?".
    if any(len(q.split()) >= 4 for q in re.findall(r"[^.!?]*\?", low)):
        raw += cues["resonance_question"]
    if phrasing is not None and set(content_words(phrasing)) & set(content_words(reaction)):
        raw += cues["resonance_echo"]  # the prospect picks up the image ("it really was a mystery")
    return float(min(1.0, max(0.0, raw)))
