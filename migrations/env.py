"""Alembic environment: the database comes from Settings (DATABASE_URL), or from
the connection a caller hands over in `config.attributes["connection"]`."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from chamabora.db.engine import make_engine
from chamabora.db.schema import Base
from chamabora.settings import Settings

config = context.config
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        run_migrations(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Chamabora migrations run online only: set DATABASE_URL")
main()
