"""Objections: themes with counts and trends; a theme's quotes and the answers that win."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from api.deps import ServicesDep, StoreDep
from api.objections_service import objection_theme
from api.themes_service import list_themes
from models.schemas import ObjectionTheme, ThemeList
from nlp.trends import Interval

router = APIRouter(prefix="/objections", tags=["objections"])


@router.get("", response_model=ThemeList)
def list_objections(store: StoreDep, interval: Interval = "week") -> ThemeList:
    """Objection themes: label, categories, counts, calls, win-rate lift and trend."""
    return list_themes(store, "objection", interval)


@router.get("/{theme_id}", response_model=ObjectionTheme)
def read_objection_theme(theme_id: int, services: ServicesDep) -> ObjectionTheme:
    """One objection theme: its quotes and the rep answers ranked by win rate, with counts."""
    found = objection_theme(services.store, services.embedder, theme_id)
    if found is None:
        raise HTTPException(404, f"no objection theme {theme_id}")
    return found
