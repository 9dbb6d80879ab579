"""The operator's command groups: a command run before the database has its
tables says what to run instead of printing a traceback."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError, ProgrammingError

# what SQLite and PostgreSQL say when a table is missing
MISSING_TABLE = ("no such table", "does not exist")
MIGRATE_FIRST = ("The database has no Chamabora tables yet. Run `make migrate` (or `.venv/bin/alembic upgrade "
                 "heads` with the same DATABASE_URL), then run this command again.")


class OperatorGroup(AppGroup):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as error:
            if any(words in str(error.orig).lower() for words in MISSING_TABLE):
                raise click.ClickException(MIGRATE_FIRST) from None
            raise
