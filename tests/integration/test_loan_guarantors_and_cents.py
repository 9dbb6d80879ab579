"""A loan request by SMS that names its guarantors (LOAN 15000 3 GUARANTORS
0712345678 ..., MKOPO ... WADHAMINI ...): the part above the member's limit is
shared among them by what each can back, the quote says so, YES records the
loan and asks them by SMS, and the treasurer can approve once they accept.
Loans are whole shillings: B2C cannot send cents, so a request with cents is
refused when quoted, and an older loan with cents is never approved unsent."""
from datetime import date, datetime, timezone
from itertools import count

import pytest
from sqlalchemy import insert, select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.chama import Role
from chamabora.core.loans import LoanInCents, LoanLimitExceeded
from chamabora.core.money import Money
from chamabora.services.payouts.disbursements import disbursements
from chamabora.outbox.store import outbox
from chamabora.services.lending import loan_quotes
from chamabora.services.lending import loans
from chamabora.services.people import membership
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import subscriptions
from chamabora.services.records import members as members_table
from tests.helpers import make_chama, phone, run, snapshot

WHEN = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
DAY = date(2027, 1, 10)
K = Money.shillings
ids = count(1)


@pytest.fixture
def say(app):
    services = app.extensions["chamabora"]

    def send(who, text):
        inbound = Inbound(ChannelKind.SMS, who, text, WHEN, "africastalking", f"ATXid_backers_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    return send


@pytest.fixture
def chama(engine):
    """Umoja on its trial: Member 1 chairs, Member 5 is treasurer. Member 2 has saved KES 2,000 (limit
    KES 6,000); Member 3 KES 6,000 and Member 4 KES 3,000, free to back a loan; Member 1 KES 4,000, so the
    chama holds the cash to lend KES 15,000."""
    chama_id, members = make_chama(engine, 5)
    run(engine, lambda c: subscriptions.start_subscription(c, chama_id, date(2027, 1, 1)))
    run(engine, lambda c: membership.assign_role(c, chama_id, members[0], members[4], Role.TREASURER))
    for n, saved in enumerate([4000, 2000, 6000, 3000, 0]):
        if saved:
            run(engine, lambda c: savings.record_saving(c, chama_id, members[n], K(saved), f"s{n}", WHEN))
    return chama_id, members


def written(engine):
    """Everything but the record of inbound messages, which every answered SMS adds to."""
    counts = snapshot(engine)
    counts.pop("inbound_messages")
    return counts


def sms(engine, member_id):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.channel == "sms", outbox.c.member_id == member_id)
                            .order_by(outbox.c.id)).scalars().all()


def pledges(engine):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(loans.guarantors.c.member_id, loans.guarantors.c.pledge_cents,
                                                      loans.guarantors.c.status).order_by(loans.guarantors.c.id))]


def test_named_guarantors_share_the_part_above_the_limit_and_are_asked_once_the_member_confirms(engine, say, chama):
    chama_id, members = chama
    quote = say(phone(2), f"LOAN 15000 3 MONTHS GUARANTORS {phone(3)[4:]} 0{phone(4)[4:]}")
    assert quote == ("Loan KES 15,000 over 3 months, total KES 15,301, above your limit: guarantors Member KES 6,000, "
                     "Member KES 3,000. Reply YES in 15 min, or NO.")
    assert pledges(engine) == [] and sms(engine, members[2]) == []  # nobody is asked before YES

    confirmed = say(phone(2), "YES")
    assert confirmed == ("Loan L1 requested: KES 15,000 over 3 months, total KES 15,301. Your guarantors are asked "
                         "by SMS; the treasurer decides once they accept.")
    assert pledges(engine) == [(members[2], 600000, "pending"), (members[3], 300000, "pending")]
    assert sms(engine, members[2])[-1] == ("Umoja: Member 2 asks you to guarantee KES 6,000 of a KES 15,000 loan. "
                                           "Reply YES L1 to accept or NO L1 to decline.")

    with pytest.raises(LoanLimitExceeded):  # not backed until both accept
        run(engine, lambda c: loans.approve_loan(c, 1, members[4], DAY))
    assert say(phone(3), "YES L1") == "You now guarantee loan L1 of Member 2. The treasurer will review the loan."
    assert say(phone(4), "NDIO") == "You now guarantee loan L1 of Member 2. The treasurer will review the loan."
    assert [status for _, _, status in pledges(engine)] == ["accepted", "accepted"]
    assert run(engine, lambda c: loans.approve_loan(c, 1, members[4], DAY)) == "approved"
    assert run(engine, lambda c: c.execute(select(disbursements.c.amount_cents)).scalars().all()) == [1500000]


