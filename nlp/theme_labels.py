"""Theme labels: a short noun phrase the typical members share, and the most typical member.

`theme_labels` scores candidate noun phrases (found by `nlp/theme_phrases.py`) with c-TF-IDF
over phrases rather than words: how many of a theme's most typical members say the phrase,
weighted by how typical they are, against how common it is in the other themes. A phrase
with a person's name or a filler head never wins. With no phrase shared by two members the
label is the most typical member's own core phrase. `ctfidf_labels` (BERTopic's keywords)
stays for `callsift cluster`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from nlp.cluster import unit_centroids
from nlp.theme_phrases import PhraseTagger, TextPhrases


def class_tfidf(counts: np.ndarray) -> np.ndarray:
    """BERTopic's c-TF-IDF on a (class x term) count matrix: tf_c * log(1 + A / f_t)."""
    counts = np.asarray(counts, dtype=np.float64)
    per_class = counts.sum(axis=1, keepdims=True)
    tf = counts / np.where(per_class > 0, per_class, 1.0)
    avg_words = counts.sum() / max(len(counts), 1)
    term_freq = counts.sum(axis=0)
    idf = np.log(1.0 + avg_words / np.where(term_freq > 0, term_freq, 1.0))
    return np.asarray(tf * idf)


def top_terms(ctfidf: np.ndarray, vocab: Sequence[str], n: int) -> list[list[str]]:
    """The n highest-scoring terms per class (ties by vocabulary order), zero scores dropped."""
    out = []
    for row in ctfidf:
        order = np.lexsort((np.arange(len(row)), -row))[:n]
        out.append([vocab[i] for i in order if row[i] > 0])
    return out


# Spoken fillers that sklearn's written-English stopword list lacks; in call transcripts they
# are frequent enough to win c-TF-IDF and make labels like "honestly, aside".
SPOKEN_FILLERS = frozenset("""
    actually basically honest honestly literally obviously seriously totally yeah yep yes okay
    ok oh um uh hmm gonna wanna kinda sorta sure right guess like just really maybe probably pretty
    thing things stuff lot bit plus ll ve don doesn didn isn wasn
""".split())


def distinct_terms(ranked: Sequence[str], n: int) -> list[str]:
    """The first n terms that repeat no word of an earlier pick ("aside, aside year" says
    "aside" twice and nothing more)."""
    picked: list[str] = []
    seen: set[str] = set()
    for term in ranked:
        words = set(term.split())
        if words & seen:
            continue
        picked.append(term)
        seen |= words
        if len(picked) == n:
            break
    return picked


def ctfidf_labels(texts: Sequence[str], labels: np.ndarray, top_n: int = 4,
                  exclude: Iterable[str] = ()) -> dict[int, list[str]]:
    """Keyphrases (1-2 grams, English stopwords, spoken fillers and `exclude`d words such as
    people's names removed, no word repeated) per cluster; outliers are skipped."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    labels = np.asarray(labels)
    classes = sorted(int(c) for c in np.unique(labels) if c >= 0)
    if not classes:
        return {}
    stop = ENGLISH_STOP_WORDS | SPOKEN_FILLERS | {w.lower() for w in exclude}
    vectorizer = CountVectorizer(ngram_range=(1, 2), stop_words=sorted(stop))
    try:
        doc_terms = vectorizer.fit_transform(texts)
    except ValueError:  # every word was a stopword: nothing to say
        return {c: [] for c in classes}
    rows = np.searchsorted(classes, labels[labels >= 0])
    members = np.flatnonzero(labels >= 0)
    onehot = csr_matrix((np.ones(len(members)), (rows, members)),
                        shape=(len(classes), len(labels)))
    counts = (onehot @ doc_terms).toarray()
    vocab = list(vectorizer.get_feature_names_out())
    ranked = top_terms(class_tfidf(counts), vocab, top_n * 4)
    return {c: distinct_terms(terms, top_n) for c, terms in zip(classes, ranked, strict=True)}


def representative(vectors: np.ndarray, labels: np.ndarray) -> dict[int, int]:
    """Index of the member closest (cosine) to each cluster's centroid; ties go to the first."""
    labels = np.asarray(labels)
    if not (labels >= 0).any():
        return {}
    centroids = unit_centroids(np.asarray(vectors, dtype=np.float64), labels)
    out: dict[int, int] = {}
    for c in sorted(int(c) for c in np.unique(labels) if c >= 0):
        members = np.flatnonzero(labels == c)
        out[c] = int(members[np.argmax(vectors[members] @ centroids[c])])
    return out


@dataclass(frozen=True)
class ThemeLabel:
    """A theme's readable label, its next-best phrases and its most typical member."""

    label: str
    phrases: list[str]
    representative: int


MIN_SUPPORT = 2  # a phrase said by one member is that member's, not the theme's
LEADING_FILLER = re.compile(r"^(?:(?:okay|ok|so|yeah|yes|well|um+|uh+|oh|look|honestly|right|"
                            r"and|but|i mean|you know|i guess|to be honest)[\s,.!-]+)+", re.I)

# A leading pronoun subject and its auxiliaries ("We're aiming to …" -> "aiming to …").
LEADING_SUBJECT = re.compile(
    r"^(?:i|we|they|you|it|this|that|my|our|their)(?:['’](?:m|re|d|ll|ve|s))?\s+"
    r"(?:(?:am|are|is|was|were|have|has|had|would|will|do|does|did|just|really|rather|be)"
    r"\s+)*", re.I)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """Lower-cased words of people's names ("Ben O'Neil" -> ben, o'neil)."""
    return frozenset(w for n in names for w in re.findall(r"[a-z][a-z'-]+", n.lower())
                     if len(w) > 1)


