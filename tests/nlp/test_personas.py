"""Persona signals from participants and prospect speech (profiles and clustering are in
test_persona_profiles.py).

The fast lane uses a recording fake tagger; tests marked `model` run the real spaCy rules + NER.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest

from models.domain import CallMeta, Participant, Role, Sentence
from nlp.persona_cues import short_phrase
from nlp.persona_lexicons import classify_title
from nlp.persona_profiles import build_profile
from nlp.persona_sizes import company_band, parse_number
from nlp.persona_types import Mention, PersonaSignal
from nlp.personas import extract_signals

REP = Participant(name="Priya Nair", role="rep", title="Account Executive", company="Stackwise")
PROSPECT = Participant(name="Dana Okafor", role="prospect", title="Head of Platform Engineering",
                       company="Northwind Freight")


def make_sentences(lines: Sequence[tuple[str, Role, str]]) -> list[Sentence]:
    """One sentence per turn, offsets covering the whole turn."""
    return [Sentence(turn_index=i, sent_index=0, speaker=speaker, role=role, text=text,
                     clean_text=text, char_start=0, char_end=len(text))
            for i, (speaker, role, text) in enumerate(lines)]


def of_kind(signals: Sequence[PersonaSignal], kind: str) -> list[PersonaSignal]:
    return [s for s in signals if s.kind == kind]


class RecordingTagger:
    """Finds nothing but remembers which texts it was asked to read."""

    name = "recording"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def tag(self, texts: Sequence[str]) -> list[list[Mention]]:
        self.seen += list(texts)
        return [[] for _ in texts]


# ------------------------------------------------------------------ fast lane: pure helpers


@pytest.mark.parametrize(("text", "expected"), [
    ("40", 40), ("1,800", 1800), ("twelve", 12), ("twenty-five", 25), ("twenty-odd", 20),
    ("2k", 2000), ("1.2k", 1200), ("a dozen", 12), ("two hundred", 200),
    ("three thousand five hundred", 3500), ("a couple of", 2), ("none at all", None),
])
def test_parse_number_reads_digits_and_number_words(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(("title", "level", "function"), [
    ("CTO and Co-founder", "c_level", "engineering"),
    ("CFO", "c_level", "finance"),
    ("VP of Finance", "vp", "finance"),
    ("Head of IT Procurement", "head", "procurement"),
    ("Director of Cloud Operations", "director", "engineering"),
    ("FP&A Manager", "manager", "finance"),
    ("Security and Compliance Lead", "lead", "security"),
    ("Lead Platform Engineer", "lead", "engineering"),
    ("Senior DevOps Engineer", "ic", "engineering"),
    ("Senior Corporate Counsel", "ic", "legal"),
])
def test_classify_title_gives_seniority_and_function(title: str, level: str, function: str) -> None:
    assert classify_title(title) == (level, function)


@pytest.mark.parametrize(("size", "band"), [(60, "smb"), (199, "smb"), (200, "mid-market"),
                                            (999, "mid-market"), (1000, "enterprise"),
                                            (None, None)])
def test_company_band_boundaries(size: int | None, band: str | None) -> None:
    assert company_band(size) == band


def test_short_phrase_drops_fillers_and_stops_at_the_clause_end() -> None:
    assert short_phrase("honestly, like, the tags, because nobody tags anything.") == "the tags"
    assert short_phrase("Forecasting commitments; it's guesswork") == "forecasting commitments"
    assert short_phrase("AWS bills - every month") == "AWS bills"
    assert short_phrase(" . ") == ""


def test_participant_titles_become_title_seniority_and_company_signals() -> None:
    sentences = make_sentences([("Priya Nair", "rep", "Hi Dana."),
                                ("Dana Okafor", "prospect", "Hi.")])
    signals = extract_signals(sentences, [REP, PROSPECT], tagger=RecordingTagger())
    assert [s.value for s in of_kind(signals, "title")] == ["Head of Platform Engineering"]
    seniority = of_kind(signals, "seniority")[0]
    assert (seniority.value, seniority.source, seniority.speaker) == ("head", "metadata",
                                                                      "Dana Okafor")
    assert [s.value for s in of_kind(signals, "company")] == ["Northwind Freight"]
    assert not [s for s in signals if s.speaker == "Priya Nair"]  # the rep's title is not persona


def test_participants_without_roles_count_as_prospects_when_they_speak_as_one() -> None:
    unknown = Participant(name="Farah Haddad", title="VP of Engineering", company="Harborline")
    rep = Participant(name="Tom Becker", title="Account Executive", company="Stackwise")
    sentences = make_sentences([("Tom Becker", "rep", "Morning."),
                                ("Farah Haddad", "prospect", "Morning Tom.")])
    signals = extract_signals(sentences, [rep, unknown], tagger=RecordingTagger())
    assert [s.value for s in of_kind(signals, "seniority")] == ["vp"]


def test_only_prospect_speech_and_confirmed_rep_recaps_are_read() -> None:
    tagger = RecordingTagger()
    sentences = make_sentences([
        ("Priya Nair", "rep", "We integrate natively with AWS and Slack."),
        ("Dana Okafor", "prospect", "Okay."),
        ("Priya Nair", "rep", "So Northwind is about 650 people, all on AWS."),
        ("Dana Okafor", "prospect", "That's right."),
        ("Priya Nair", "rep", "Our customers love the Slack digest."),
        ("Dana Okafor", "prospect", "Yeah, sounds useful."),
    ])
    extract_signals(sentences, [REP, PROSPECT], tagger=tagger)
    assert "We integrate natively with AWS and Slack." not in tagger.seen
    assert "So Northwind is about 650 people, all on AWS." in tagger.seen
    # agreed to, but the rep was talking about their own customers, not the prospect
    assert "Our customers love the Slack digest." not in tagger.seen


def test_segment_tag_gives_a_size_band_when_no_headcount_is_said() -> None:
    meta = CallMeta(tags=["segment:enterprise", "region:na"])
    signals = extract_signals(make_sentences([("Dana Okafor", "prospect", "Hi.")]), [PROSPECT],
                              meta=meta, tagger=RecordingTagger())
    profile = build_profile(signals)
    assert profile.company_size is None and profile.company_band == "enterprise"


# ------------------------------------------------------------------ fast lane: profiles


@pytest.fixture(scope="module")
def tagger():  # type: ignore[no-untyped-def]
    from nlp.personas_spacy import load_persona_tagger

    return load_persona_tagger()


def prospect_says(tagger, *texts: str) -> list[PersonaSignal]:  # type: ignore[no-untyped-def]
    lines = [("Priya Nair", "rep", "Tell me about your setup.")]
    lines += [("Dana Okafor", "prospect", t) for t in texts]
    return extract_signals(make_sentences(lines), [REP, PROSPECT], tagger=tagger)


def sizes(signals: Sequence[PersonaSignal]) -> set[tuple[str, int | None]]:
    return {(s.kind, s.number) for s in signals if s.kind in {"team_size", "company_size"}}


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("We have 40 engineers across six squads.", {("team_size", 40)}),
    ("It's a team of twelve, give or take.", {("team_size", 12)}),
    ("We have 40 SDRs and a dozen AEs.", {("team_size", 40), ("team_size", 12)}),
    ("Engineering is twenty-odd.", {("team_size", 20)}),
    ("Honestly it's me and two other engineers.", {("team_size", 3)}),
    ("I've got about twelve people directly.", {("team_size", 12)}),
    ("About 300 people company-wide.", {("company_size", 300)}),
    ("We just passed 2,000 employees.", {("company_size", 2000)}),
    ("We're a 300-person studio.", {("company_size", 300)}),
    ("We're about 3,500 people, 400 engineers, mostly AWS.",
     {("company_size", 3500), ("team_size", 400)}),
])
def test_sizes_found_in_prospect_speech(tagger, text: str, expected: set) -> None:  # type: ignore[no-untyped-def,type-arg]
    assert sizes(prospect_says(tagger, text)) == expected


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "We saved 40 percent on compute last year.",
    "We want this live in 2026.",
    "We hired 10 engineers last quarter.",
    "We process PHI for about 90 clinics.",
    "Our security team has a 240-question questionnaire.",
    "Right now engineering is one line item.",
    "It costs us forty grand a month.",
    "Let's keep it to one year for now.",
])
def test_numbers_that_are_not_sizes(tagger, text: str) -> None:  # type: ignore[no-untyped-def]
    assert sizes(prospect_says(tagger, text)) == set()


@pytest.mark.model
def test_we_are_n_people_means_the_team_after_talk_of_my_team(tagger) -> None:  # type: ignore[no-untyped-def]
    lines = [("Dana Okafor", "prospect", "My team has zero bandwidth."),
             ("Dana Okafor", "prospect", "We're migrating off the old CDN, and we're four people.")]
    sentences = make_sentences(lines)
    sentences[1] = sentences[1].model_copy(update={"turn_index": 0, "sent_index": 1})
    signals = extract_signals(sentences, [REP, PROSPECT], tagger=tagger)
    assert sizes(signals) == {("team_size", 4)}


@pytest.mark.model
def test_tools_used_versus_asked_about_described_or_dropped(tagger) -> None:  # type: ignore[no-untyped-def]
    signals = prospect_says(
        tagger, "Mostly EKS for services, Datadog for observability.",
        "Do you support Azure?", "A lot of tools seem to be AWS-first.",
        "We don't use Snowflake anymore.", "Honestly we cut them some slack.")
    profile = build_profile(signals)
    assert [t.value for t in profile.tools] == ["AWS", "Datadog", "Kubernetes"]
    azure = next(s for s in signals if s.value == "Azure")
    assert azure.qualifier == "question" and azure.confidence < 0.5
    snowflake = next(s for s in signals if s.value == "Snowflake")
    assert snowflake.qualifier == "negated"
    eks = next(s for s in signals if s.qualifier == "implied by EKS")
    assert eks.value == "AWS" and eks.evidence.startswith("Mostly EKS")


@pytest.mark.model
def test_a_rep_mentioning_aws_is_not_a_prospect_tool(tagger) -> None:  # type: ignore[no-untyped-def]
    sentences = make_sentences([
        ("Priya Nair", "rep", "You get a ping in Slack, and we cover AWS and GCP."),
        ("Dana Okafor", "prospect", "Okay, interesting."),
    ])
    signals = extract_signals(sentences, [REP, PROSPECT], tagger=tagger)
    assert of_kind(signals, "tool") == []


@pytest.mark.model
def test_a_confirmed_rep_recap_counts_with_lower_confidence(tagger) -> None:  # type: ignore[no-untyped-def]
    recap = "So Northwind is about 650 people, 55 engineers, all on GCP."
    confirmed = extract_signals(make_sentences([
        ("Priya Nair", "rep", recap), ("Dana Okafor", "prospect", "Correct.")]),
        [REP, PROSPECT], tagger=tagger)
    gcp = next(s for s in confirmed if s.kind == "tool")
    assert (gcp.value, gcp.source, gcp.speaker) == ("GCP", "rep_recap", "Priya Nair")
    assert gcp.confidence < 0.8
    assert sizes(confirmed) == {("company_size", 650), ("team_size", 55)}
    unconfirmed = extract_signals(make_sentences([
        ("Priya Nair", "rep", recap), ("Dana Okafor", "prospect", "Not quite, we moved.")]),
        [REP, PROSPECT], tagger=tagger)
    assert of_kind(unconfirmed, "tool") == [] and sizes(unconfirmed) == set()


@pytest.mark.model
def test_competitors_are_not_tools(tagger) -> None:  # type: ignore[no-untyped-def]
    signals = prospect_says(tagger, "We're on CloudMinder until January.",
                            "SpendScope quoted us less.")
    assert [s.value for s in of_kind(signals, "competitor")] == ["CloudMinder", "SpendScope"]
    assert of_kind(signals, "tool") == []


@pytest.mark.model
@pytest.mark.parametrize(("texts", "kind", "value"), [
    (["Our biggest headache is untagged resources."], "pain", "untagged resources"),
    (["We struggle with forecasting commitments."], "pain", "forecasting commitments"),
    (["We keep getting surprised by the invoice."], "pain", "the invoice"),
    (["And the problem, for Luis's benefit, is that nobody owns the bill."], "pain",
     "nobody owns the bill"),
    (["We're trying to get cloud spend under 10 percent of revenue."], "goal",
     "get cloud spend under 10 percent of revenue"),
    (["Our goal is to cut idle spend by a fifth this year."], "goal",
     "cut idle spend by a fifth this year"),
])
def test_pain_and_goal_cues_give_a_short_phrase(tagger, texts, kind, value) -> None:  # type: ignore[no-untyped-def]
    found = of_kind(prospect_says(tagger, *texts), kind)
    assert [s.value for s in found] == [value]
    assert found[0].evidence == texts[0]


@pytest.mark.model
def test_that_is_our_biggest_headache_points_at_the_previous_sentence(tagger) -> None:  # type: ignore[no-untyped-def]
    sentences = make_sentences([("Dana Okafor", "prospect", "Nobody owns the bill."),
                                ("Dana Okafor", "prospect", "That's our biggest headache.")])
    sentences[1] = sentences[1].model_copy(update={"turn_index": 0, "sent_index": 1})
    pains = of_kind(extract_signals(sentences, [REP, PROSPECT], tagger=tagger), "pain")
    assert {p.value for p in pains} == {"nobody owns the bill"}
    # the pain sits on the sentence that carries it, never on "That's our biggest headache."
    assert {p.sentence_index for p in pains} == {0}
    assert all(p.evidence.startswith("Nobody owns the bill.") for p in pains)


@pytest.mark.model
def test_no_goal_from_a_relative_clause_or_a_question(tagger) -> None:  # type: ignore[no-untyped-def]
    signals = prospect_says(tagger, "It's just not a problem we need to spend money on.",
                            "What's the main goal here?")
    assert of_kind(signals, "goal") == [] and of_kind(signals, "pain") == []


@pytest.mark.model
def test_titles_said_about_yourself_or_by_the_rep_but_not_about_others(tagger) -> None:  # type: ignore[no-untyped-def]
    rachel = Participant(name="Rachel Kim", role="prospect")
    sentences = make_sentences([
        ("Tom Becker", "rep", "So you're VP of Engineering, Rachel?"),
        ("Owen Park", "prospect", "Director of FP&A, yeah."),
        ("Rachel Kim", "prospect", "And our CFO signs off on anything over 50k."),
    ])
    signals = extract_signals(sentences, [rachel], tagger=tagger)
    titles = {(s.value, s.speaker, s.source) for s in of_kind(signals, "title")}
    assert titles == {("VP of Engineering", "Rachel Kim", "rep_attribution"),
                      ("Director of FP&A", "Owen Park", "speech")}
    assert build_profile(signals).seniority.value == "vp"  # type: ignore[union-attr]


@pytest.mark.model
def test_industry_from_self_description_and_company_name(tagger) -> None:  # type: ignore[no-untyped-def]
    signals = prospect_says(tagger, "We're a Series C fintech.")
    [industry] = [s for s in of_kind(signals, "industry") if s.source == "speech"]
    assert (industry.value, industry.qualifier, industry.confidence) == ("fintech",
                                                                          "self-described", 0.9)
    games = Participant(name="Chris Novak", role="prospect", company="Bluegill Games")
    named = extract_signals(make_sentences([("Chris Novak", "prospect", "Hi.")]), [games],
                            tagger=tagger)
    assert build_profile(named).industry.value == "gaming"  # type: ignore[union-attr]


@pytest.mark.model
def test_an_unlisted_tool_after_a_usage_cue_is_found(tagger) -> None:  # type: ignore[no-untyped-def]
    tools = of_kind(prospect_says(tagger, "We moved to Honeycomb last year."), "tool")
    assert [(t.value, t.qualifier) for t in tools] == [("Honeycomb", "usage")]


@pytest.mark.model
def test_signal_offsets_point_into_the_turn_text(tagger) -> None:  # type: ignore[no-untyped-def]
    turn = "Sure. We're all Terraform."
    sentence = Sentence(turn_index=0, sent_index=1, speaker="Dana Okafor", role="prospect",
                        text="We're all Terraform.", clean_text="We're all Terraform.",
                        char_start=6, char_end=len(turn))
    [tool] = extract_signals([sentence], [PROSPECT], tagger=tagger)[-1:]
    assert turn[tool.char_start:tool.char_end] == "Terraform"  # type: ignore[misc]


def test_missing_model_degrades_to_rules_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    from nlp.personas_spacy import load_persona_tagger

    with caplog.at_level(logging.WARNING):
        blank = load_persona_tagger("no_such_spacy_model_xyz")
    assert blank.name == "blank-en:rules"
    assert "unavailable" in caplog.text
    [mentions] = blank.tag(["We run on GKE. Our biggest headache is tagging."])
    assert {(m.label, m.key) for m in mentions} >= {("TOOL", "Kubernetes"),
                                                    ("PAIN_NOUN", "PAIN_NOUN")}


@pytest.mark.model
def test_sample_calls_keep_persona_accuracy() -> None:
    from bench.quality_personas import evaluate_sample

    result = evaluate_sample()
    assert result["overall"]["accuracy"] >= 0.9
    assert result["personas"] and sum(p["call_count"] for p in result["personas"]) == 14
