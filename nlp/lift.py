"""The statistics behind phrasing scores: outcome lift with a CI, spread and distinctiveness.

Outcome lift is the win rate of calls that contain something against calls that don't.
Only decided calls (won or lost) count. The difference gets Newcombe's hybrid score
interval (Newcombe 1998, method 10), built from a Wilson interval on each rate. Both are
fine at small counts, where the normal approximation gives intervals outside [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

Z_95 = 1.959963984540054
DECIDED = ("won", "lost")
# Below this many decided calls on either side a rate is noise ("2 of 2 won"), so none is shown.
MIN_CALLS = 5
# Library similarity below LOW is unrelated (novelty 1.0); at HIGH and above it is the library line.
LIBRARY_LOW, LIBRARY_HIGH = 0.35, 0.8


@dataclass(frozen=True)
class Lift:
    """Win rate with vs without, their difference and its 95% CI; rates are None without data."""

    calls_with: int
    wins_with: int
    calls_without: int
    wins_without: int
    enough_data: bool
    rate_with: float | None = None
    rate_without: float | None = None
    baseline_rate: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None

    @property
    def summary(self) -> str:
        """A sentence a user can read: the numbers, or why there are none."""
        if not self.enough_data or self.difference is None:
            return (f"not enough data ({self.calls_with} decided calls with it, "
                    f"{self.calls_without} without)")
        return (f"{self.wins_with}/{self.calls_with} won with vs {self.wins_without}/"
                f"{self.calls_without} without: {self.difference:+.0%} "
                f"(95% CI {self.ci_low:+.0%} to {self.ci_high:+.0%})")


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_interval(wins_a: int, n_a: int, wins_b: int, n_b: int,
                      z: float = Z_95) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p_a - p_b (independent samples)."""
    p_a, p_b = wins_a / n_a, wins_b / n_b
    lo_a, hi_a = wilson_interval(wins_a, n_a, z)
    lo_b, hi_b = wilson_interval(wins_b, n_b, z)
    diff = p_a - p_b
    low = diff - math.sqrt((p_a - lo_a) ** 2 + (hi_b - p_b) ** 2)
    high = diff + math.sqrt((hi_a - p_a) ** 2 + (p_b - lo_b) ** 2)
    return max(-1.0, low), min(1.0, high)


def outcome_lift(calls_with: Set[int], outcomes: Mapping[int, str],
                 min_calls: int = MIN_CALLS) -> Lift:
    """Win rate of decided calls containing it vs decided calls without it, with a 95% CI."""
    decided = {c: o for c, o in outcomes.items() if o in DECIDED}
    with_ = [o for c, o in decided.items() if c in calls_with]
    without = [o for c, o in decided.items() if c not in calls_with]
    n_a, w_a = len(with_), with_.count("won")
    n_b, w_b = len(without), without.count("won")
    if n_a < min_calls or n_b < min_calls:
        return Lift(calls_with=n_a, wins_with=w_a, calls_without=n_b, wins_without=w_b,
                    enough_data=False)
    low, high = newcombe_interval(w_a, n_a, w_b, n_b)
    return Lift(calls_with=n_a, wins_with=w_a, calls_without=n_b, wins_without=w_b,
                enough_data=True, rate_with=w_a / n_a, rate_without=w_b / n_b,
                baseline_rate=(w_a + w_b) / (n_a + n_b), difference=w_a / n_a - w_b / n_b,
                ci_low=low, ci_high=high)


def lift_part(lift: Lift) -> float:
    """Lift as a score part in [0, 1]: 0.5 (neutral) without enough data, else 0.5 + diff / 2."""
    if not lift.enough_data or lift.difference is None:
        return 0.5
    return 0.5 + 0.5 * lift.difference


def spread_score(n_calls: int, n_speakers: int) -> float:
    """0 for a one-off; rises with each further call and each further rep, towards 1."""
    return 1.0 - 1.0 / (1.0 + 0.5 * (n_calls - 1) + 0.5 * (n_speakers - 1))


def idf_rarity(docs: Sequence[Set[str]]) -> list[float]:
    """Per doc, the mean IDF of its words over the docs, scaled to [0, 1); 0 for an empty doc."""
    df: dict[str, int] = {}
    for doc in docs:
        for w in doc:
            df[w] = df.get(w, 0) + 1
    scale = math.log(1 + len(docs)) or 1.0
    return [sum(math.log((1 + len(docs)) / (1 + df[w])) for w in d) / (len(d) * scale)
            if d else 0.0 for d in docs]


def distinctiveness(rarity: float, library_sim: float) -> float:
    """Rarity times distance from the messaging library (1.0 when nothing in it is close)."""
    novelty = (LIBRARY_HIGH - library_sim) / (LIBRARY_HIGH - LIBRARY_LOW)
    return float(rarity * min(1.0, max(0.0, novelty)))
