"""Theme labels: c-TF-IDF keyphrases (as in BERTopic) and the member nearest each centroid."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from nlp.cluster import unit_centroids


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


def ctfidf_labels(texts: Sequence[str], labels: np.ndarray, top_n: int = 4) -> dict[int, list[str]]:
    """Keyphrases (1-2 grams, English stopwords and spoken fillers removed, no word repeated)
    per cluster; outliers are skipped."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    labels = np.asarray(labels)
    classes = sorted(int(c) for c in np.unique(labels) if c >= 0)
    if not classes:
        return {}
    vectorizer = CountVectorizer(ngram_range=(1, 2),
                                 stop_words=sorted(ENGLISH_STOP_WORDS | SPOKEN_FILLERS))
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