def words_of(phrase: str) -> set[str]:
    """Lower-cased words with possessives cut ("Ben's proposal" -> ben, proposal)."""
    return {re.sub(r"['’]s$", "", w) for w in re.findall(r"[a-z][a-z'’-]*", phrase.lower())}


def typical_members(vectors: np.ndarray, labels: np.ndarray,
                    sample: int) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per cluster: up to `sample` member indices, most typical (nearest the centroid) first,
    and their cosine to the centroid."""
    centroids = unit_centroids(np.asarray(vectors, dtype=np.float64), labels)
    out = {}
    for c in sorted(int(c) for c in np.unique(labels) if c >= 0):
        members = np.flatnonzero(labels == c)
        cos = np.asarray(vectors[members], dtype=np.float64) @ centroids[c]
        order = np.lexsort((members, -cos))[:sample]
        out[c] = (members[order], np.maximum(cos[order], 0.0))
    return out


def phrase_support(found: Sequence[TextPhrases], weights: np.ndarray,
                   banned: frozenset[str]) -> tuple[dict[str, float], dict[str, int],
                                                    dict[str, Counter[str]]]:
    """Per phrase key: typicality-weighted support, member count and its surface forms."""
    support: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for item, w in zip(found, weights, strict=True):
        seen = set()
        for ph in item.phrases:
            if words_of(ph.key) & banned or ph.key in seen:
                continue
            seen.add(ph.key)
            support[ph.key] += float(w)
            count[ph.key] += 1
            forms[ph.key][ph.text] += 1
    return support, count, forms


def core_phrase(text: str, found: TextPhrases, banned: frozenset[str],
                names: frozenset[str]) -> str:
    """The member's longest clean phrase, else its first words without leading fillers and
    without names."""
    clean = [p.text for p in found.phrases if not words_of(p.key) & banned]
    if clean:
        return max(clean, key=lambda t: (len(t.split()), -clean.index(t)))
    unnamed = " ".join(w for w in text.split() if not words_of(w) & names)
    words = LEADING_SUBJECT.sub("", LEADING_FILLER.sub("", unnamed.strip())).split()
    short = " ".join(words[:8]).rstrip(",;:.!?")
    return short + ("…" if len(words) > 8 else "")


def theme_labels(texts: Sequence[str], vectors: np.ndarray, labels: np.ndarray,
                 tagger: PhraseTagger, *, names: Iterable[str] = (), sample: int = 15,
                 top_n: int = 4) -> dict[int, ThemeLabel]:
    """A label per cluster (outliers skipped) from the phrases of its most typical members.

    `names` are people the texts may mention (reps, prospects); person names spaCy finds in
    the members are banned as well.
    """
    labels = np.asarray(labels)
    picks = typical_members(vectors, labels, sample)
    if not picks:
        return {}
    order = [(c, int(i), float(w)) for c, (idx, ws) in picks.items()
             for i, w in zip(idx, ws, strict=True)]
    found = tagger.analyse([texts[i] for _, i, _ in order])
    people = name_words(names) | name_words(n for f in found for n in f.names)
    banned = people | SPOKEN_FILLERS
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for pos, (c, _, _) in enumerate(order):
        by_cluster[c].append(pos)
    stats = {c: phrase_support([found[p] for p in pos], np.array([order[p][2] for p in pos]),
                               banned) for c, pos in by_cluster.items()}
    spread = Counter(k for _, count, _ in stats.values() for k in count)  # clusters per key
    out = {}
    for c, (support, count, forms) in stats.items():
        total = sum(order[p][2] for p in by_cluster[c]) or 1.0
        # A longer phrase says more: "CFO sign-off" beats "threshold" at equal support.
        scores = {k: support[k] / total * math.log(1.0 + len(stats) / spread[k])
                  * math.sqrt(min(len(k.split()), 4)) for k in support if count[k] >= MIN_SUPPORT}
        ranked = sorted(scores, key=lambda k: (-scores[k], -len(k.split()), k))
        phrases = distinct_phrases([forms[k].most_common(1)[0][0] for k in ranked], top_n)
        medoid = by_cluster[c][0]
        label = (longer_variant(ranked, scores, forms) if ranked
                 else core_phrase(texts[order[medoid][1]], found[medoid], banned, people))
        out[c] = ThemeLabel(label=label, phrases=phrases or [label],
                            representative=order[medoid][1])
    return out


def longer_variant(ranked: Sequence[str], scores: dict[str, float],
                   forms: dict[str, Counter[str]]) -> str:
    """The best phrase, or a longer one containing it that scores at least 60% as well
    ("CFO sign-off over a threshold" over "CFO sign-off")."""
    best = ranked[0]
    longer = [k for k in ranked[1:] if f" {best} " in f" {k} " and k != best
              and scores[k] >= 0.6 * scores[best]]
    pick = max(longer, key=lambda k: (len(k.split()), scores[k]), default=best)
    return forms[pick].most_common(1)[0][0]


def distinct_phrases(ranked: Sequence[str], n: int) -> list[str]:
    """The first n phrases, skipping one whose words all appear in an earlier pick."""
    picked: list[str] = []
    for text in ranked:
        words = set(text.lower().replace("-", " ").split())
        if any(words <= set(p.lower().replace("-", " ").split()) for p in picked):
            continue
        picked.append(text)
        if len(picked) == n:
            break
    return picked
