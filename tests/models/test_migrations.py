"""Migrations: the newest schema mirrors models/tables.py; 0004 leaves old calls stale."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from models.db import MIGRATIONS, make_engine, migrate
from models.tables import Base


def _upgrade(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_migrated_sqlite_schema_matches_the_tables(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    migrate(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": lambda o, name, kind, *_:
                                                     not (kind == "table" and name
                                                          and name.startswith(("sentence_fts",
                                                                               "sentence_vocab")))})
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_calls_stored_before_0004_have_no_detector_version_and_count_as_stale(
        tmp_path: Path) -> None:
    from models.store import open_store

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = make_engine(url)
    _upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO calls (external_id, content_hash, outcome, tags, notes, format, "
            "created_at, updated_at) VALUES ('old-1', 'h', 'won', '[]', '', 'text', "
            "'2026-01-01', '2026-01-01')")
    engine.dispose()
    store = open_store(url)  # migrates to the newest revision
    assert store.reanalysis.stale("any-version") == [1]
    assert store.reanalysis.counts("any-version") == (1, 1)
    store.db.dispose()
