"""The chair's rules by SMS through the engine: a change waits for the next
cycle, every member is told, the fine of an earlier cycle keeps the rule it
was due under, and a plain member is told who can change rules."""
from datetime import date, datetime, timezone
from itertools import count

import pytest
from sqlalchemy import select

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.chama import FineRule
from chamabora.core.money import Money
from chamabora.outbox.store import outbox
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.chama import rule_changes
from chamabora.services.ledger import statements
from chamabora.services.records import audit, load_chama
from tests.helpers import make_chama, phone, run

ids = count(1)


@pytest.fixture
def say(app):
    services = app.extensions["chamabora"]

    def send(who, text, when=datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)):
        inbound = Inbound(ChannelKind.SMS, who, text, when, "africastalking", f"ATXid_r{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    send.engine = services.engine
    return send


def notices_to(engine, who):
    with engine.connect() as conn:
        return list(conn.execute(select(outbox.c.body).where(outbox.c.recipient == who, outbox.c.channel == "sms")
                                 .order_by(outbox.c.id)).scalars())


def test_a_fine_set_before_the_first_cycle_applies_at_once_and_everyone_is_told(say):
    chama_id, _ = make_chama(say.engine, 3, fine=FineRule())
    reply = say(phone(1), "SET FINE 50 PER DAY CAP 500")
    assert reply == "Done: fine KES 50 a day late, at most KES 500. Every member has been told."
    for n in (1, 2, 3):
        assert notices_to(say.engine, phone(n))[-1] == ("Umoja: fine KES 50 a day late, at most KES 500 from now. "
                                                        "Changed by Member 1; RULES shows all.")
    terms = run(say.engine, lambda c: load_chama(c, chama_id).terms)
    assert terms.fine == FineRule(Money.shillings(50), 0, True, Money.shillings(500))


def test_a_change_after_the_first_cycle_waits_for_the_next_and_old_cycles_keep_their_fine(say):
    chama_id, members = make_chama(say.engine, 2, fine=FineRule(), anchor=date(2027, 1, 5), grace=0)
    run(say.engine, lambda c: payments.record_payment(c, chama_id, members[0], Money.shillings(1000), "m:1",
                                                      date(2027, 1, 5)))
    reply = say(phone(1), "SET FINE 100", datetime(2027, 1, 6, 9, 0, tzinfo=timezone.utc))
    # 06/01 is in the cycle due 05/02; the next one runs from 06/02 to 05/03
    assert reply == "Done. From 06/02/2027: fine KES 100 per late cycle. Every member has been told."
    assert run(say.engine, lambda c: [p.effective_seq for p in rule_changes.pending(c, chama_id)]) == [2]
    assert "from 06/02/2027: fine KES 100 per late cycle" in say(phone(2), "RULES 5")
    run(say.engine, lambda c: payouts.close_cycle(c, chama_id, None, date(2027, 3, 10)))
    # three cycles unpaid by member 2; only the one due under the new rule is fined
    fines = run(say.engine, lambda c: statements.member_balance(c, chama_id, members[1]).fines_owed)
    assert fines == Money.shillings(100)
    assert run(say.engine, lambda c: rule_changes.pending(c, chama_id)) == []
    assert "fine KES 100 per late cycle" in say(phone(2), "RULES 2")
    with say.engine.connect() as conn:
        actions = list(conn.execute(select(audit.c.action).where(audit.c.chama_id == chama_id)).scalars())
    assert "rules.changed" in actions and "rules.applied" in actions


def test_a_member_is_told_who_can_change_rules_and_nothing_changes(say):
    chama_id, _ = make_chama(say.engine, 2)
    assert say(phone(2), "SET GRACE 5") == ("Only the chair or treasurer of Umoja (Member 1) can do that. "
                                             "Send HELP to see what you can do.")
    assert say(phone(2), "SET ORDER RANDOM").startswith("Only the chair of Umoja (Member 1)")
    assert run(say.engine, lambda c: rule_changes.pending(c, chama_id)) == []


def test_a_random_order_is_published_with_its_seed_in_swahili(say):
    make_chama(say.engine, 3)
    say(phone(2), "LUGHA SW")
    assert say(phone(1), "BADILISHA ZAMU NASIBU").startswith("Done")
    published = notices_to(say.engine, phone(2))[-1]
    assert published.startswith("Umoja mpangilio wa zamu (bahati nasibu, nambari ")
    assert "1.Member" in published and "3.Member" in published


def test_rules_pages_fit_one_sms_each(say):
    make_chama(say.engine, 2)
    say(phone(1), "SET FINE 5% PER DAY CAP 10,000")
    for language in ("EN", "SW"):
        say(phone(2), f"LANG {language}")
        for page in range(1, 6):
            text = say(phone(2), f"RULES {page}")
            assert len(text) <= 160, text


def test_the_operator_cli_changes_rules_through_the_same_service(app, say):
    make_chama(say.engine, 2)
    cli = app.test_cli_runner()
    changed = cli.invoke(args=["chama", "rules", "UMOJA", "0700000001", "--set", "grace_days=5",
                               "--set", "chair_order=0700000002,0700000001", "--set", "rotation_mode=chair_set"])
    assert changed.exit_code == 0, changed.output
    assert "changed, in force now" in changed.output and "grace_days                 5" in changed.output
    assert "rotation_mode              chair_set" in changed.output
    assert notices_to(say.engine, phone(1))[-1] == "Umoja payout order: 1.Member 2. 2.Member 1."
    refused = cli.invoke(args=["chama", "rules", "UMOJA", "0700000002", "--set", "grace_days=1"])
    assert refused.exit_code != 0 and "forbidden" in refused.output
    bad = cli.invoke(args=["chama", "rules", "UMOJA", "0700000001", "--set", "grace_days=99"])
    assert bad.exit_code != 0 and "invalid_input" in bad.output


def test_every_rule_notice_fits_one_sms_with_long_names_and_many_rules_at_once(app, say):
    def rename(conn):  # a long chama name and a long chair's name, as real ones can be
        from sqlalchemy import update

        from chamabora.services.records import chamas, members
        conn.execute(update(chamas).values(name="Umoja Women Self Help Group of Kibera Ward"))
        conn.execute(update(members).where(members.c.phone == phone(1)).values(name="Jane Wanjiru Kamau-Otieno"))

    make_chama(say.engine, 3)
    run(say.engine, rename)
    say(phone(2), "LANG SW")
    cli = app.test_cli_runner()
    changed = cli.invoke(args=["chama", "rules", "UMOJA", "0700000001", "--set", "fine_flat_cents=0",
                               "--set", "fine_percent_bp=550", "--set", "fine_per_day=true",
                               "--set", "fine_cap_cents=10000000", "--set", "loan_rate_bp=1250",
                               "--set", "loan_method=reducing", "--set", "ratify_above_cents=25000000",
                               "--set", "rotation_mode=random_draw", "--set", "quorum_bp=6650"])
    assert changed.exit_code == 0, changed.output
    for n in (1, 2, 3):
        sent = notices_to(say.engine, phone(n))
        assert len(sent) >= 4 and all(len(body) <= 160 for body in sent), sent
