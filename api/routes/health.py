"""Health: database, index, broker and model."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import ServicesDep
from workers.client import broker_status

router = APIRouter(tags=["health"])


@router.get("/health")
def read_health(services: ServicesDep) -> JSONResponse:
    """Each dependency's state; 503 when the database or the index is down."""
    checks: dict[str, Any] = {}
    try:
        with services.store.db.session() as s:
            s.execute(text("SELECT 1"))
        checks["database"] = {"ok": True, "dialect": services.store.db.dialect}
    except Exception as exc:  # any failure here is the answer, not an error
        checks["database"] = {"ok": False, "error": str(exc)}
    checks["model"] = {"ok": services.model_loaded(), "name": services.settings.embedding_model}
    try:
        index = services.keeper.index
        checks["index"] = {"ok": True, "kind": index.kind, "size": index.size,
                           "seq": services.keeper.seq}
    except Exception as exc:
        checks["index"] = {"ok": False, "error": str(exc)}
    checks["broker"] = broker_status()
    ok = checks["database"]["ok"] and checks["index"]["ok"] and checks["broker"]["ok"]
    return JSONResponse(status_code=200 if ok else 503, content={"ok": ok, **checks})
