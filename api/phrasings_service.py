"""Rep-coined phrasings over the whole corpus, recomputed only when calls or copy change."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field

import numpy as np

from models.insight_schemas import LiftPublic, MessagingGap, PhrasingPublic, PhrasingVariant
from models.store import Store
from nlp.embed import Embedder
from nlp.lift import Lift
from nlp.phrasings import CorpusSentence, Phrasing, messaging_gap, rank_phrasings


@dataclass
class PhrasingsService:
    """Ranks phrasings once per corpus version (change-log head + messaging library)."""

    store: Store
    embedder: Embedder
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: tuple[object, list[Phrasing], np.ndarray, dict[int, str]] | None = None

    def current_sentence_ids(self) -> set[int] | None:
        """The coined-phrasing sentences if the ranking is already current, else None.

        Search asks this instead of `sentence_ids`: ranking the whole corpus takes seconds to
        minutes, which a search request must never wait for.
        """
        claims, _ = self.store.messaging.vectors(self.embedder.name)
        version = (self.store.feed.head(), tuple(c.id for c in claims))
        cache = self._cache
        if cache is None or cache[0] != version:
            return None
        return {i for p in cache[1] for v in p.variants
                for i in (v.sentence_ids or (v.sentence_id,))}

    def ranked(self) -> tuple[list[Phrasing], np.ndarray, dict[int, str]]:
        """Phrasings, the rep-sentence vectors they were ranked on, and call external ids."""
        store = self.store
        claims, claim_vecs = store.messaging.vectors(self.embedder.name)
        version = (store.feed.head(), tuple(c.id for c in claims))
        with self._lock:
            if self._cache is None or self._cache[0] != version:
                self._cache = (version, *self._compute(claim_vecs))
            return self._cache[1], self._cache[2], self._cache[3]

    def _compute(self, claim_vecs: np.ndarray) -> tuple[list[Phrasing], np.ndarray, dict[int, str]]:
        store, emb = self.store, self.embedder
        rows = store.search.corpus("rep")
        ids, vecs = store.feed.vectors_of([r[0] for r in rows], emb.name, emb.dim)
        by_id = {int(i): v for i, v in zip(ids, vecs, strict=True)}
        rows = [r for r in rows if r[0] in by_id]
        corpus = [CorpusSentence(sentence_id=r[0], call_id=r[1], speaker=r[2], role="rep",
                                 text=r[3], turn_index=r[4], next_turn_text=r[5]) for r in rows]
        matrix = np.array([by_id[r[0]] for r in rows], dtype=np.float32).reshape(-1, emb.dim)
        calls = store.search.outcomes()
        outcomes = {cid: outcome for cid, (_, outcome) in calls.items()}
        phrasings = rank_phrasings(corpus, matrix, outcomes,
                                   claim_vecs if len(claim_vecs) else None)
        return phrasings, matrix, {cid: ext for cid, (ext, _) in calls.items()}

    def sentence_ids(self) -> list[int]:
        """Every sentence quoted by some use of a coined phrasing."""
        return sorted({i for p in self.ranked()[0] for v in p.variants
                       for i in (v.sentence_ids or (v.sentence_id,))})

    def gap(self) -> MessagingGap:
        """Phrasings far from the messaging library, and claims no rep line comes near."""
        phrasings, matrix, ext = self.ranked()
        claims, claim_vecs = self.store.messaging.vectors(self.embedder.name)
        far, unsaid = messaging_gap(phrasings, [c.text for c in claims], claim_vecs, matrix)
        return MessagingGap(
            rep_phrasings_off_message=[public(p, rank, ext) for rank, (p, _) in
                                       enumerate(far, start=1)],
            claims_never_said=[{"text": text, "closest_rep_similarity": round(sim, 3)}
                               for text, sim in unsaid])


def lift_public(lift: Lift) -> LiftPublic:
    """The API view of a lift."""
    return LiftPublic(**asdict(lift), summary=lift.summary)


def public(p: Phrasing, rank: int, external_ids: dict[int, str]) -> PhrasingPublic:
    """The API view of a phrasing."""
    return PhrasingPublic(
        rank=rank, text=p.text, total=round(p.total, 4),
        scores={k: round(float(v), 4) for k, v in p.scores.items()}, lift=lift_public(p.lift),
        speakers=list(p.speakers), call_count=len(p.calls),
        library_similarity=p.library_similarity, evidence=list(p.evidence),
        variants=[PhrasingVariant(sentence_id=v.sentence_id, call_id=v.call_id,
                                  external_id=external_ids.get(v.call_id, ""), speaker=v.speaker,
                                  text=v.text, reaction=v.reaction) for v in p.variants])
