"""Pains and goals from the sentence classifier: features, evidence rules, the shipped artefact.

The fast lane uses a hand-made IntentModel over fixed vectors; tests marked `model` load MiniLM
and the shipped weights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

from models.domain import Participant, Role, Sentence
from nlp.persona_cues import classified_signals, gist, has_content, not_a_pain_or_goal
from nlp.persona_intents import (
    LABELS,
    MODEL_PATH,
    N_CUES,
    IntentModel,
    _read,
    cue_features,
    examples_hash,
    load_examples,
)
from nlp.persona_targets import Target
from nlp.personas import extract_signals

PROSPECT = Participant(name="Dana Okafor", role="prospect", company="Northwind Freight")
REP = Participant(name="Priya Nair", role="rep", company="Stackwise")


def sentences_of(turns: Sequence[tuple[str, Role, list[str]]]) -> list[Sentence]:
    """Sentences of turns, with offsets into each turn's text."""
    out = []
    for t, (speaker, role, texts) in enumerate(turns):
        start = 0
        for k, text in enumerate(texts):
            out.append(Sentence(turn_index=t, sent_index=k, speaker=speaker, role=role,
                                text=text, clean_text=text, char_start=start,
                                char_end=start + len(text)))
            start += len(text) + 1
    return out


def model_preferring(kind: str, dim: int = 4) -> IntentModel:
    """A model whose every sentence scores `kind` at about 0.9."""
    coef = np.zeros((len(LABELS), dim + N_CUES), dtype=np.float32)
    intercept = np.zeros(len(LABELS), dtype=np.float32)
    intercept[LABELS.index(kind)] = 4.0
    return IntentModel("fake", "x", coef, intercept)


def test_cue_features_mark_desire_problem_and_solved() -> None:
    want = cue_features("What I want is the close done in five days.")
    pain = cue_features("We still key every invoice in by hand.")
    solved = cue_features("We used to lose invoices, but that's fixed now.")
    assert want[0] == 1.0 and pain[0] == 0.0
    assert pain[1] > 0
    assert solved[4] == 1.0
    assert len(want) == N_CUES


def test_model_probabilities_sum_to_one_per_sentence() -> None:
    model = model_preferring("pain")
    proba = model.proba(["a", "b"], np.zeros((2, 4), dtype=np.float32))
    assert proba.shape == (2, len(LABELS))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.proba([], np.zeros((0, 4))).shape == (0, len(LABELS))


def test_contentless_sentences_are_never_evidence() -> None:
    assert not has_content("That's the problem.")
    assert not has_content("Yeah, that's what kills us.")
    assert has_content("Approvals sit in someone's inbox for a week.")


def test_classifier_pains_quote_the_content_sentence_not_the_comment_on_it() -> None:
    sentences = sentences_of([
        ("Priya Nair", "rep", ["What slows you down?"]),
        ("Dana Okafor", "prospect", ["Approvals sit in someone's inbox for a week.",
                                     "That's the problem."]),
    ])
    targets = [Target(1, "speech", sentences[1].text), Target(2, "speech", sentences[2].text)]
    proba = model_preferring("pain").proba([t.text for t in targets], np.zeros((2, 4)))
    [pain] = classified_signals(sentences, targets, proba)
    assert pain.sentence_index == 1
    assert pain.evidence == "Approvals sit in someone's inbox for a week."
    assert (pain.char_start, pain.char_end) == (0, len(pain.evidence))


def test_requests_past_jobs_fixed_problems_and_headcounts_are_not_pains() -> None:
    for text in ("Make sure the invoice carries our PO number, or accounts bounce it.",
                 "I came from a retailer before this, and they never waited on anything.",
                 "We lost orders for a while, but we rebuilt the sync and it's been solid since.",
                 "The claims desk is forty-eight people across two sites."):
        assert not_a_pain_or_goal(text, "pain"), text
    assert not not_a_pain_or_goal("There are six of us and we still key invoices by hand.",
                                  "pain")


def test_gist_drops_interjections_and_a_name_in_front() -> None:
    assert gist("Yes, and we pay every supplier late.") == "We pay every supplier late."
    assert gist("And Ben, I want this live before spring.") == "I want this live before spring."
    assert gist("Approvals, invoices and POs sit in email.").startswith("Approvals, invoices")


def test_written_examples_have_ids_labels_sources_and_splits() -> None:
    examples = load_examples()
    assert len({e["id"] for e in examples}) == len(examples)
    assert {e["label"] for e in examples} == set(LABELS)
    assert all(e["source"] == "written" and e["split"] == "train" for e in examples)
    counts = Counter(e["label"] for e in examples)
    assert counts["pain"] >= 100 and counts["goal"] >= 80


def test_shipped_weights_match_the_examples_they_were_trained_on() -> None:
    shipped = _read(MODEL_PATH)
    assert shipped is not None, "run: python -m bench.quality_personas --build-intents"
    assert shipped.data_hash == examples_hash(), "examples changed: rebuild the weights"
    assert shipped.coef.shape[0] == len(LABELS)


@pytest.mark.model
def test_the_real_classifier_reads_pains_and_goals_in_a_call() -> None:
    from nlp.embed import load_embedder
    from nlp.persona_intents import load_intent_model
    from nlp.personas_spacy import load_persona_tagger

    embedder = load_embedder()
    sentences = sentences_of([
        ("Priya Nair", "rep", ["So what's slowing the team down right now?"]),
        ("Dana Okafor", "prospect", [
            "Honestly, we still retype every carrier invoice into the ledger by hand.",
            "What I want is for the close to be done in five working days.",
            "Could you send the deck over after this?"]),
    ])
    vectors = embedder.embed([s.clean_text for s in sentences])
    signals = extract_signals(sentences, [REP, PROSPECT], tagger=load_persona_tagger(),
                              vectors=vectors, intents=load_intent_model(embedder))
    found = {(s.kind, s.sentence_index) for s in signals if s.kind in {"pain", "goal"}}
    assert found == {("pain", 1), ("goal", 2)}
