"""Operator command line: `flask --app app chama ...` drives the core before
(and beside) the channels. Every command is one unit of work."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

import click

from chamabora.cli.groups import OperatorGroup
from chamabora.services.claims.store import rejected_claim
from chamabora.core.chama import ChamaTerms, FineRule, Frequency, Role, RotationMode
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.core.schedule import today_in_nairobi
from chamabora.core.phone import normalize_phone
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.lending import policy
from chamabora.services.chama import rule_changes
from chamabora.services.chama import rules
from chamabora.services.ledger import statements
from chamabora.services.records import load_chama, member_id_by_phone, record_audit
from chamabora.db.transaction import unit_of_work
from chamabora.composition.current import current_root
from chamabora.cli.fraud import fraud_cli
from chamabora.cli.jobs import worker_cli
from chamabora.cli.mpesa import daraja_cli
from chamabora.cli.mpesa_parser import mpesa_cli
from chamabora.cli.operators import operator_cli
from chamabora.cli.parser import command_cli
from chamabora.cli.schedule import schedule_cli

chama_cli = OperatorGroup("chama", help="Drive chamas from the command line.")


def _run(work):  # type: ignore[no-untyped-def]
    try:
        return unit_of_work(current_root().engine, work)
    except ChamaError as error:
        raise click.ClickException(f"{error.code}: {error}") from error


def _day(value: str | None) -> date:
    return date.fromisoformat(value) if value else today_in_nairobi()


def _money(value: str) -> Money:
    try:
        return Money.parse(value)
    except ChamaError as error:
        raise click.BadParameter(str(error)) from error


@chama_cli.command("register")
@click.argument("phone")
@click.argument("name")
@click.option("--lang", default="en", type=click.Choice(["en", "sw"]))
def register(phone: str, name: str, lang: str) -> None:
    member_id = _run(lambda c: membership.register_member(c, phone, name, lang))
    click.echo(f"registered member {member_id}")


@chama_cli.command("create")
@click.argument("name")
@click.option("--founder", required=True, help="the chair's phone")
@click.option("--amount", required=True, help="contribution per cycle, e.g. 1000")
@click.option("--frequency", type=click.Choice([f.value for f in Frequency]), default="monthly")
@click.option("--anchor", required=True, help="first due date, YYYY-MM-DD")
@click.option("--grace", default=0, type=int)
@click.option("--fine", "fine_flat", default="0", help="flat fine per late cycle")
@click.option("--fine-percent", default=0.0, type=click.FloatRange(0, 100), help="percent of unpaid")
@click.option("--per-day", is_flag=True)
@click.option("--cap", default=None)
@click.option("--rotation", type=click.Choice([m.value for m in RotationMode]), default="join_order")
@click.option("--code", default=None, help="join code; a fresh one if omitted")
def create(name, founder, amount, frequency, anchor, grace, fine_flat, fine_percent, per_day, cap,
           rotation, code) -> None:  # type: ignore[no-untyped-def]
    try:
        fine = FineRule(_money(fine_flat), round(fine_percent * 100), per_day,
                        _money(cap) if cap else None)
        terms = ChamaTerms(_money(amount), Frequency(frequency), date.fromisoformat(anchor), grace,
                           fine, RotationMode(rotation))
    except (ChamaError, ValueError) as error:
        raise click.ClickException(str(error)) from error

    def work(conn):  # type: ignore[no-untyped-def]
        chama_id = membership.create_chama(conn, member_id_by_phone(conn, founder), name, terms, code)
        return load_chama(conn, chama_id)

    chama = _run(work)
    click.echo(f"created chama {chama.id} {chama.name} join code {chama.join_code}")


@chama_cli.command("join")
@click.argument("code")
@click.argument("phone")
@click.option("--date", "on", default=None)
def join(code: str, phone: str, on: str | None) -> None:
    joined = _run(lambda c: membership.join_chama(c, member_id_by_phone(c, phone), code, _day(on)))
    click.echo(f"joined as number {joined.join_seq}; contributions start with cycle {joined.first_cycle + 1}")


@chama_cli.command("role")
@click.argument("code")
@click.argument("actor_phone")
@click.argument("phone")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def role(code: str, actor_phone: str, phone: str, role: str) -> None:
    _run(lambda c: membership.assign_role(c, load_chama(c, code).id, member_id_by_phone(c, actor_phone),
                                          member_id_by_phone(c, phone), Role(role)))
    click.echo(f"{phone} is now {role}")


@chama_cli.command("pay")
@click.argument("code")
@click.argument("phone")
@click.argument("amount")
@click.option("--ref", required=True, help="the outside reference, e.g. the M-Pesa receipt")
@click.option("--date", "on", default=None)
def pay(code: str, phone: str, amount: str, ref: str, on: str | None) -> None:
    money = _money(amount)

    def work(conn):  # type: ignore[no-untyped-def]
        chama_id, member_id = load_chama(conn, code).id, member_id_by_phone(conn, phone)
        dead = rejected_claim(conn, ref)
        if dead is not None:
            # refused, and the attempt kept: the audit row commits with this unit of work
            record_audit(conn, "receipt.dead_refused", chama_id, member_id, code=ref.strip().upper(),
                         channel="cli", first_member=dead.member_id)
            return None
        return payments.record_payment(conn, chama_id, member_id, money, f"manual:{ref}", _day(on))

    result = _run(work)
    if result is None:
        raise click.ClickException(f"{ref} was rejected as not paid: a rejected M-Pesa code is never recorded")
    if result.duplicate:
        click.echo(f"already recorded as entry {result.entry_id}; nothing changed")
        return
    click.echo(f"recorded {result.amount}: contributions {result.to_contributions}, "
               f"fines {result.to_fines}, credit {result.credit}")


@chama_cli.command("close-cycle")
@click.argument("code")
@click.option("--by", "by_phone", default=None, help="treasurer or chair phone")
@click.option("--date", "on", default=None)
@click.option("--force", is_flag=True, help="close before the due date")
def close_cycle(code: str, by_phone: str | None, on: str | None, force: bool) -> None:
    def work(conn):  # type: ignore[no-untyped-def]
        actor = member_id_by_phone(conn, by_phone) if by_phone else None
        return payouts.close_cycle(conn, load_chama(conn, code).id, actor, _day(on), force)

    closed = _run(work)
    click.echo(f"closed cycle {closed.seq + 1}: pot {closed.gross}, payout {closed.net} "
               f"(payout {closed.payout_id}, member {closed.recipient_member_id}), fines {closed.fines_levied}")


@chama_cli.command("disburse")
@click.argument("payout_id", type=int)
@click.argument("actor_phone")
@click.option("--ref", required=True)
def disburse(payout_id: int, actor_phone: str, ref: str) -> None:
    _run(lambda c: payouts.disburse_payout(c, payout_id, member_id_by_phone(c, actor_phone), ref))
    click.echo(f"payout {payout_id} disbursed")


@chama_cli.command("policy")
@click.argument("code")
@click.argument("chair_phone")
@click.option("--set", "changes", multiple=True, metavar="NAME=VALUE",
              help="e.g. payout_ratify_above_cents=5000000, quorum_bp=6000; 'none' clears a threshold")
def set_policy(code: str, chair_phone: str, changes: tuple[str, ...]) -> None:
    """Change a chama's money rules as its chair; with no --set, show them."""
    values = dict(_setting(change) for change in changes)

    def work(conn):  # type: ignore[no-untyped-def]
        chama_id = load_chama(conn, code).id
        if not values:
            return policy.load_policy(conn, chama_id)
        return policy.set_policy(conn, chama_id, member_id_by_phone(conn, chair_phone), **values)

    for name, value in asdict(_run(work)).items():
        click.echo(f"{name:<26} {value}")


