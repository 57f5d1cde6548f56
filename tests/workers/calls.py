"""Small realistic sales calls for fault tests, and the check every fault test ends with."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

REPS = ["Priya Nair", "Tom Becker", "Ana Ruiz"]
PROSPECTS = ["Marcus Lee", "Dana Cole", "Wei Chen", "Sofia Rossi", "Jonas Berg"]
OPENERS = [
    "Thanks for making the time today.",
    "Just to set the agenda, I'd love to hear how your team works now.",
    "Appreciate you joining, I know the quarter end is busy.",
]
PAINS = [
    "Honestly, nobody owns the cloud bill and it keeps growing.",
    "We're locked in with our current vendor until March.",
    "The price is more than we budgeted for this year.",
    "I'd have to run it by our CFO before we commit to anything.",
    "Our engineers spend hours every week chasing alerts.",
]
ANSWERS = [
    "Think of us as a smoke detector for your cloud bill.",
    "We can start the pilot after your contract ends, so nothing overlaps.",
    "Most teams pay for the first year out of what they save in the first quarter.",
    "Happy to put together a one-page summary for your CFO.",
]
CLOSERS = [
    "That sounds reasonable, send me the proposal.",
    "Let's set up a follow-up with my manager next week.",
    "I need to think about it, but this was helpful.",
]
CITIES = ["Lisbon", "Denver", "Osaka", "Leeds", "Austin", "Gdansk", "Perth", "Quito"]


@dataclass(frozen=True)
class SmallCall:
    """A plain-text transcript; its external id is the file name without `.txt`."""

    external_id: str
    data: bytes
    turns: int
    probe: str  # a line only this call has, to search for

    @property
    def filename(self) -> str:
        """The upload's file name."""
        return f"{self.external_id}.txt"


def small_calls(n: int, prefix: str, seed: int = 7) -> list[SmallCall]:
    """`n` varied four-to-six-turn calls; shared lines across calls, one unique line each."""
    rng = random.Random(f"{prefix}-{seed}")
    out = []
    for i in range(n):
        rep, prospect = rng.choice(REPS), rng.choice(PROSPECTS)
        probe = (f"Our team in {rng.choice(CITIES)} handles about {100 + i * 7} "
                 f"{prefix} tickets a week.")
        lines = [f"{rep}: {rng.choice(OPENERS)}", f"{prospect}: {probe} {rng.choice(PAINS)}",
                 f"{rep}: {rng.choice(ANSWERS)}"]
        for _ in range(rng.randint(0, 2)):
            lines.append(f"{prospect}: {rng.choice(PAINS)}")
        lines.append(f"{prospect}: {rng.choice(CLOSERS)}")
        out.append(SmallCall(f"{prefix}-{i:03d}", ("\n".join(lines) + "\n").encode(),
                             len(lines), probe))
    return out


def assert_stored_once(pg_url: str, client, calls: list[SmallCall], *,  # type: ignore[no-untyped-def]
                       exclusive: bool = True) -> None:
    """Each call stored exactly once, all turns, no duplicate sentences, every vector, searchable.

    With `exclusive`, no other call may exist in the database either.
    """
    import sqlalchemy as sa

    engine = sa.create_engine(pg_url)
    wanted = {c.external_id: c for c in calls}
    try:
        with engine.connect() as conn:
            ids = Counter(conn.scalars(sa.text("SELECT external_id FROM calls")))
            turns = dict(conn.execute(sa.text(
                "SELECT c.external_id, count(t.id) FROM calls c JOIN turns t ON t.call_id = c.id "
                "GROUP BY c.external_id")).all())
            dup_sentences = conn.execute(sa.text(
                "SELECT call_id, turn_idx, sent_idx FROM sentences "
                "GROUP BY 1, 2, 3 HAVING count(*) > 1")).all()
            no_vector = conn.scalar(sa.text(
                "SELECT count(*) FROM sentences s LEFT JOIN vectors v "
                "ON v.text_hash = s.text_hash WHERE v.id IS NULL"))
            no_sentences = conn.scalars(sa.text(
                "SELECT external_id FROM calls c WHERE NOT EXISTS "
                "(SELECT 1 FROM sentences s WHERE s.call_id = c.id)")).all()
    finally:
        engine.dispose()
    assert {e: ids[e] for e in wanted if ids[e] != 1} == {}, "calls stored other than once"
    if exclusive:
        assert set(ids) == set(wanted), f"unexpected calls: {set(ids) - set(wanted)}"
    assert {e: turns.get(e) for e, c in wanted.items() if turns.get(e) != c.turns} == {}
    assert dup_sentences == [] and no_vector == 0 and not set(no_sentences) & set(wanted)
    for call in calls:
        assert_searchable(client, call)


def assert_searchable(client, call: SmallCall) -> None:  # type: ignore[no-untyped-def]
    """The call's unique line comes back from search, through the vector index too."""
    hits = client.get("/search", params={"q": call.probe, "call": call.external_id,
                                         "limit": 3}).json()["hits"]
    assert hits and hits[0]["external_id"] == call.external_id, (call.external_id, hits)
    assert any(h["dense_score"] is not None for h in hits), f"{call.external_id} not in FAISS"


def is_searchable(client, call: SmallCall) -> bool:  # type: ignore[no-untyped-def]
    """True once search finds the call's unique line through the vector index."""
    response = client.get("/search", params={"q": call.probe, "call": call.external_id,
                                             "limit": 3})
    hits = response.json().get("hits", []) if response.status_code == 200 else []
    return any(h["external_id"] == call.external_id and h["dense_score"] is not None
               for h in hits)
