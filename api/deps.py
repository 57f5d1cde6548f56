"""FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from api.services import Services
from models.store import Store
from models.store.filters import MAX_ID


def get_services(request: Request) -> Services:
    """The app's shared resources."""
    services: Services = request.app.state.services
    return services


def get_store(request: Request) -> Store:
    """The database store."""
    return get_services(request).store


ServicesDep = Annotated[Services, Depends(get_services)]
StoreDep = Annotated[Store, Depends(get_store)]
# A row id in a path: 64-bit, positive. Larger numbers are a 422, not an overflow in the driver.
IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="a numeric id")]
