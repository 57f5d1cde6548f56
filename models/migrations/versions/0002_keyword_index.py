"""keyword index: SQLite FTS5 or PostgreSQL full-text search over sentences

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    # External-content FTS5 kept in sync by triggers, so every writer of `sentences`
    # (store, migrations, manual fixes) keeps the keyword index right.
    "CREATE VIRTUAL TABLE sentence_fts USING fts5(clean_text, content='sentences', "
    "content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN "
    "INSERT INTO sentence_fts(rowid, clean_text) VALUES (new.id, new.clean_text); END",
    "CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN "
    "INSERT INTO sentence_fts(sentence_fts, rowid, clean_text) "
    "VALUES ('delete', old.id, old.clean_text); END",
]
POSTGRES_UP = [
    "ALTER TABLE sentences ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', clean_text)) STORED",
    "CREATE INDEX ix_sentences_tsv ON sentences USING gin (tsv)",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for stmt in SQLITE_UP if dialect == "sqlite" else POSTGRES_UP:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("sentences_ad", "sentences_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS sentence_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_sentences_tsv")
        op.execute("ALTER TABLE sentences DROP COLUMN IF EXISTS tsv")
