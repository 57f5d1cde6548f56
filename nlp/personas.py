"""Persona signals from prospect speech and participant metadata.

Pure logic: the spaCy rules live in `nlp/personas_spacy.py`, which hands back `Mention`s;
`nlp/persona_targets.py` picks the sentences to read and `nlp/persona_rules.py` turns their
mentions into signals. Profiles are built in `nlp/persona_profiles.py`, personas in
`nlp/persona_clusters.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from models.domain import CallMeta, Participant, Sentence
from nlp.persona_cues import classified_signals, merge_pains_and_goals
from nlp.persona_industry import name_industries
from nlp.persona_intents import IntentModel
from nlp.persona_rules import sentence_signals, title_signals
from nlp.persona_sizes import BANDS
from nlp.persona_targets import People, find_targets, with_inferred_roles
from nlp.persona_types import PersonaSignal, PersonaTagger


def extract_signals(
    sentences: Sequence[Sentence],
    participants: Sequence[Participant],
    *,
    meta: CallMeta | None = None,
    tagger: PersonaTagger | None = None,
    vectors: np.ndarray | None = None,
    intents: IntentModel | None = None,
) -> list[PersonaSignal]:
    """Persona signals from prospect sentences, confirmed rep recaps and participant metadata.

    With the call's sentence vectors (rows as `sentences`) and an intent model, pains and goals
    also come from the classifier in `nlp/persona_intents.py`; without, from cue phrases alone.
    """
    if tagger is None:
        from nlp.personas_spacy import load_persona_tagger

        tagger = load_persona_tagger()
    sentences = with_inferred_roles(sentences)
    people = People.build(sentences, participants)
    if meta and meta.account and meta.account not in people.companies:
        people = replace(people, companies=(*people.companies, meta.account))
    signals = _metadata_signals(people, meta)
    targets = find_targets(sentences, people)
    for target, mentions in zip(targets, tagger.tag([t.text for t in targets]), strict=True):
        signals += sentence_signals(sentences, target, mentions, people)
    if vectors is not None and intents is not None and targets:
        rows = [t.index for t in targets]
        proba = intents.proba([t.text for t in targets], vectors[rows])
        scores = {t.index: (float(p[1]), float(p[2])) for t, p in zip(targets, proba, strict=True)}
        signals = merge_pains_and_goals(signals + classified_signals(sentences, targets, proba),
                                        scores)
    seen: set[tuple[str, str, int | None, str | None]] = set()
    out = []
    for s in signals:
        key = (s.kind, s.value.lower(), s.sentence_index, s.speaker)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _metadata_signals(people: People, meta: CallMeta | None) -> list[PersonaSignal]:
    out: list[PersonaSignal] = []
    for p in people.prospects:
        if p.title:
            evidence = f"{p.name}: {p.title}" + (f" ({p.company})" if p.company else "")
            out += title_signals(p.title, None, evidence, None, None, p.name, 1.0, "metadata")
    for company in people.companies:
        out.append(PersonaSignal("company", company, None, company, None, None, None, 1.0,
                                 "metadata"))
        for industry, weight in name_industries(company):
            out.append(PersonaSignal("industry", industry, None, f"company name: {company}",
                                     None, None, None, weight, "metadata", qualifier="name"))
    for tag in meta.tags if meta else []:
        band = tag.removeprefix("segment:")
        if tag.startswith("segment:") and band in {b for b, _ in BANDS}:
            out.append(PersonaSignal("company_size", band, None, f"tag {tag}", None, None, None,
                                     0.5, "metadata", qualifier="band"))
    return out