def _setting(change: str) -> tuple[str, object]:
    name, _, value = change.partition("=")
    if value.lower() == "none":
        return name, None
    if value.lower() in ("true", "false"):
        return name, value.lower() == "true"
    if value.isdigit():
        return name, int(value)
    if name == "loan_method":
        return name, value
    raise click.BadParameter(f"{change}: a whole number, true/false or none", param_hint="--set")


@chama_cli.command("rules")
@click.argument("code")
@click.argument("officer_phone", required=False)
@click.option("--set", "changes", multiple=True, metavar="NAME=VALUE",
              help="as a phone's SET does, e.g. fine_flat_cents=10000, grace_days=3, rotation_mode=random_draw, "
                   "chair_order=0712345678,0722345678; 'none' clears a threshold")
@click.option("--date", "on", default=None, help="the day the change is made (default today)")
def rules_command(code: str, officer_phone: str | None, changes: tuple[str, ...], on: str | None) -> None:
    """Show a chama's rules and the changes waiting for their cycle; with --set, change them as the officer
    would from a phone: from the next cycle, every member told."""
    values = dict(_rule_setting(change) for change in changes)
    if values and not officer_phone:
        raise click.UsageError("changing rules needs the chair's (or treasurer's) phone")

    def work(conn):  # type: ignore[no-untyped-def]
        chama = load_chama(conn, code)
        outcome = None
        if values:
            outcome = rules.change_rules(conn, chama.id, member_id_by_phone(conn, officer_phone), values, _day(on))
        return load_chama(conn, chama.id), policy.load_policy(conn, chama.id), rule_changes.pending(conn, chama.id), \
            outcome

    chama, money_rules, waiting, outcome = _run(work)
    if outcome is not None:
        when = f"from cycle {outcome.effective_seq + 1} ({outcome.starts_on:%Y-%m-%d})" if outcome.starts_on else "now"
        click.echo(f"changed, in force {when}; every member told")
    fine = chama.terms.fine
    shown = {"contribution_cents": chama.terms.contribution.cents, "frequency": chama.terms.frequency.value,
             "grace_days": chama.terms.grace_days, "fine_flat_cents": fine.flat.cents,
             "fine_percent_bp": fine.percent_bp, "fine_per_day": fine.per_day,
             "fine_cap_cents": fine.cap.cents if fine.cap else None, "rotation_mode": chama.terms.rotation.value,
             "rotation_seed": chama.rotation_seed, **asdict(money_rules)}
    for name, value in shown.items():
        click.echo(f"{name:<26} {value}")
    for change in waiting:
        settings = ", ".join(f"{k}={v}" for k, v in change.changes.items())
        click.echo(f"waiting for cycle {change.effective_seq + 1}: {settings}")


