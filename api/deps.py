"""FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.services import Services
from models.store import Store


def get_services(request: Request) -> Services:
    """The app's shared resources."""
    services: Services = request.app.state.services
    return services


def get_store(request: Request) -> Store:
    """The database store."""
    return get_services(request).store


ServicesDep = Annotated[Services, Depends(get_services)]
StoreDep = Annotated[Store, Depends(get_store)]
