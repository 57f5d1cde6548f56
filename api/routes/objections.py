"""Objections: themes with counts and trends; a theme's quotes and the answers that win."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from api.deps import IdPath, ServicesDep, StoreDep
from api.objections_service import objection_theme
from api.themes_service import CallFilter, list_themes
from models.insight_schemas import ObjectionTheme, ThemeList
from nlp.trends import Interval

router = APIRouter(prefix="/objections", tags=["objections"])


REP = Query(description="only calls with this rep on them")
SEGMENT = Query(description="only calls with this tag (e.g. segment:smb) or stage:NAME")


@router.get("", response_model=ThemeList)
def list_objections(store: StoreDep, interval: Interval = "week",
                    rep: Annotated[str | None, REP] = None,
                    segment: Annotated[str | None, SEGMENT] = None) -> ThemeList:
    """Objection themes: label, categories, counts, calls, win-rate lift and trend."""
    return list_themes(store, "objection", interval, CallFilter(rep=rep, segment=segment))


@router.get("/{theme_id}", response_model=ObjectionTheme)
def read_objection_theme(theme_id: IdPath, services: ServicesDep,
                         rep: Annotated[str | None, REP] = None,
                         segment: Annotated[str | None, SEGMENT] = None) -> ObjectionTheme:
    """One objection theme: its quotes and the rep answers ranked by win rate, with counts."""
    found = objection_theme(services.store, services.embedder, theme_id,
                            CallFilter(rep=rep, segment=segment))
    if found is None:
        raise HTTPException(404, f"no objection theme {theme_id}")
    return found
