"""Dashboard pages: thin HTML shells; the browser fills them from the public JSON API."""

from __future__ import annotations

from pathlib import Path

import plotly
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import web
from api.deps import IdPath

router = APIRouter(prefix="/ui", include_in_schema=False)
templates = Jinja2Templates(directory=web.TEMPLATES)
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PAGES = {  # path -> (template, nav key, title)
    "search": ("search.html", "search", "Search"),
    "objections": ("objections.html", "objections", "Objections"),
    "phrasings": ("phrasings.html", "phrasings", "Phrasings"),
    "personas": ("personas.html", "personas", "Personas"),
    "calls": ("calls.html", "calls", "Calls"),
    "trackers": ("trackers.html", "trackers", "Trackers"),
    "upload": ("upload.html", "upload", "Upload"),
}


def _render(request: Request, name: str, template: str | None = None,
            **context: object) -> HTMLResponse:
    default, nav, title = PAGES[name]
    return templates.TemplateResponse(request, template or default,
                                      {"nav": nav, "title": title, **context})


@router.get("/objections/{theme_id}", response_class=HTMLResponse)
def objection_theme_page(request: Request, theme_id: IdPath) -> HTMLResponse:
    """One objection theme: quotes and the answers that win."""
    return _render(request, "objections", theme_id=theme_id, template="theme.html")


@router.get("/calls/{call_ref}", response_class=HTMLResponse)
def call_page(request: Request, call_ref: str) -> HTMLResponse:
    """One call's transcript with highlights."""
    return _render(request, "calls", call_ref=call_ref, template="call.html")


@router.get("/{name}", response_class=HTMLResponse)
def dashboard_page(request: Request, name: str) -> HTMLResponse:
    """A top-level dashboard page."""
    if name not in PAGES:
        return templates.TemplateResponse(request, "missing.html",
                                          {"nav": "", "title": "Not found"}, status_code=404)
    return _render(request, name)


@router.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    """Plotly's browser bundle, served from the installed plotly package (no CDN)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


def install(app: FastAPI) -> None:
    """Add the pages, their static assets, and `/` opening on the dashboard."""
    app.mount("/ui/static", StaticFiles(directory=web.STATIC), name="ui-static")
    app.include_router(router)

    @app.get("/", include_in_schema=False)
    def open_dashboard() -> RedirectResponse:
        """The dashboard's first page."""
        return RedirectResponse("/ui/search")
