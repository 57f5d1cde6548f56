"""Search: hybrid semantic + keyword search over every sentence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import ServicesDep
from models.domain import Outcome, Role
from models.schemas import InsightType, SearchFilters, SearchHit

router = APIRouter(prefix="/search", tags=["search"])


class SearchResults(BaseModel):
    """Hits for a query."""

    query: str
    hits: list[SearchHit]


@router.get("", response_model=SearchResults)
def search_quotes(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="what to look for")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    role: Role | None = None,
    speaker: str | None = None,
    call: Annotated[str | None, Query(description="call id or external id")] = None,
    date_from: date | None = None,
    date_to: date | None = None,
    outcome: Outcome | None = None,
    tags: Annotated[list[str] | None, Query()] = None,
    type: Annotated[InsightType | None, Query(description="insight type")] = None,
    category: str | None = None,
    theme: int | None = None,
) -> SearchResults:
    """Quotes that match a query by meaning and by keyword, with speaker, call and context."""
    filters = SearchFilters(role=role, speaker=speaker, call=call, date_from=date_from,
                            date_to=date_to, outcome=outcome, tags=tags or [], type=type,
                            category=category, theme=theme)
    if type == "phrase":  # phrasings are ranked over the corpus, not stored per call
        filters = filters.model_copy(update={
            "type": None, "sentence_ids": services.phrasings.sentence_ids()})
    return SearchResults(query=q, hits=services.search.search(q, filters, limit))
