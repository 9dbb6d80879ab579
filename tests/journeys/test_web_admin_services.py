"""The services behind /admin: a payment's reversal (every posting negated,
what it settled owed again, once per entry, never of a reversal or of
anything but a payment, never of money still only claimed) and operator
accounts (argon2, counted wrong passwords, a lock, disabling)."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from chamabora.core.money import Money
from chamabora.services.people import operators
from chamabora.services.ledger import statements
from chamabora.services.people import web_sessions
from chamabora.services.ledger.store import accounts, entries, postings
from chamabora.services.contributions.payments import record_payment
from chamabora.services.records import audit
from chamabora.services.ledger.reversals import ReversalRefused, reverse_payment
from tests.integration.test_fraud_flow import chama  # noqa: F401 - Umoja: KES 1,000 monthly, four members

DUE = date(2027, 1, 31)
NOW = datetime(2027, 1, 12, 9, 0, tzinfo=timezone.utc)
K = Money.shillings


def postings_of(services, entry_id):
    with services.engine.connect() as conn:
        return sorted(conn.execute(select(accounts.c.code, postings.c.amount_cents)
                                   .join(accounts, accounts.c.id == postings.c.account_id)
                                   .where(postings.c.entry_id == entry_id)).all())


def refusal(services, entry_id, reason="typed the wrong amount"):
    with pytest.raises(ReversalRefused) as refused:
        services.run(lambda c: reverse_payment(c, entry_id, reason, 1, "wanjiku", NOW))
    return refused.value.details["reason"]


def test_a_reversed_payment_is_every_posting_negated_and_its_dues_are_owed_again(chama):  # noqa: F811
    services, chama_id, people = chama
    mary = people[2]
    paid = services.run(lambda c: record_payment(c, chama_id, mary, K(1500), "manual:TYPO", DUE))
    assert services.run(lambda c: statements.member_balance(c, chama_id, mary)).dues_owed == K(0)
    reversal = services.run(lambda c: reverse_payment(c, paid.entry_id, "  typed 1500,\n not 150 ", 7, "wanjiku",
                                                      NOW))
    assert postings_of(services, reversal) == sorted((code, -cents) for code, cents in
                                                     postings_of(services, paid.entry_id))
    balance = services.run(lambda c: statements.member_balance(c, chama_id, mary))
    assert (balance.dues_owed, balance.credit, balance.contributed) == (K(1000), K(0), K(0))
    assert services.run(lambda c: statements.chama_balances(c, chama_id))["cash"] == K(0)
    with services.engine.connect() as conn:
        kind, memo, reverses = conn.execute(select(entries.c.kind, entries.c.memo, entries.c.reverses_id)
                                            .where(entries.c.id == reversal)).one()
        detail = conn.execute(select(audit.c.detail).where(audit.c.action == "admin.reversal")).scalar_one()
    assert (kind, memo, reverses) == ("reversal", "Correction: typed 1500, not 150", paid.entry_id)
    assert '"operator": "wanjiku"' in detail and '"operator_id": 7' in detail and '"reason": "typed 1500, not 150"' \
        in detail
    # the same payment, recorded again with its right amount, settles the dues once more
    services.run(lambda c: record_payment(c, chama_id, mary, K(1000), "manual:RIGHT", DUE))
    assert services.run(lambda c: statements.member_balance(c, chama_id, mary)).dues_owed == K(0)


def test_a_reversal_happens_once_and_only_to_a_confirmed_payment_with_a_reason(chama):  # noqa: F811
    services, chama_id, people = chama
    paid = services.run(lambda c: record_payment(c, chama_id, people[2], K(1000), "manual:ONE", DUE))
    claimed = services.run(lambda c: record_payment(c, chama_id, people[3], K(1000), "mpesa:VAB0000009", DUE,
                                                    confirmed=False))
    assert refusal(services, paid.entry_id, reason=" ") == "no_reason"
    assert refusal(services, 999_999) == "not_found"
    assert refusal(services, claimed.entry_id) == "still_claimed"
    with services.engine.connect() as conn:
        levy = conn.execute(select(entries.c.id).where(entries.c.chama_id == chama_id, entries.c.kind == "levy")
                            .limit(1)).scalar_one()
    assert refusal(services, levy) == "not_a_payment"
    reversal = services.run(lambda c: reverse_payment(c, paid.entry_id, "entered twice", 1, "wanjiku", NOW))
    with pytest.raises(ReversalRefused) as twice:
        services.run(lambda c: reverse_payment(c, paid.entry_id, "entered twice", 1, "wanjiku", NOW))
    assert twice.value.details == {"reason": "already_reversed", "reversal_id": reversal}
    assert refusal(services, reversal) == "is_reversal"
    assert services.run(lambda c: statements.chama_balances(c, chama_id))["cash"] == K(0)


def test_operator_passwords_are_hashed_counted_locked_and_disabled(app):
    services = app.extensions["chamabora"]
    operator_id = services.run(lambda c: operators.add(c, "Wanjiku", "a-long-enough-password"))
    [row] = services.run(operators.listing)
    assert row.username == "wanjiku"
    with services.engine.connect() as conn:
        stored = conn.execute(select(operators.operators.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "a-long-enough-password" not in stored
    with pytest.raises(Exception, match="at least 12"):
        services.run(lambda c: operators.add(c, "kamau", "short"))

    def attempt(password, when=NOW):
        return services.run(lambda c: operators.check_password(c, "wanjiku", password, when))

    assert [attempt("wrong").left for _ in range(4)] == [4, 3, 2, 1]
    locked = attempt("wrong")
    assert (locked.outcome, locked.locked_until) == (operators.Outcome.NOW_LOCKED, NOW + operators.LOCK_FOR)
    assert attempt("a-long-enough-password").outcome is operators.Outcome.LOCKED
    later = NOW + operators.LOCK_FOR + timedelta(seconds=1)
    assert attempt("wrong", later).left == 4          # a lock that ran out starts the count again
    assert attempt("a-long-enough-password", later) == operators.Attempt(operators.Outcome.OK, operator_id)
    assert services.run(lambda c: operators.check_password(c, "nobody", "x" * 20, NOW)).outcome \
        is operators.Outcome.WRONG

    _attempt, token = services.run(lambda c: operators.log_in(c, "wanjiku", "a-long-enough-password", later,
                                                              "device-0123456789abcdef", "test", 12))
    owner = services.run(lambda c: web_sessions.find(c, 7, token, later))
    assert (owner.operator_id, owner.member_id) == (operator_id, None)
    assert services.run(lambda c: web_sessions.find(c, 7, token, later + timedelta(hours=13))) is None
    assert services.run(lambda c: operators.disable(c, "wanjiku", later)) == 1
    assert services.run(lambda c: operators.active_name(c, operator_id)) is None
    assert attempt("a-long-enough-password", later).outcome is operators.Outcome.WRONG
