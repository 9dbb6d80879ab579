"""`flask --app app chama operator ...`: the accounts of the people who run
the service (`/admin`). They are made here only, never from the web, and the
password is typed twice at a hidden prompt, never given as an argument (it
would stay in the shell's history)."""
from __future__ import annotations

from datetime import datetime, timezone

import click

from chamabora.cli.groups import OperatorGroup
from chamabora.core.errors import ChamaError
from chamabora.services.people import operators
from chamabora.db.transaction import unit_of_work
from chamabora.composition.current import current_root

operator_cli = OperatorGroup("operator", help="Operator accounts for /admin.")


def _run(work):  # type: ignore[no-untyped-def]
    try:
        return unit_of_work(current_root().engine, work)
    except ChamaError as error:
        raise click.ClickException(f"{error.code}: {error}") from error


@operator_cli.command("add")
@click.argument("name")
def add(name: str) -> None:
    """Make an operator account; the password (12 characters or more) is asked twice."""
    try:
        username = operators.clean_name(name)
    except ChamaError as error:
        raise click.BadParameter(str(error), param_hint="NAME") from error
    password = click.prompt("Password", hide_input=True, confirmation_prompt="Again")
    try:
        operators.check_new_password(password)
    except ChamaError as error:
        raise click.ClickException(str(error)) from error
    operator_id = _run(lambda conn: operators.add(conn, username, password))
    click.echo(f"operator {username} added ({operator_id}); they log in at /admin/login")


@operator_cli.command("disable")
@click.argument("name")
def disable(name: str) -> None:
    """Disable an account for good and end its open sessions."""
    ended = _run(lambda conn: operators.disable(conn, name, datetime.now(timezone.utc)))
    click.echo(f"operator {operators.clean_name(name)} disabled; {ended} open sessions ended")


@operator_cli.command("list")
def listing() -> None:
    """Every operator: name, state, wrong passwords counted."""
    now = datetime.now(timezone.utc)
    rows = _run(operators.listing)
    if not rows:
        click.echo("no operators yet: add one with `chama operator add NAME`")
    for row in rows:
        state = ("disabled" if row.disabled_at else
                 f"locked until {row.locked_until:%Y-%m-%d %H:%M} UTC" if row.locked_until and row.locked_until > now
                 else "active")
        click.echo(f"{row.username:<24} {state:<34} wrong passwords {row.failures}  since {row.created_at:%Y-%m-%d}")
