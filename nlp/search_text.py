"""What the keyword side of search sees in a text: content-word stems with their spans, BM25.

One analyser serves indexing, querying and highlighting, so a highlighted word is always one
that matched. Stop words, spoken fillers and negations ("don't") are dropped, contractions lose
their clitic ("we're" -> "we", a stop word), and a stem shorter than 3 letters falls back to
its word, so "use" never meets "us".
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?", re.IGNORECASE)
_CLITIC = re.compile(r"'(s|re|ll|d|ve|m)$", re.IGNORECASE)
# Spoken fillers and hedges carry no topic in a call transcript.
FILLERS = frozenset({
    "um", "uh", "erm", "er", "hmm", "mm", "mhm", "uhm", "ah", "oh", "yeah", "yep", "yup",
    "okay", "ok", "gonna", "wanna", "gotta", "kinda", "sorta", "really", "just", "actually",
    "basically", "literally", "right", "sure", "guess", "like", "know", "mean", "thing",
    "things", "lot", "stuff", "got", "get", "let", "yes", "hey", "hi", "thanks", "thank",
})
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | FILLERS
MIN_STEM = 3
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Token:
    """One content word: its stem and where the word sits in the text."""

    stem: str
    start: int
    end: int


@lru_cache(maxsize=65_536)
def stem(word: str) -> str | None:
    """The index form of one lower-case word, or None for a stop word or a lone letter."""
    word = word.replace("\u2019", "'")
    if word.endswith("n't"):  # negations: don't, doesn't, ain't (not "doe", not "ai")
        return None
    bare = _CLITIC.sub("", word)
    if len(bare) < 2 or bare in STOP_WORDS or word in STOP_WORDS:
        return None
    root = _stemmer.stemWord(bare)
    return root if len(root) >= MIN_STEM else bare


def tokens(text: str) -> list[Token]:
    """Content-word stems of a text with their character spans."""
    out = []
    for m in _WORD.finditer(text):
        root = stem(m.group().lower())
        if root is not None:
            out.append(Token(root, m.start(), m.end()))
    return out


def keywords(text: str) -> str:
    """The stored keyword form of a text: its stems joined by spaces (what gets indexed)."""
    return " ".join(t.stem for t in tokens(text))


def query_stems(query: str) -> list[str]:
    """A query's distinct stems, in order."""
    return list(dict.fromkeys(t.stem for t in tokens(query)))


def highlight(text: str, stems: Iterable[str]) -> str:
    """HTML-escaped text with every whole word whose stem is a query stem wrapped in <mark>."""
    wanted = set(stems)
    out, pos = [], 0
    for tok in tokens(text) if wanted else []:
        if tok.stem in wanted:
            out.append(html.escape(text[pos:tok.start]))
            out.append(f"<mark>{html.escape(text[tok.start:tok.end])}</mark>")
            pos = tok.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Bm25:
    """Okapi BM25 over a corpus known by its size, mean length and per-stem document counts."""

    documents: int
    mean_length: float
    k1: float = 1.2
    b: float = 0.75

    def idf(self, df: int) -> float:
        """Inverse document frequency, never negative (the Lucene form)."""
        return math.log(1.0 + (self.documents - df + 0.5) / (df + 0.5))

    def score(self, query: Sequence[str], doc: Sequence[str], df: Mapping[str, int]) -> float:
        """BM25 of one stored keyword list for the query stems."""
        if not doc:
            return 0.0
        norm = self.k1 * (1 - self.b + self.b * len(doc) / max(self.mean_length, 1e-9))
        total = 0.0
        for term in query:
            tf = doc.count(term)
            if tf:
                total += self.idf(df.get(term, 0)) * tf * (self.k1 + 1) / (tf + norm)
        return total
