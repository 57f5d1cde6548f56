"""Rep-coined phrasings: cues, boilerplate, grouping, lift statistics, ranking and messaging gap."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest

from nlp.lift import (
    distinctiveness,
    idf_rarity,
    newcombe_interval,
    outcome_lift,
    spread_score,
    wilson_interval,
)
from nlp.phrasings import (
    PHRASING_MIN,
    CorpusSentence,
    Phrasing,
    bigram_overlap,
    boilerplate_mask,
    figurative_score,
    group_variants,
    messaging_gap,
    rank_phrasings,
    resonance_score,
)
from tests.fakes import FakeEmbedder

AGENDA = "Just to set the agenda, I'd love to learn about your setup and agree on next steps."
SENSE = "Does that make sense?"
RECAP = "I'll send a recap with everything we covered by end of day."
# An analogy two reps use, with a prospect reaction, and filler around it.
ANALOGY_A = "Think of it as a lighthouse for your data warehouse costs."
ANALOGY_B = "We're basically a lighthouse for your warehouse spend, so you never hit the rocks."
LITERAL = "We ingest the billing export through a CSV file right now."


def _sentence(i: int, call: int, speaker: str, text: str,
              reaction: str | None = None) -> CorpusSentence:
    return CorpusSentence(sentence_id=i, call_id=call, speaker=speaker, role="rep", text=text,
                          turn_index=i, next_turn_text=reaction)


def _corpus(n_calls: int = 10) -> list[CorpusSentence]:
    """Every call opens with the script; calls 1 and 2 carry the analogy (two reps)."""
    rows: list[tuple[int, str, str, str | None]] = []
    for call in range(1, n_calls + 1):
        rep = "Ana" if call % 2 else "Ben"
        rows += [(call, rep, AGENDA, None), (call, rep, SENSE, "Yep."), (call, rep, RECAP, None),
                 (call, rep, f"Your team runs about {call * 10} services today.", "Okay.")]
    rows += [(1, "Ana", ANALOGY_A, "Ha, I love that."), (2, "Ben", ANALOGY_B, "Okay."),
             (3, "Ana", LITERAL, "Okay.")]
    return [_sentence(i, c, s, t, r) for i, (c, s, t, r) in enumerate(rows)]


def _outcomes(n_calls: int = 10) -> dict[int, str]:
    return {c: ("won" if c % 3 else "lost") for c in range(1, n_calls + 1)}


def _with(ranked: list[Phrasing], text: str) -> Phrasing:
    """The phrasing one of whose uses quotes the text (the two lighthouse lines group)."""
    return next(p for p in ranked if any(text in v.text for v in p.variants))


# --- figurative cues ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Stackwise is like a smoke detector for your cloud bill.",
    "Think of us as cruise control for your savings plans.",
    "Leaving staging up all weekend is basically leaving the oven on while you're away.",
    "And I see marketing a little bit like that support vehicle, working alongside sales to help them get where they need to get to.",
    "It's as useful as a chocolate teapot without the alerting.",
])
def test_figurative_score_flags_analogies(text: str) -> None:
    assert figurative_score(text) >= PHRASING_MIN


@pytest.mark.parametrize("text", [
    LITERAL, AGENDA, SENSE, "We would like a demo next week.",
    "I like working with your team.", "That's the low-hanging fruit, honestly.",
    "Is it something like a read-only role?",
    "Even at half, 550 thousand against a 210 thousand fee is a 2.6x return.",
])
def test_figurative_score_ignores_literal_generic_and_cliche_lines(text: str) -> None:
    assert figurative_score(text) < PHRASING_MIN


def test_figurative_score_on_real_podcast_transcripts(shared_data) -> None:  # type: ignore[no-untyped-def]
    """The peloton analogy in a real sales podcast scores; plain talk mostly doesn't."""
    import re

    for path in sorted((shared_data / "seeds").glob("*.txt")):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", path.read_text()) if s.strip()]
        flagged = [s for s in sentences if figurative_score(s) >= PHRASING_MIN]
        assert len(flagged) <= 0.05 * len(sentences), flagged
        for s in sentences:
            if "support vehicle, working alongside sales" in s:
                assert figurative_score(s) >= PHRASING_MIN


def test_figurative_score_is_bounded() -> None:
    loud = "Think of it as a house like a car like a boat, an analogy, a metaphor, imagine a dog."
    assert 0.0 <= figurative_score(loud) <= 1.0
    assert figurative_score("") == 0.0


# --- resonance ---------------------------------------------------------------------------

def test_resonance_of_laughing_approval_beats_a_bare_okay() -> None:
    assert resonance_score("Ha, I love that.") > resonance_score("Okay.")
    assert resonance_score("Okay.") <= 0.1


def test_resonance_without_a_prospect_reply_is_zero() -> None:
    assert resonance_score(None) == 0.0
    assert resonance_score("   ") == 0.0


