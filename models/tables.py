"""The database schema (SQLAlchemy 2). Alembic migrations in models/migrations mirror it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only autoincrements INTEGER PRIMARY KEY; Postgres gets a 64-bit id.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base for callsift tables."""


class Upload(Base):
    """The raw bytes a job ingests: the database is the one place every worker can read."""

    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    filename: Mapped[str | None] = mapped_column(String(512))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sidecar: Mapped[bytes | None] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Call(Base):
    """One sales call and its metadata."""

    __tablename__ = "calls"
    # Never reuse ids on SQLite: a deleted call's URL must not start showing another call.
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(512))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    account: Mapped[str | None] = mapped_column(String(255))
    outcome: Mapped[str] = mapped_column(String(16), default="unknown", index=True)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(128))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str | None] = mapped_column(String(512))
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The detectors that produced this call's insights (nlp/detector_version.py); NULL or
    # an older value: `callsift reanalyze` re-runs them.
    detector_version: Mapped[str | None] = mapped_column(String(64))


class Participant(Base):
    """A person on a call, with the role evidence resolved at ingest."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    role_source: Mapped[str] = mapped_column(String(16))
    role_confidence: Mapped[float] = mapped_column(Float)
    title: Mapped[str | None] = mapped_column(String(255))
    company: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    spoke: Mapped[bool] = mapped_column(default=True)


class Turn(Base):
    """A speaker turn; `text` is the display text."""

    __tablename__ = "turns"
    __table_args__ = (UniqueConstraint("call_id", "idx"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    start: Mapped[float | None] = mapped_column(Float)
    end: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)


class Sentence(Base):
    """A sentence of a turn: the unit callsift searches and quotes."""

    __tablename__ = "sentences"
    __table_args__ = (Index("ix_sentences_call_turn", "call_id", "turn_idx"),
                      {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    turn_idx: Mapped[int] = mapped_column(Integer)
    sent_idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    text: Mapped[str] = mapped_column(Text)
    clean_text: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    start: Mapped[float | None] = mapped_column(Float)
    text_hash: Mapped[str] = mapped_column(String(32), index=True)
    # Search fields (migration 0005): the vector of the sentence with its neighbours in the
    # turn, its keyword stems, and whether it is on the vector side at all (not a filler).
    window_hash: Mapped[str | None] = mapped_column(String(32), index=True)
    keywords: Mapped[str | None] = mapped_column(Text)
    searchable: Mapped[bool] = mapped_column(default=True, server_default=true())


class Vector(Base):
    """An embedding, stored once per (model, text hash): the cache and the source of truth."""

    __tablename__ = "vectors"
    __table_args__ = (UniqueConstraint("model", "text_hash"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    model: Mapped[str] = mapped_column(String(255))
    text_hash: Mapped[str] = mapped_column(String(32))
    dim: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Change(Base):
    """Append-only log of index changes, so every index replica can catch up incrementally."""

    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    op: Mapped[str] = mapped_column(String(8))  # "add" | "remove"
    call_id: Mapped[int] = mapped_column(BigInteger)
    sentence_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Job(Base):
    """A unit of background work with its state, progress and error."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), index=True)  # queued|running|succeeded|failed
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(512))
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    batch_id: Mapped[str | None] = mapped_column(String(36), index=True)
    call_id: Mapped[int | None] = mapped_column(BigInteger)
    external_id: Mapped[str | None] = mapped_column(String(255))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RosterEntry(Base):
    """The workspace rep roster: names or emails of the company's own sellers."""

    __tablename__ = "rep_roster"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    value: Mapped[str] = mapped_column(String(255), unique=True)


class Insight(Base):
    """Something a detector found: an objection, a persona signal, a tracker hit."""

    __tablename__ = "insights"
    __table_args__ = (Index("ix_insights_type_category", "type", "category"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    sentence_id: Mapped[int | None] = mapped_column(
        ForeignKey("sentences.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))  # objection | persona | tracker
    category: Mapped[str] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)
    value: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    theme_id: Mapped[int | None] = mapped_column(BigInteger, index=True)


class Theme(Base):
    """A cluster of insights with a stable id, a label and its centroid."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    label: Mapped[str] = mapped_column(String(512))
    keyphrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    representative_sentence_id: Mapped[int | None] = mapped_column(BigInteger)
    centroid: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Tracker(Base):
    """A user-defined concept: example phrases (and negatives) matched by meaning."""

    __tablename__ = "trackers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    examples: Mapped[list[str]] = mapped_column(JSON)
    negatives: Mapped[list[str]] = mapped_column(JSON, default=list)
    role: Mapped[str | None] = mapped_column(String(16))
    threshold: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MessagingClaim(Base):
    """A line of official marketing copy, to compare what reps actually say against."""

    __tablename__ = "messaging"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
