"""The store: every database query lives here, grouped by what it serves."""

from __future__ import annotations

from models.db import Database, migrate
from models.store.bulk import BulkStore
from models.store.calls import CallStore, CallWrite, SaveResult
from models.store.feed import ChangeRow, IndexFeed
from models.store.insights import InsightRow, InsightStore, InsightWrite
from models.store.jobs import JobStore, RosterStore, UploadData
from models.store.keywords import KeywordStore
from models.store.reanalysis import InsightReplace, ReanalysisStore, StoredCall
from models.store.search import SearchStore
from models.store.themes import ThemeRecord, ThemeStore, ThemeWrite
from models.store.trackers import DuplicateName, MessagingStore, TrackerStore

__all__ = ["BulkStore",
           "CallStore", "CallWrite", "ChangeRow", "Database", "DuplicateName", "IndexFeed",
           "InsightRow", "MessagingStore", "ThemeRecord", "ThemeStore", "ThemeWrite",
           "TrackerStore",
           "InsightReplace", "InsightStore", "InsightWrite", "JobStore", "KeywordStore",
           "ReanalysisStore", "RosterStore", "SaveResult", "SearchStore", "Store", "StoredCall",
           "UploadData", "open_store"]


class Store:
    """One database and its query groups."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.calls = CallStore(db)
        self.bulk = BulkStore(db)
        self.jobs = JobStore(db)
        self.roster = RosterStore(db)
        self.feed = IndexFeed(db)
        self.search = SearchStore(db)
        self.keywords = KeywordStore(db)
        self.insights = InsightStore(db)
        self.trackers = TrackerStore(db)
        self.messaging = MessagingStore(db)
        self.themes = ThemeStore(db)
        self.reanalysis = ReanalysisStore(db)


def open_store(url: str, *, run_migrations: bool = True) -> Store:
    """Connect and (by default) migrate to the newest schema."""
    db = Database(url)
    if run_migrations:
        migrate(db.engine)
    return Store(db)
