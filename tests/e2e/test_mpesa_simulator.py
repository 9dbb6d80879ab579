"""End to end through the local Daraja simulator, over real HTTP both ways:
a member pays by SMS, the simulator prompts and calls back, the ledger moves
once and the receipt is queued; a lost callback is found by reconciliation;
a payout is approved, paid by B2C, and announced to every member."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.chama import Role
from chamabora.core.money import Money
from chamabora.services.mpesa import prompts
from chamabora.services.payouts.approvals import approve_payout
from chamabora.services.mpesa.reconcile import reconcile
from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY, create_simulator_app
from chamabora.providers.mpesa.simulator.server import serve
from chamabora.providers.mpesa.simulator.state import SimulatorState
from chamabora.outbox.store import outbox
from chamabora.services.people import membership
from chamabora.services.payouts import closing as payouts
from chamabora.services.ledger import statements
from chamabora.services.ledger.store import entries
from tests.helpers import make_chama, phone, run

DUE = date(2027, 1, 31)


@pytest.fixture
def world(engine, make_app):
    """The simulator on one loopback port, Chamabora on another, each calling the other."""
    state = SimulatorState(passkey=SANDBOX_PASSKEY, delay=0.05)
    simulator = serve(create_simulator_app(state))
    holder = {}
    ours = serve(lambda environ, start: holder["app"](environ, start))
    holder["app"] = make_app(engine.url.render_as_string(hide_password=False), mpesa_base_url=simulator.url,
                             mpesa_callback_base_url=ours.url)
    yield holder["app"].extensions["chamabora"], state
    state.cancel_all()
    ours.stop()
    simulator.stop()


def say(services, member_id, text):
    inbound = Inbound(ChannelKind.SMS, phone(member_id), text, datetime.now(timezone.utc), "test")
    return services.run(lambda conn: answer(conn, inbound)).text


def rows(engine, table, *where):
    with engine.connect() as conn:
        return conn.execute(select(table).where(*where).order_by(table.c.id)).all()


def contributed(engine, chama_id, member_id):
    return run(engine, lambda c: statements.member_balance(c, chama_id, member_id)).contributed


def test_a_member_pays_by_sms_and_the_callback_posts_once_with_a_receipt(engine, world):
    services, simulator = world
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=DUE)
    assert say(services, ids[1], "PAY 500").startswith("An M-Pesa prompt for KES 500 to Umoja")
    assert run(engine, lambda c: prompts.pending_for_member(c, ids[1]))[0][1] == Money.shillings(500)
    simulator.drain()
    assert contributed(engine, chama_id, ids[1]) == Money.shillings(500)
    assert len(rows(engine, entries, entries.c.kind == "payment")) == 1
    [stk_row] = rows(engine, outbox, outbox.c.channel == "stk_push")
    assert stk_row.status == "sent" and stk_row.provider == "daraja"
    [receipt] = rows(engine, outbox, outbox.c.purpose == "receipt")
    assert receipt.recipient == phone(ids[1]) and receipt.body.startswith("Received KES 500 for Umoja (M-Pesa S")
    assert [status for _url, _body, status in simulator.posted] == [200]
    assert run(engine, lambda c: prompts.pending_for_member(c, ids[1])) == []


@pytest.mark.parametrize("outcome, words", [("cancelled", "You cancelled"), ("wrong_pin", "Wrong M-Pesa PIN"),
                                            ("timeout", "timed out")])
def test_a_failed_prompt_reaches_the_member_and_not_the_ledger(engine, world, outcome, words):
    services, simulator = world
    chama_id, ids = make_chama(engine, 2, contribution=1000, anchor=DUE)
    simulator.script(phone(ids[1]), outcome)
    say(services, ids[1], "PAY 500")
    simulator.drain()
    assert contributed(engine, chama_id, ids[1]) == Money(0)
    assert any(words in r.body for r in rows(engine, outbox, outbox.c.member_id == ids[1]))


def test_a_callback_that_never_comes_is_resolved_by_reconciliation(engine, world):
    services, simulator = world
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=DUE)
    simulator.script(phone(ids[1]), "success", deliver=False, delay=0)
    simulator.script(phone(ids[2]), "success", deliver=False, delay=60)  # still on the member's screen
    say(services, ids[1], "PAY 1000")
    say(services, ids[2], "PAY 1000")
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    report = reconcile(services, now=later)
    assert len(report.stk_resolved) == 1 and len(report.stk_still_pending) == 1 and report.errors == []
    assert contributed(engine, chama_id, ids[1]) == Money.shillings(1000)
    assert contributed(engine, chama_id, ids[2]) == Money(0)
    assert reconcile(services, now=later).stk_resolved == []  # nothing applied twice
    assert len(rows(engine, entries, entries.c.kind == "payment")) == 1


def test_a_payout_is_approved_paid_by_b2c_and_every_member_is_told(engine, world):
    services, simulator = world
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=DUE)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[2], Role.TREASURER))
    for member_id in ids:
        say(services, member_id, "PAY 1000")
    simulator.drain()
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], DUE))
    state = services.run(lambda c: approve_payout(c, closed.payout_id, ids[2]))
    assert state.queued
    simulator.drain()
    assert rows(engine, payouts.payouts)[0].status == "disbursed"
    assert len(rows(engine, entries, entries.c.kind == "disbursement")) == 1
    told = [r for r in rows(engine, outbox, outbox.c.channel == "sms") if "paid KES 3,000 to Member 1" in r.body]
    assert sorted(r.member_id for r in told) == sorted(ids[1:])
    assert any(r.member_id == ids[0] and r.body.startswith("Umoja: your pot of KES 3,000 was sent to your M-Pesa")
               for r in rows(engine, outbox, outbox.c.channel == "sms"))


def test_a_lost_b2c_result_is_found_by_a_transaction_status_query(engine, world):
    services, simulator = world
    chama_id, ids = make_chama(engine, 2, contribution=1000, anchor=DUE)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    for member_id in ids:
        say(services, member_id, "PAY 1000")
    simulator.drain()
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], DUE))
    simulator.script(phone(ids[0]), "success", deliver=False)
    services.run(lambda c: approve_payout(c, closed.payout_id, ids[1]))  # the chair's pot: the treasurer signs
    report = reconcile(services, now=datetime.now(timezone.utc) + timedelta(hours=1))
    assert len(report.b2c_queried) == 1
    simulator.drain()
    assert rows(engine, payouts.payouts)[0].status == "disbursed"


def test_the_local_default_serves_its_own_daraja_and_is_called_back(engine, tmp_path):
    """`make run`: one process, the simulator under /simulator/daraja, its callbacks to the same server."""
    from chamabora.app import create_app
    from chamabora.settings import Settings

    holder = {}
    ours = serve(lambda environ, start: holder["app"](environ, start))
    app = holder["app"] = create_app(Settings(env="development", webhook_secret="local",
                                              database_url=engine.url.render_as_string(hide_password=False),
                                              mpesa_callback_base_url=ours.url))
    services = app.extensions["chamabora"]
    try:
        chama_id, ids = make_chama(engine, 2, contribution=1000, anchor=DUE)
        scripted = app.test_client().post("/simulator/daraja/script", json={"phone": phone(ids[1]),
                                                                             "outcome": "cancelled"})
        assert scripted.get_json() == {"scripted": True}
        say(services, ids[1], "PAY 300")
        say(services, ids[1], "PAY 300")
        services.mpesa.simulator.drain()
        assert contributed(engine, chama_id, ids[1]) == Money.shillings(300)
        assert any("You cancelled" in r.body for r in rows(engine, outbox, outbox.c.member_id == ids[1]))
    finally:
        services.mpesa.simulator.cancel_all()
        ours.stop()
        services.close()
