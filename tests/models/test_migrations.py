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


def _old_database(tmp_path: Path, revision: str):  # type: ignore[no-untyped-def]
    """A SQLite database at an older revision holding one call; returns (url, engine)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    engine = make_engine(url)
    _upgrade(engine, revision)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO calls (external_id, content_hash, outcome, tags, notes, format, "
            "created_at, updated_at) VALUES ('old-1', 'h', 'won', '[]', '', 'text', "
            "'2026-01-01', '2026-01-01')")
    return url, engine


def test_calls_stored_before_0004_have_no_detector_version_and_count_as_stale(
        tmp_path: Path) -> None:
    from models.store import open_store

    url, engine = _old_database(tmp_path, "0003")
    engine.dispose()
    store = open_store(url)  # migrates to the newest revision
    assert store.reanalysis.stale("any-version") == [1]
    assert store.reanalysis.counts("any-version") == (1, 1)
    store.db.dispose()


def test_sentences_stored_before_0005_can_be_updated_deleted_and_found_after_it(
        tmp_path: Path) -> None:
    import sqlalchemy as sa

    from models.schemas import SearchFilters
    from models.store import open_store

    url, engine = _old_database(tmp_path, "0004")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO turns (call_id, idx, speaker, role, text) "
                             "VALUES (1, 0, 'Bo', 'prospect', 'x')")
        for i, text in enumerate(["We're locked in with CloudMinder.", "Budget is frozen.",
                                  "Security review first.", "Hello there.", "Send pricing."]):
            conn.execute(sa.text(
                "INSERT INTO sentences (call_id, turn_id, turn_idx, sent_idx, speaker, role, "
                "text, clean_text, char_start, char_end, text_hash) VALUES "
                "(1, 1, 0, :i, 'Bo', 'prospect', :t, :t, 0, 1, :h)"), {"i": i, "t": text,
                                                                      "h": f"h{i}"})
    engine.dispose()
    store = open_store(url)  # 0005 on top of rows it must index as they are (no stems yet)
    with store.db.engine.begin() as conn:  # what reanalyze does to an old row
        conn.exec_driver_sql("UPDATE sentences SET keywords = 'lock cloudmind' WHERE id = 1")
        conn.exec_driver_sql("DELETE FROM sentences WHERE id = 2")
        # raises "database disk image is malformed" if the index and the table disagree
        conn.exec_driver_sql(
            "INSERT INTO sentence_fts(sentence_fts, rank) VALUES ('integrity-check', 1)")
    assert store.keywords.rare_matches(["cloudmind"], SearchFilters(), 5) == [1]
    assert store.keywords.doc_freqs(["cloudmind", "budget"]) == {"cloudmind": 1, "budget": 0}
    store.db.dispose()
