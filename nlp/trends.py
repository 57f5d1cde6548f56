"""Counts of events per period, and whether a series is rising or falling."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np

Interval = Literal["week", "month"]
Direction = Literal["rising", "falling", "flat", "not enough data"]

MIN_PERIODS = 4
MIN_EVENTS = 5


def period_start(when: datetime | date, interval: Interval) -> date:
    """The Monday of the ISO week, or the first of the month."""
    day = when.date() if isinstance(when, datetime) else when
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def periods_between(first: date, last: date, interval: Interval) -> list[date]:
    """Every period start from first to last, so quiet periods count as zero."""
    out, cur = [], first
    while cur <= last:
        out.append(cur)
        if interval == "week":
            cur += timedelta(days=7)
        else:
            cur = date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
    return out


def count_series(events: Iterable[datetime | date], interval: Interval,
                 span: tuple[date, date] | None = None) -> list[tuple[date, int]]:
    """(period start, count) for every period in the span (default: the events' own span)."""
    counts = Counter(period_start(e, interval) for e in events)
    if not counts and span is None:
        return []
    first, last = span or (min(counts), max(counts))
    return [(p, counts.get(p, 0)) for p in periods_between(first, last, interval)]


@dataclass(frozen=True)
class TrendFlag:
    """Direction of a series, from the least-squares slope relative to its mean."""

    direction: Direction
    slope_per_period: float
    relative_change: float


def trend_flag(counts: Sequence[int], threshold: float = 0.25) -> TrendFlag:
    """Rising/falling when the fitted line changes by more than `threshold` of the mean
    over the series; too few periods or events is "not enough data"."""
    if len(counts) < MIN_PERIODS or sum(counts) < MIN_EVENTS:
        return TrendFlag("not enough data", 0.0, 0.0)
    y = np.asarray(counts, dtype=float)
    x = np.arange(len(y), dtype=float)
    slope = float(np.polyfit(x, y, 1)[0])
    change = slope * (len(y) - 1) / max(float(y.mean()), 1e-9)
    direction: Direction = "flat"
    if change > threshold:
        direction = "rising"
    elif change < -threshold:
        direction = "falling"
    return TrendFlag(direction, round(slope, 4), round(change, 3))