def test_resonance_rewards_engaged_follow_up_and_echo() -> None:
    question = resonance_score("Does it actually buy them, or just recommend?")
    assert question > resonance_score("Okay.")
    echo = resonance_score("It really was a murder mystery.",
                           phrasing="We turn the bill from a murder mystery into a receipt.")
    assert echo > resonance_score("It really was.")


def test_resonance_of_doubt_is_below_neutral_interest() -> None:
    assert resonance_score("Hmm, not sure that applies to us.") < resonance_score("Interesting.")


# --- boilerplate -------------------------------------------------------------------------

def test_boilerplate_marks_scripted_and_short_lines_but_not_a_reused_analogy() -> None:
    corpus = _corpus()
    texts = [s.text for s in corpus]
    vecs = FakeEmbedder().embed(texts)
    mask = boilerplate_mask(texts, vecs, [s.call_id for s in corpus], [s.speaker for s in corpus])
    flagged = {t for t, m in zip(texts, mask, strict=True) if m}
    assert {AGENDA, SENSE, RECAP} <= flagged
    assert not {ANALOGY_A, ANALOGY_B, LITERAL} & flagged


def test_boilerplate_exempts_an_analogy_repeated_in_a_few_calls_but_not_everywhere() -> None:
    texts = [ANALOGY_A] * 3 + [LITERAL] * 3 + [f"Filler line number {i} about the rollout plan."
                                                 for i in range(4)]
    calls = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    vecs = FakeEmbedder().embed(texts)
    mask = boilerplate_mask(texts, vecs, calls, ["Ana"] * 10)
    assert not mask[:3].any()  # 3 of 10 calls, figurative: spread, not script
    assert mask[3:6].all()     # 3 of 10 calls, literal: script
    everywhere = boilerplate_mask([ANALOGY_A] * 6, FakeEmbedder().embed([ANALOGY_A] * 6),
                                  [1, 2, 3, 4, 5, 6], ["Ana"] * 6)
    assert everywhere.all()


# --- grouping ----------------------------------------------------------------------------

def test_group_variants_is_deterministic_and_numbered_by_first_row() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(2, 16))
    vecs = np.vstack([centres[[1, 0, 1, 0]] + 0.05 * rng.normal(size=(4, 16))])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    labels = group_variants(vecs, threshold=0.8)
    assert labels.tolist() == [0, 1, 0, 1]
    assert group_variants(vecs, threshold=0.8).tolist() == labels.tolist()


def test_group_variants_joins_a_reworded_image_by_shared_bigrams() -> None:
    texts = ["Rightsizing is like moving out of a five-bedroom house when it's just you and the cat.",
             "When teams size VMs for launch, it's moving out of a five-bedroom house with the cat."]
    orthogonal = np.eye(2, dtype=np.float32)  # embeddings that see nothing in common
    assert bigram_overlap(texts)[0, 1] >= 0.5
    assert group_variants(orthogonal, 0.5, texts=texts).tolist() == [0, 0]
    assert group_variants(orthogonal, 0.5).tolist() == [0, 1]


def test_group_variants_handles_empty_and_single_inputs() -> None:
    assert group_variants(np.zeros((0, 4), dtype=np.float32)).tolist() == []
    assert group_variants(np.ones((1, 4), dtype=np.float32) / 2).tolist() == [0]


# --- lift and the other statistics ---------------------------------------------------------

def test_wilson_interval_matches_scipy() -> None:
    ref = binomtest(81, 263).proportion_ci(method="wilson")
    assert wilson_interval(81, 263) == pytest.approx((ref.low, ref.high), abs=1e-9)


def test_newcombe_interval_matches_the_published_example() -> None:
    # Newcombe (1998), Stat Med 17:873, example (a): 56/70 vs 48/80, method 10.
    assert newcombe_interval(56, 70, 48, 80) == pytest.approx((0.0524, 0.3339), abs=1e-4)


def test_lift_below_threshold_says_not_enough_data_and_shows_no_rate() -> None:
    lift = outcome_lift({1, 2}, {1: "won", 2: "won", 3: "lost", 4: "lost", 5: "open"})
    assert not lift.enough_data
    assert lift.rate_with is None and lift.difference is None and lift.ci_low is None
    assert (lift.calls_with, lift.wins_with) == (2, 2)
    assert "not enough data" in lift.summary


def test_lift_with_enough_data_gives_counts_and_a_ci_containing_the_difference() -> None:
    outcomes = {c: ("won" if c <= 5 or c in (9, 10) else "lost") for c in range(1, 13)}
    outcomes[13] = "open"  # open calls count on neither side
    lift = outcome_lift({1, 2, 3, 4, 5, 6, 13}, outcomes, min_calls=5)
    assert lift.enough_data
    assert (lift.wins_with, lift.calls_with, lift.wins_without, lift.calls_without) == (5, 6, 2, 6)
    assert lift.difference == pytest.approx(5 / 6 - 2 / 6)
    assert lift.ci_low is not None and lift.ci_high is not None
    assert -1.0 <= lift.ci_low < lift.difference < lift.ci_high <= 1.0
    assert lift.baseline_rate == pytest.approx(7 / 12)