def test_a_swahili_request_names_its_guarantors_with_wadhamini(engine, say, chama):
    _, members = chama
    run(engine, lambda c: c.execute(update(members_table).where(members_table.c.id == members[1])
                                    .values(language="sw")))
    quote = say(phone(2), f"MKOPO 15000 MIEZI 3 WADHAMINI 0{phone(3)[4:]}, 0{phone(4)[4:]}")
    assert quote == ("Mkopo KES 15,000 kwa miezi 3, jumla KES 15,301, zaidi ya kikomo: wadhamini Member KES 6,000, "
                     "Member KES 3,000. Jibu NDIO ndani ya dakika 15, au HAPANA.")


def test_guarantors_within_the_limit_are_not_asked(engine, say, chama):
    say(phone(2), f"LOAN 5000 3 GUARANTORS 0{phone(3)[4:]}")
    assert say(phone(2), "YES").endswith("The treasurer decides.")
    assert pledges(engine) == []


@pytest.mark.parametrize("named, reply", [
    ("0700000002", "Guarantors must be other members of your chama, named by phone, "
                   "e.g. LOAN 20000 6 GUARANTORS 0712345678."),
    ("0700000009", "Guarantors must be other members of your chama, named by phone, "
                   "e.g. LOAN 20000 6 GUARANTORS 0712345678."),
    ("0799999999", "Nobody is registered with that phone number. Invite them with INVITE and the number."),
    ("0700000004", "That is above what your savings (and your guarantors') can back."),
])
def test_a_guarantor_who_cannot_back_the_loan_is_refused_and_nothing_is_kept(engine, say, chama, named, reply):
    run(engine, lambda c: membership.register_member(c, phone(9), "Outsider"))
    before = written(engine)
    assert say(phone(2), f"LOAN 15000 3 GUARANTORS {named}") == reply  # Member 4 alone backs KES 3,000 of 9,000
    assert written(engine) == before
    assert say(phone(2), "YES") == "Nothing is waiting for your YES or NO."


def test_a_loan_in_cents_is_refused_at_the_quote_in_english_and_swahili(engine, say, chama):
    chama_id, members = chama
    before = written(engine)
    assert say(phone(2), "LOAN 5000.50 6 MONTHS") == (
        "M-Pesa sends loans in whole shillings, so ask for an amount without cents, e.g. LOAN 5000 6 MONTHS.")
    run(engine, lambda c: c.execute(update(members_table).where(members_table.c.id == members[1])
                                    .values(language="sw")))
    assert say(phone(2), "MKOPO 5000.50 MIEZI 6") == (
        "M-Pesa hutuma mikopo kwa shilingi kamili, kwa hiyo omba kiasi bila senti, mf. MKOPO 5000 MIEZI 6.")
    assert written(engine) == before
    with pytest.raises(LoanInCents):
        run(engine, lambda c: loan_quotes.offer_loan(c, chama_id, members[1], Money(500050), 6, DAY, WHEN))


def test_an_older_loan_in_cents_is_never_approved_into_a_loan_that_cannot_be_sent(engine, chama):
    chama_id, members = chama
    loan_id = run(engine, lambda c: c.execute(insert(loans.loans).returning(loans.loans.c.id), {
        "chama_id": chama_id, "member_id": members[1], "principal_cents": 500050, "months": 2,
        "method": "reducing", "rate_num": 1, "rate_den": 100, "total_interest_cents": 7513,
        "guarantee_needed_cents": 0, "status": "requested", "requested_on": DAY}).scalar_one())
    before = snapshot(engine)
    with pytest.raises(loans.UnsendableLoan):
        run(engine, lambda c: loans.approve_loan(c, loan_id, members[4], DAY))
    assert snapshot(engine) == before
    run(engine, lambda c: loans.reject_loan(c, loan_id, members[4]))  # what the refusal asks the treasurer to do
