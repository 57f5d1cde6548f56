"""The FastAPI application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.routes import (
    batches,
    calls,
    health,
    jobs,
    messaging,
    objections,
    pages,
    personas,
    phrases,
    roster,
    search,
    themes,
    trackers,
)
from api.services import open_services
from api.settings import ApiSettings, get_settings

log = logging.getLogger(__name__)


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """Build the app; resources open at start-up and close at shutdown."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = open_services(settings)
        app.state.services = services
        if settings.load_model_at_start:
            services.keeper.refresh(force=True)  # loads the embedder and the index
        yield
        if "keeper" in services.__dict__:
            services.keeper.save()
        services.store.db.dispose()

    app = FastAPI(title="callsift", version="0.1.0", lifespan=lifespan,
                  description="Search sales calls by meaning; get attributed quotes back.")
    errors.install(app)
    for module in (calls, jobs, batches, search, objections, themes, phrases, personas, trackers,
                   messaging, health, roster):
        app.include_router(module.router)
    pages.install(app)  # the dashboard, at /ui; `/` opens it
    return app
