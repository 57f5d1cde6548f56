"""Themes and trends for objections, pains and goals."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from api.deps import StoreDep
from api.themes_service import CallFilter, list_themes, trends
from models.insight_schemas import ThemeList, TrendSeries
from nlp.trends import Interval
from workers.client import enqueue_recluster

router = APIRouter(tags=["themes"])
ThemeType = Literal["objection", "pain", "goal"]


@router.get("/themes", response_model=ThemeList)
def read_themes(store: StoreDep, type: ThemeType = "objection",
                interval: Interval = "week") -> ThemeList:
    """Themes of one type: label, size, calls, first/last seen, lift and trend."""
    return list_themes(store, type, interval)


@router.post("/themes/recluster", status_code=202)
def recluster_themes() -> dict[str, str]:
    """Queue a full re-cluster; ids of themes that persist are kept."""
    enqueue_recluster()
    return {"status": "queued"}


@router.get("/trends", response_model=list[TrendSeries])
def read_trends(store: StoreDep, type: ThemeType = "objection", interval: Interval = "week",
                by: Literal["theme", "rep", "segment"] = "theme",
                rep: str | None = None, segment: str | None = None) -> list[TrendSeries]:
    """Counts per period per theme, per rep or per segment, flagged rising or falling."""
    return trends(store, type, interval, by, CallFilter(rep=rep, segment=segment))
