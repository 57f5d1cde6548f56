"""Buyer personas built from what prospects say and who they are."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.personas_service import list_personas
from models.insight_schemas import PersonaList

router = APIRouter(prefix="/personas", tags=["personas"])


@router.get("", response_model=PersonaList)
def read_personas(store: StoreDep) -> PersonaList:
    """Personas with their signals and frequencies, pains and goals, calls and win rate."""
    return list_personas(store)