def _rule_setting(change: str) -> tuple[str, object]:
    name, _, value = change.partition("=")
    if name == "chair_order":
        try:
            return name, tuple(normalize_phone(p) for p in value.split(",") if p.strip())
        except ChamaError as error:
            raise click.BadParameter(f"{change}: {error}", param_hint="--set") from error
    if name in ("loan_method", "rotation_mode"):
        return name, value
    return _setting(change)


@chama_cli.command("statement")
@click.argument("code")
@click.argument("phone")
def statement(code: str, phone: str) -> None:
    def work(conn):  # type: ignore[no-untyped-def]
        chama_id, member_id = load_chama(conn, code).id, member_id_by_phone(conn, phone)
        return (statements.member_balance(conn, chama_id, member_id),
                statements.member_statement(conn, chama_id, member_id))

    balance, lines = _run(work)
    click.echo(f"contributed {balance.contributed}; owes dues {balance.dues_owed}, "
               f"fines {balance.fines_owed}; credit {balance.credit}; payout owed {balance.payout_owed}")
    for line in lines:
        mark = " [unverified]" if line.unverified else ""
        click.echo(f"{line.posted_at:%Y-%m-%d} {line.kind:<15} {line.account:<17} {line.amount.decimal_string():>12}  "
                   f"{line.memo}{mark}")


@chama_cli.command("balances")
@click.argument("code")
def balances(code: str) -> None:
    totals = _run(lambda c: statements.chama_balances(c, load_chama(c, code).id))
    for kind, money in sorted(totals.items()):
        click.echo(f"{kind:<18} {money.decimal_string():>14}")


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    chama_cli.add_command(operator_cli)
    app.cli.add_command(chama_cli)
    app.cli.add_command(mpesa_cli)
    app.cli.add_command(command_cli)
    app.cli.add_command(worker_cli)
    app.cli.add_command(schedule_cli)
    app.cli.add_command(fraud_cli)
    app.cli.add_command(daraja_cli)
