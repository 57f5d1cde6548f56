"""Alembic environment: the URL comes from the caller's config (see models/db.py)."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from models.tables import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Keep autogenerate away from the keyword index, which 0002 and 0005 manage by hand."""
    return not (type_ == "table" and name is not None
                and name.startswith(("sentence_fts", "sentence_vocab")))


def run_migrations() -> None:
    """Run migrations on the connection passed in, or on a new engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
