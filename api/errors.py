"""Map pipeline errors to HTTP answers a person can act on."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from nlp import errors as e

STATUS: dict[type[e.NLPError], int] = {
    e.EmptyTranscript: 422,
    e.BinaryContent: 415,
    e.UnknownFormat: 415,
    e.TranscriptTooLarge: 413,
    e.InvalidMetadata: 422,
    e.NoTurnsFound: 422,
}


def status_for(exc: e.NLPError) -> int:
    """The HTTP status for a pipeline error."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 422


async def _nlp_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, e.NLPError)
    return JSONResponse(status_code=status_for(exc),
                        content={"detail": str(exc), "error": type(exc).__name__})


def install(app: FastAPI) -> None:
    """Register the handlers."""
    app.add_exception_handler(e.NLPError, _nlp_error)
