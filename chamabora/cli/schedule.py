"""`flask --app app schedule ...`: list the calendar, run firings by hand
(for a moment or a whole day, in this process), and run the scheduler:
with REDIS_URL set it queues firings for RQ workers (`rq worker schedule`
or `flask --app app worker --queues schedule,...`); without it, firings
run in this process (the local default)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import click

from chamabora.cli.groups import OperatorGroup
from chamabora.core.schedule import NAIROBI
from chamabora.schedule.backends import InlineBackend, backend_for
from chamabora.schedule.clock import Clock, firings, local, next_firing, parse_at
from chamabora.schedule.entries import BY_ID, ENTRIES, Periodic
from chamabora.core.errors import ChamaError
from chamabora.services.notices.preferences import set_preferences
from chamabora.services.records import member_id_by_phone
from chamabora.composition.current import current_root

schedule_cli = OperatorGroup("schedule", help="The chama calendar: reminders, cycle closes, statements.")


def _chosen(names: tuple[str, ...]) -> list[Periodic]:
    unknown = [n for n in names if n not in BY_ID]
    if unknown:
        raise click.BadParameter(f"unknown entries {unknown}; see `schedule list`")
    return [BY_ID[n] for n in names] if names else list(ENTRIES)


@schedule_cli.command("list")
def list_entries() -> None:
    """Every entry with its id, Nairobi cron, scope and next firing."""
    now = datetime.now(NAIROBI)
    for entry in ENTRIES:
        upcoming = next_firing(entry, now, now + timedelta(days=32))
        following = f"{upcoming:%Y-%m-%d %H:%M}" if upcoming else "-"
        click.echo(f"{entry.id:<24} {entry.cron:<14} {entry.scope:<10} next {following}  {entry.target}")
        click.echo(f"{'':<24} {entry.about}")


@schedule_cli.command("run-once")
@click.argument("entries", nargs=-1)
@click.option("--at", "at", default=None, help="the firing moment, e.g. 2027-03-01T09:00 (Nairobi)")
@click.option("--date", "day", default=None, help="replay every firing of this day, YYYY-MM-DD")
def run_once(entries: tuple[str, ...], at: str | None, day: str | None) -> None:
    """Run entries in this process, for one moment (default now) or every firing of a day."""
    services = current_root()
    chosen, inline = _chosen(entries), InlineBackend(services)
    if day:
        start = datetime.combine(date.fromisoformat(day), time(), NAIROBI) - timedelta(minutes=1)
        moments = sorted((m, e.id) for e in chosen for m in firings(e, start, start + timedelta(days=1)))
    else:
        moment = local(parse_at(at) if at else datetime.now(NAIROBI))
        moments = [(moment, e.id) for e in chosen]
    for moment, entry_id in moments:
        inline.fire(BY_ID[entry_id], moment)
        click.echo(f"ran {entry_id} for {moment:%Y-%m-%d %H:%M}")


@schedule_cli.command("run")
@click.option("--every", default=20.0, type=float, show_default=True, help="seconds between ticks")
def run(every: float) -> None:
    """Fire entries as their times come (and the latest missed one of each on start)."""
    services = current_root()
    backend = backend_for(services)
    where = "RQ queue 'schedule'" if services.redis is not None else "this process"
    click.echo(f"scheduling {len(ENTRIES)} entries into {where}; Ctrl-C stops")
    Clock(ENTRIES, backend.fire).run_forever(every)


@schedule_cli.command("prefs")
@click.argument("phone")
@click.option("--email", default=None, help="where statements and alerts go (chairs and treasurers)")
@click.option("--no-email", is_flag=True, help="forget the email address")
@click.option("--night/--no-night", default=None, help="reminders in the quiet hours (21:00-07:00) too")
def prefs(phone: str, email: str | None, no_email: bool, night: bool | None) -> None:
    """Set a member's notification preferences."""
    services = current_root()
    try:
        services.run(lambda conn: set_preferences(conn, member_id_by_phone(conn, phone), email=email,
                                                  night_reminders=night, clear_email=no_email))
    except ChamaError as error:
        raise click.ClickException(f"{error.code}: {error}") from error
    click.echo(f"preferences saved for {phone}")
