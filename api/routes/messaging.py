"""The messaging library: official marketing copy to compare rep language against."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel

from api.deps import IdPath, ServicesDep, StoreDep
from models.insight_schemas import MessagingClaimPublic, MessagingCreate
from nlp.clean import split_copy
from nlp.embed import text_hash

router = APIRouter(prefix="/messaging", tags=["messaging"])


class MessagingAdded(BaseModel):
    """How many claims were new, and the library now."""

    added: int
    claims: list[MessagingClaimPublic]


@router.post("", status_code=201, response_model=MessagingAdded)
def add_messaging(body: MessagingCreate, services: ServicesDep) -> MessagingAdded:
    """Add claims (a list, or copy split into sentences); duplicates are ignored."""
    texts = [c.strip() for c in body.claims if c.strip()] + split_copy(body.text or "")
    if not texts:
        raise HTTPException(422, "send 'claims' (a list of lines) or 'text' (marketing copy)")
    vectors = dict(zip([text_hash(x) for x in texts], services.embedder.embed(texts),
                       strict=True))
    added = services.store.messaging.add([(x, text_hash(x)) for x in texts], source=body.source,
                                         model=services.embedder.name, vectors=vectors)
    return MessagingAdded(added=added, claims=services.store.messaging.claims())


@router.get("", response_model=list[MessagingClaimPublic])
def list_messaging(store: StoreDep) -> list[MessagingClaimPublic]:
    """The messaging library."""
    return store.messaging.claims()


@router.delete("/{claim_id}", status_code=204)
def delete_messaging(claim_id: IdPath, store: StoreDep) -> Response:
    """Remove one claim."""
    if not store.messaging.delete(claim_id):
        raise HTTPException(404, f"no messaging claim {claim_id}")
    return Response(status_code=204)
