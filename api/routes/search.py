"""Search: quotes ranked by meaning, boosted by keywords and insights, above a relevance floor."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel, Field

from api.deps import ServicesDep
from api.search_service import CANDIDATES
from models.domain import Outcome, Role
from models.schemas import InsightType, SearchFilters, SearchHit, SpanKind
from models.store.filters import MAX_ID

router = APIRouter(prefix="/search", tags=["search"])
MAX_OFFSET = CANDIDATES  # paging reaches a query's dense candidates, no further


class SearchResults(BaseModel):
    """Hits for a query, a cursor for the next page, and what to try when nothing matched."""

    query: str
    hits: list[SearchHit]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page")
    read_as: list[str] = Field(default_factory=list,
                               description="what the query was read as asking for (boosted)")
    message: str | None = Field(None, description="why there are no hits, and what to try")


def _fingerprint(q: str, filters: SearchFilters, span: str) -> str:
    body = json.dumps([q, filters.model_dump(mode="json"), span], sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def encode_cursor(offset: int, fingerprint: str) -> str:
    """An opaque cursor: where the next page starts, for this query and these filters only."""
    raw = json.dumps({"o": offset, "f": fingerprint}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, fingerprint: str) -> int:
    """The offset in a cursor; 400 if it is malformed or belongs to another query."""
    try:
        doc = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset, owner = doc["o"], doc["f"]
    except (ValueError, KeyError, TypeError) as exc:
        raise HTTPException(400, "cursor is not one this API returned") from exc
    if owner != fingerprint:
        raise HTTPException(400, "cursor belongs to another query or other filters")
    if type(offset) is not int or not 0 <= offset <= MAX_OFFSET:  # bool is an int too
        raise HTTPException(400, "cursor is out of range")
    return offset


def no_match_message(filters: SearchFilters) -> str:
    """What to tell someone whose query found nothing above the floor."""
    active = [k for k, v in filters.model_dump(exclude={"sentence_ids"}).items()
              if v not in (None, [], "")]
    if active:
        return (f"No good matches. Try dropping a filter ({', '.join(active)}), "
                "or describe what was said in other words.")
    return "No good matches. Try other words: describe what the buyer or the rep said."


@router.get("", response_model=SearchResults)
def search_quotes(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="what to look for")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    cursor: Annotated[str | None, Query(max_length=200, description="from next_cursor")] = None,
    span: Annotated[SpanKind, Query(description="quote the sentence, the sentence with its "
                                                "neighbours (window) or the whole turn")
                    ] = "sentence",
    role: Role | None = None,
    speaker: Annotated[str | None, Query(max_length=255,
                                         description="a speaker's name (exact, any case)")] = None,
    call: Annotated[str | None, Query(max_length=255, description="call id or external id")
                    ] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    outcome: Outcome | None = None,
    tags: Annotated[list[str] | None, Query()] = None,
    type: Annotated[InsightType | None, Query(description="insight type")] = None,
    category: Annotated[str | None, Query(max_length=64)] = None,
    theme: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """Quotes that match a query by meaning (boosted by keywords and insights), with context."""
    filters = SearchFilters(role=role, speaker=speaker, call=call, date_from=date_from,
                            date_to=date_to, outcome=outcome, tags=tags or [], type=type,
                            category=category, theme=theme)
    fingerprint = _fingerprint(q, filters, span)
    offset = decode_cursor(cursor, fingerprint) if cursor else 0
    asked = filters
    if type == "phrase":  # phrasings are ranked over the corpus, not stored per call
        filters = filters.model_copy(update={
            "type": None, "sentence_ids": services.phrasings.sentence_ids()})
    page = services.search.search(q, filters, limit, offset, span)
    nxt = page.next_offset
    body = SearchResults(
        query=q, hits=page.hits, read_as=page.intent.labels(),
        next_cursor=encode_cursor(nxt, fingerprint) if nxt is not None and nxt <= MAX_OFFSET
        else None,
        message=None if page.hits or offset else no_match_message(asked))
    # Already validated: serialised once here instead of re-validated by FastAPI (a few ms
    # for ten hits with their context turns).
    return Response(body.model_dump_json(), media_type="application/json")
