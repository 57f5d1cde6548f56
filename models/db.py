"""Engine, sessions and migrations for SQLite (embedded) or PostgreSQL (production)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine tuned per backend: WAL and foreign keys on SQLite, pre-ping on Postgres."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the API read while an in-process ingest writes.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Calls hold personal data and deal talk: the file is the owner's alone (SQLite gives the
    # -wal and -shm files the database file's mode).
    for _, _, path in cur.execute("PRAGMA database_list").fetchall():
        if path:
            try:
                os.chmod(path, 0o600)
            except OSError:  # not the owner: leave the mode to whoever made the file
                pass
    cur.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe to call on every start)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes starting together must not both run the migration.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(734201)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Database:
    """Owns an engine and hands out sessions that commit or roll back as a unit."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: commit on success, roll back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()