def test_spread_rises_with_calls_and_reps() -> None:
    assert spread_score(1, 1) == 0.0
    assert 0.0 < spread_score(3, 1) < spread_score(3, 2) < 1.0


def test_idf_rarity_scores_rare_words_higher() -> None:
    docs = [{"cloud", "bill"}, {"cloud", "bill"}, {"cloud", "lighthouse"}, set()]
    rarity = idf_rarity(docs)
    assert rarity[2] > rarity[0] and rarity[3] == 0.0


def test_distinctiveness_drops_to_zero_for_a_library_line() -> None:
    assert distinctiveness(0.8, 0.1) == pytest.approx(0.8)
    assert distinctiveness(0.8, 0.95) == 0.0


# --- ranking and the messaging gap (fake embedder) -----------------------------------------

def test_rank_phrasings_never_ranks_boilerplate() -> None:
    corpus = _corpus()
    vecs = FakeEmbedder().embed([s.text for s in corpus])
    ranked = rank_phrasings(corpus, vecs, _outcomes())
    texts = {v.text for p in ranked for v in p.variants}
    assert ANALOGY_A in texts
    assert not {AGENDA, SENSE, RECAP, LITERAL} & texts


def test_rank_phrasings_exposes_parts_total_and_evidence() -> None:
    corpus = _corpus()
    ranked = rank_phrasings(corpus, FakeEmbedder().embed([s.text for s in corpus]), _outcomes())
    top = _with(ranked, ANALOGY_A)
    assert set(top.scores) == {"figurative", "distinctiveness", "resonance", "spread", "lift"}
    assert all(0.0 <= v <= 1.0 for v in top.scores.values())
    assert not top.lift.enough_data and top.scores["lift"] == 0.5
    assert any("I love that" in e for e in top.evidence)
    assert top.library_similarity is None


def test_a_messaging_library_line_suppresses_distinctiveness() -> None:
    corpus, emb = _corpus(), FakeEmbedder()
    vecs = emb.embed([s.text for s in corpus])
    free = _with(rank_phrasings(corpus, vecs, _outcomes()), ANALOGY_A)
    library = emb.embed([ANALOGY_A])
    held = _with(rank_phrasings(corpus, vecs, _outcomes(), library), ANALOGY_A)
    assert free.scores["distinctiveness"] > 0.3
    assert held.scores["distinctiveness"] == 0.0
    assert held.total < free.total


def test_messaging_gap_lists_far_phrasings_and_unsaid_claims() -> None:
    corpus, emb = _corpus(), FakeEmbedder()
    vecs = emb.embed([s.text for s in corpus])
    ranked = rank_phrasings(corpus, vecs, _outcomes())
    claims = [AGENDA, "Quantum ledger harmonisation for procurement teams."]
    far, unsaid = messaging_gap(ranked, claims, emb.embed(claims), vecs)
    assert ANALOGY_A in {v.text for p, _ in far for v in p.variants}
    assert [t for t, _ in unsaid] == [claims[1]]


def test_rank_phrasings_on_an_empty_corpus_is_empty() -> None:
    assert rank_phrasings([], np.zeros((0, 8), dtype=np.float32), {}) == []


# --- with the real embedding model ---------------------------------------------------------

@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    """MiniLM, loaded once for this module."""
    from nlp.embed import load_embedder

    return load_embedder()


@pytest.mark.model
def test_an_analogy_used_by_two_reps_groups_together(embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus()
    corpus += [
        _sentence(100, 4, "Ben", "The way I describe it, Stackwise is a smoke detector for your cloud bill.",
                  "Ha, I like that."),
        _sentence(101, 5, "Ana", "We think of Stackwise as a carbon monoxide alarm for your AWS account.",
                  "Okay."),
        _sentence(102, 6, "Ana", "Buying commitments blind is like buying groceries for a party when you don't know who's coming.",
                  "That's exactly it."),
    ]
    vecs = embedder.embed([s.text for s in corpus])
    ranked = rank_phrasings(corpus, vecs, _outcomes())
    alarm = [p for p in ranked if any("smoke detector" in v.text for v in p.variants)]
    assert len(alarm) == 1
    assert {v.speaker for v in alarm[0].variants} == {"Ana", "Ben"}
    assert any("carbon monoxide" in v.text for v in alarm[0].variants)
    assert not any("groceries" in v.text for v in alarm[0].variants)
    texts = {v.text for p in ranked for v in p.variants}
    assert not {AGENDA, SENSE, RECAP} & texts


@pytest.mark.model
def test_a_paraphrased_library_claim_suppresses_distinctiveness(embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = _corpus()
    vecs = embedder.embed([s.text for s in corpus])
    library = embedder.embed(["Stackwise is a lighthouse for your data warehouse costs."])
    free = _with(rank_phrasings(corpus, vecs, _outcomes()), ANALOGY_A)
    held = _with(rank_phrasings(corpus, vecs, _outcomes(), library), ANALOGY_A)
    assert held.scores["distinctiveness"] < 0.5 * free.scores["distinctiveness"]
