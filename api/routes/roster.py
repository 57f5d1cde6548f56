"""The workspace rep roster: names or emails of your own sellers."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import ServicesDep

router = APIRouter(prefix="/roster", tags=["roster"])


class Roster(BaseModel):
    """Rep names or emails; calls ingested from now on use them to tell reps from prospects."""

    reps: list[str] = Field(default_factory=list, max_length=10_000)


@router.get("", response_model=Roster)
def read_roster(services: ServicesDep) -> Roster:
    """The roster: entries from CALLSIFT_REP_ROSTER plus those set here."""
    return Roster(reps=[*services.settings.roster, *services.store.roster.get()])


@router.put("", response_model=Roster)
def replace_roster(body: Roster, services: ServicesDep) -> Roster:
    """Replace the roster kept in the database."""
    services.store.roster.replace(body.reps)
    return read_roster(services)
