"""Rep-coined phrasings, ranked, with every score component and its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServicesDep
from api.phrasings_service import public
from models.insight_schemas import MessagingGap, PhrasingPublic

router = APIRouter(prefix="/phrases", tags=["phrases"])


@router.get("", response_model=list[PhrasingPublic])
def list_phrases(services: ServicesDep,
                 limit: Annotated[int, Query(ge=1, le=200)] = 20,
                 speaker: str | None = None) -> list[PhrasingPublic]:
    """Phrasings reps coined, best first: distinctiveness, resonance, spread and lift."""
    phrasings, _, ext = services.phrasings.ranked()
    if speaker:
        phrasings = [p for p in phrasings if speaker.lower() in (s.lower() for s in p.speakers)]
    return [public(p, rank, ext) for rank, p in enumerate(phrasings[:limit], start=1)]


@router.get("/gap", response_model=MessagingGap)
def read_messaging_gap(services: ServicesDep) -> MessagingGap:
    """What reps say that the messaging library doesn't, and claims no rep ever says."""
    return services.phrasings.gap()
