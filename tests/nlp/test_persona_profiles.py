"""Per-call persona profiles and clustering profiles into personas (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.persona_clusters import cluster_personas, profile_features
from nlp.persona_profiles import PersonaProfile, build_profile
from nlp.persona_types import PersonaSignal


def sig(kind: str, value: str, conf: float = 0.8, *, number: int | None = None,
        qualifier: str | None = None, speaker: str = "Dana", index: int = 0) -> PersonaSignal:
    return PersonaSignal(kind, value, index, f"evidence for {value}", 0, 1, speaker, conf,
                         number=number, qualifier=qualifier)


def test_build_profile_takes_the_most_senior_title_and_its_function() -> None:
    profile = build_profile([
        sig("seniority", "ic", speaker="Sam"), sig("function", "engineering", speaker="Sam"),
        sig("seniority", "vp", speaker="Nina"), sig("function", "finance", speaker="Nina"),
    ])
    assert profile.seniority and profile.seniority.value == "vp"
    assert profile.function and profile.function.value == "finance"


def test_build_profile_prefers_an_explicit_team_over_a_headcount_by_role() -> None:
    # "My team is twelve" (explicit cue, 0.8) beats "we have 55 engineers" (a role count, 0.76):
    # the labelled set's team size is the team the speaker runs, not the function's headcount.
    profile = build_profile([
        sig("team_size", "55", 0.76, number=55, qualifier="engineers", index=1),
        sig("team_size", "12", number=12, qualifier="team", index=2),
    ])
    assert profile.team_size and profile.team_size.number == 12


def test_build_profile_drops_low_confidence_values_but_keeps_evidence() -> None:
    profile = build_profile([
        sig("tool", "AWS", 0.3), sig("tool", "GCP"), sig("tool", "GCP", index=4),
        sig("company_size", "650", 0.9, number=650),
    ])
    assert [t.value for t in profile.tools] == ["GCP"]
    assert len(profile.tools[0].evidence) == 2
    assert profile.company_size and profile.company_size.number == 650
    assert profile.company_band == "mid-market"


def profile(seniority: str, industry: str, band: str, tools: list[str],
            call_id: str) -> PersonaProfile:
    signals = [sig("seniority", seniority), sig("function", "engineering"),
               sig("industry", industry)] + [sig("tool", t) for t in tools]
    p = build_profile(signals, call_id=call_id)
    p.company_band = band
    return p


def test_profile_features_are_weighted_one_hots() -> None:
    matrix, names = profile_features([profile("vp", "fintech", "smb", ["AWS"], "a"),
                                      profile("head", "gaming", "smb", [], "b")])
    assert matrix.shape == (2, len(names))
    assert matrix[0, names.index("tool=AWS")] == pytest.approx(0.35)
    assert matrix[1, names.index("industry=gaming")] == 1.0
    assert matrix[1, names.index("tool=AWS")] == 0.0


@pytest.mark.parametrize("order", [list(range(9)), list(reversed(range(9)))])
def test_cluster_personas_separates_clear_groups_deterministically(order: list[int]) -> None:
    groups = [("vp", "fintech", "mid-market", ["AWS", "Kubernetes"]),
              ("c_level", "media", "smb", ["Azure"]),
              ("head", "gaming", "enterprise", ["GCP", "BigQuery"])]
    base = [profile(*groups[i % 3], call_id=f"c{i}") for i in range(9)]
    outcomes = ["won", "lost", "open"] * 3
    personas = cluster_personas([base[i] for i in order], [outcomes[i] for i in order])
    assert len(personas) == 3
    assert {frozenset(p.call_ids) for p in personas} == {
        frozenset({"c0", "c3", "c6"}), frozenset({"c1", "c4", "c7"}),
        frozenset({"c2", "c5", "c8"})}
    fintech = next(p for p in personas if "c0" in p.call_ids)
    assert fintech.label == "VP-level engineering leaders at mid-size fintech, AWS+Kubernetes"
    assert (fintech.call_count, fintech.won, fintech.win_rate) == (3, 3, 1.0)
    assert next(p for p in personas if "c2" in p.call_ids).win_rate is None  # only open calls
    freq = {(f.kind, f.value): f.frequency for f in fintech.signals}
    assert freq[("tool", "AWS")] == 1.0


def test_cluster_personas_handles_empty_and_single_inputs() -> None:
    assert cluster_personas([], []) == []
    [one] = cluster_personas([profile("vp", "fintech", "smb", [], "x")], ["lost"])
    assert (one.call_count, one.win_rate) == (1, 0.0)
    with pytest.raises(ValueError):
        cluster_personas([profile("vp", "fintech", "smb", [], "x")], [])


def test_cluster_personas_keeps_empty_profiles_apart_without_crashing() -> None:
    profiles = [PersonaProfile(call_id=f"e{i}") for i in range(4)]
    personas = cluster_personas(profiles, ["won"] * 4)
    assert sum(p.call_count for p in personas) == 4
    assert np.isfinite([p.win_rate or 0 for p in personas]).all()


# ------------------------------------------------------------------ model lane
