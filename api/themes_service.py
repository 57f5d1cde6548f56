"""Theme views: sizes, reach, lift and trends, computed from stored insights."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from api.phrasings_service import lift_public
from models.domain import THEME_SOURCES
from models.insight_schemas import ThemeList, ThemePublic, TrendPoint, TrendSeries
from models.store import InsightRow, Store, ThemeRecord
from nlp.lift import outcome_lift
from nlp.trends import Interval, count_series, period_start, trend_flag


@dataclass(frozen=True)
class CallFilter:
    """Narrow a view to calls with a given rep on them and/or in a segment (tag or stage:NAME)."""

    rep: str | None = None
    segment: str | None = None

    def active(self) -> bool:
        """True when something is filtered."""
        return bool(self.rep or self.segment)


def theme_rows(store: Store, theme_type: str, only: CallFilter | None = None) -> list[InsightRow]:
    """The insights a theme type is made of, on the calls the filter keeps."""
    kind, category = THEME_SOURCES[theme_type]
    rows = [r for r in store.insights.rows(type=kind, category=category) if r.sentence_id]
    if only is None or not only.active():
        return rows
    reps = store.search.call_reps() if only.rep else {}
    rep = (only.rep or "").casefold()
    return [r for r in rows
            if (not rep or rep in (n.casefold() for n in reps.get(r.call_id, [])))
            and (not only.segment or only.segment in segments_of(r))]


def segments_of(row: InsightRow) -> list[str]:
    """A row's segments: its call's tags plus stage:NAME."""
    return row.tags + ([f"stage:{row.stage}"] if row.stage else [])


def span_of(rows: Sequence[InsightRow], interval: Interval) -> tuple[date, date] | None:
    """First and last period start over all rows, so every series shares one time axis."""
    dates = [r.call_date for r in rows if r.call_date]
    if not dates:
        return None
    return period_start(min(dates), interval), period_start(max(dates), interval)


def series(key: str, rows: Sequence[InsightRow], interval: Interval,
           span: tuple[date, date] | None) -> TrendSeries:
    """Counts per period over the shared span, with the rising/falling flag."""
    dates = [r.call_date for r in rows if r.call_date]
    points = count_series(dates, interval, span) if span else []
    flag = trend_flag([c for _, c in points])
    return TrendSeries(key=key, points=[TrendPoint(period=p, count=c) for p, c in points],
                       direction=flag.direction, relative_change=flag.relative_change)


def theme_public(theme: ThemeRecord, rows: Sequence[InsightRow], outcomes: dict[int, str],
                 interval: Interval, span: tuple[date, date] | None,
                 quote: str | None) -> ThemePublic:
    """A theme's summary from its member insights."""
    dates = [r.call_date for r in rows if r.call_date]
    return ThemePublic(
        id=theme.id, type=theme.type, label=theme.label, keyphrases=theme.keyphrases,
        representative_quote=quote, size=len(rows), call_count=len({r.call_id for r in rows}),
        first_seen=min(dates) if dates else None, last_seen=max(dates) if dates else None,
        lift=lift_public(outcome_lift({r.call_id for r in rows}, outcomes)),
        categories=dict(Counter(r.category for r in rows).most_common()),
        trend=series(str(theme.id), rows, interval, span))


def list_themes(store: Store, theme_type: str, interval: Interval = "week",
                only: CallFilter | None = None) -> ThemeList:
    """Every active theme of a type, largest first, with the unassigned share."""
    rows = theme_rows(store, theme_type, only)
    outcomes = {cid: out for cid, (_, out) in store.search.outcomes().items()}
    span = span_of(rows, interval)
    members: dict[int, list[InsightRow]] = defaultdict(list)
    for r in rows:
        if r.theme_id is not None:
            members[r.theme_id].append(r)
    texts = {r.sentence_id: r.text for r in rows}
    themes = [theme_public(th, members[th.id], outcomes, interval, span,
                           texts.get(th.representative_sentence_id))
              for th in store.themes.themes(theme_type) if members.get(th.id)]
    themes.sort(key=lambda th: (-th.size, th.id))
    unassigned = sum(1 for r in rows if r.theme_id is None)
    return ThemeList(type=theme_type, items=len(rows), unassigned=unassigned,
                     unassigned_share=round(unassigned / len(rows), 4) if rows else 0.0,
                     themes=themes)


def trends(store: Store, theme_type: str, interval: Interval, by: str,
           only: CallFilter | None = None) -> list[TrendSeries]:
    """Count series per theme, per rep on the call, or per segment (tag or stage)."""
    rows = theme_rows(store, theme_type, only)
    span = span_of(rows, interval)
    reps = store.search.call_reps() if by == "rep" else {}
    keys: dict[str, Callable[[InsightRow], list[str]]] = {
        "theme": lambda r: [str(r.theme_id)] if r.theme_id is not None else ["unassigned"],
        "rep": lambda r: reps.get(r.call_id, ["unknown"]),
        "segment": lambda r: segments_of(r) or ["untagged"],
    }
    groups: dict[str, list[InsightRow]] = defaultdict(list)
    for r in rows:
        for key in keys[by](r):
            groups[key].append(r)
    return [series(k, g, interval, span) for k, g in sorted(groups.items())]
