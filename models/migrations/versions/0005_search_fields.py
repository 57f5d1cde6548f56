"""search fields: each sentence's context window, keyword stems and whether it is on the vector side

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# The keyword index now reads `keywords` (stems made by nlp.search_text at ingest) instead of
# stemming `clean_text` itself: Porter stems "use" to "us" and keeps stop words.
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS sentences_ai",
    "DROP TRIGGER IF EXISTS sentences_ad",
    "DROP TABLE IF EXISTS sentence_fts",
    "CREATE VIRTUAL TABLE sentence_fts USING fts5(keywords, content='sentences', "
    "content_rowid='id', tokenize='unicode61')",
    # External content must match the table from the start: rows stored before this have
    # NULL keywords, and a 'delete' for a row the index never counted corrupts it.
    "INSERT INTO sentence_fts(sentence_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE sentence_vocab USING fts5vocab(sentence_fts, 'row')",
    "CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN "
    "INSERT INTO sentence_fts(rowid, keywords) VALUES (new.id, new.keywords); END",
    "CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN "
    "INSERT INTO sentence_fts(sentence_fts, rowid, keywords) "
    "VALUES ('delete', old.id, old.keywords); END",
    # reanalyze rewrites the stems of stored sentences
    "CREATE TRIGGER sentences_au AFTER UPDATE OF keywords ON sentences BEGIN "
    "INSERT INTO sentence_fts(sentence_fts, rowid, keywords) "
    "VALUES ('delete', old.id, old.keywords); "
    "INSERT INTO sentence_fts(rowid, keywords) VALUES (new.id, new.keywords); END",
]
POSTGRES_UP = [
    "DROP INDEX IF EXISTS ix_sentences_tsv",
    "ALTER TABLE sentences DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE sentences ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(keywords, ''))) STORED",
    "CREATE INDEX ix_sentences_tsv ON sentences USING gin (tsv)",
]


def upgrade() -> None:
    # Rows stored before this have no window and no stems: they stay searchable by their
    # sentence vector alone until `callsift reanalyze` fills them in.
    op.add_column('sentences', sa.Column('window_hash', sa.String(length=32), nullable=True))
    op.create_index('ix_sentences_window_hash', 'sentences', ['window_hash'])
    op.add_column('sentences', sa.Column('keywords', sa.Text(), nullable=True))
    op.add_column('sentences', sa.Column('searchable', sa.Boolean(), nullable=False,
                                         server_default=sa.true()))
    for stmt in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("sentences_au", "sentences_ad", "sentences_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS sentence_vocab")
        op.execute("DROP TABLE IF EXISTS sentence_fts")
        op.execute("CREATE VIRTUAL TABLE sentence_fts USING fts5(clean_text, content='sentences', "
                   "content_rowid='id', tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN "
                   "INSERT INTO sentence_fts(rowid, clean_text) "
                   "VALUES (new.id, new.clean_text); END")
        op.execute("CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN "
                   "INSERT INTO sentence_fts(sentence_fts, rowid, clean_text) "
                   "VALUES ('delete', old.id, old.clean_text); END")
        op.execute("INSERT INTO sentence_fts(sentence_fts) VALUES ('rebuild')")
    else:
        op.execute("DROP INDEX IF EXISTS ix_sentences_tsv")
        op.execute("ALTER TABLE sentences DROP COLUMN IF EXISTS tsv")
        op.execute("ALTER TABLE sentences ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', clean_text)) STORED")
        op.execute("CREATE INDEX ix_sentences_tsv ON sentences USING gin (tsv)")
    op.drop_index('ix_sentences_window_hash', 'sentences')
    for name in ('searchable', 'keywords', 'window_hash'):
        op.drop_column('sentences', name)
