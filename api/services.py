"""The API process's long-lived resources, created once at start-up."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property

from api.index_keeper import IndexKeeper
from api.phrasings_service import PhrasingsService
from api.search_service import SearchService
from api.settings import ApiSettings
from models.store import Store, open_store
from nlp.embed import Embedder, load_embedder
from nlp.index import IndexParams
from nlp.search_ranking import RankWeights


@dataclass
class Services:
    """Store, embedder, index replica and search, shared by every request."""

    settings: ApiSettings
    store: Store
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def embedder(self) -> Embedder:
        """The query embedder (the API never loads spaCy)."""
        s = self.settings
        return load_embedder(s.embedding_model, s.embedding_batch_size, s.embedding_backend,
                             s.model_cache_dir)

    @cached_property
    def keeper(self) -> IndexKeeper:
        """This process's FAISS replica."""
        return IndexKeeper(
            self.store.feed, self.settings.index_path, model=self.embedder.name,
            dim=self.embedder.dim,
            params=IndexParams(self.settings.index_approx_threshold, self.settings.index_nprobe),
            refresh_seconds=self.settings.index_refresh_seconds,
            save_seconds=self.settings.index_save_seconds,
            window_weight=RankWeights().window,
        )

    @cached_property
    def search(self) -> SearchService:
        """Hybrid search over this replica."""
        return SearchService(self.store, self.keeper, self.embedder,
                             phrasing_ids=lambda: self.phrasings.current_sentence_ids() or set())

    @cached_property
    def phrasings(self) -> PhrasingsService:
        """Corpus-wide phrasing ranking, cached per corpus version."""
        return PhrasingsService(self.store, self.embedder)

    def model_loaded(self) -> bool:
        """True once the embedder is in memory."""
        return "embedder" in self.__dict__


def open_services(settings: ApiSettings) -> Services:
    """Connect to the database (migrating it) and prepare lazy resources."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings, store=open_store(settings.database_url))
