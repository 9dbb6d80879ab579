"""Property tests for loans: random sequences of savings, loan offers
confirmed (or not), approvals, disbursements, waits (late penalties) and
repayments (some repeated), then the books' invariants:

- every journal entry balances;
- no repayment collects more than the loan owed: each instalment's paid parts
  stay within what it owes, and a repayment's parts plus what went to savings
  equal the money received;
- each member's loan receivable is the principal disbursed less the principal
  repaid, and interest and fine income are what the instalments show paid;
- a loan is repaid exactly when nothing is owed on it;
- re-applying a repayment changes nothing.
"""
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from chamabora.core.cash import InsufficientCash
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.services.lending import loan_quotes
from chamabora.services.lending import loan_repayments
from chamabora.services.lending import loans
from chamabora.services.lending import policy
from chamabora.services.savings import accounts as savings
from chamabora.services.ledger.store import LedgerStore, accounts, postings
from chamabora.core import loan_entries
from tests.helpers import make_chama, run, snapshot
from tests.integration.test_ledger_properties import assert_every_entry_balances

START = date(2027, 1, 1)

saves = st.tuples(st.just("save"), st.integers(0, 3), st.integers(100_00, 50_000_00))
# loans are whole shillings (B2C sends no cents; a request with cents is refused at the quote)
asks = st.tuples(st.just("ask"), st.integers(0, 3), st.integers(100, 60_000).map(lambda s: s * 100),
                 st.integers(1, 12), st.booleans())
approves = st.tuples(st.just("approve"), st.integers(0, 100))
disburses = st.tuples(st.just("disburse"), st.integers(0, 100))
repays = st.tuples(st.just("repay"), st.integers(0, 3), st.integers(1, 30_000_00))
repeats = st.tuples(st.just("repeat"), st.integers(0, 100))
waits = st.tuples(st.just("wait"), st.integers(1, 45))
operations = st.lists(st.one_of(saves, asks, asks, approves, disburses, disburses, repays, repays, repays,
                                repeats, waits), min_size=15, max_size=50)
methods = st.sampled_from(["flat", "reducing"])


class LoanStory:
    def __init__(self, engine, method, rate_bp, fine_cents):
        self.engine = engine
        self.chama_id, self.members = make_chama(engine, 4)
        run(engine, lambda c: policy.set_policy(c, self.chama_id, self.members[0], loan_method=method,
                                                loan_rate_bp=rate_bp, loan_fine_flat_cents=fine_cents))
        self.day = START
        self.repayments: list[tuple[int, Money, str, date, loan_repayments.Repayment]] = []

    def now(self):
        return datetime(self.day.year, self.day.month, self.day.day, 9, tzinfo=timezone.utc)

    def borrower(self, who):
        return self.members[1 + who % 3]  # the chair (members[0]) approves

    def save(self, who, cents):
        key = f"save{self.day}{who}{cents}"
        run(self.engine, lambda c: savings.record_saving(c, self.chama_id, self.borrower(who), Money(cents), key,
                                                         self.now()))

    def ask(self, who, cents, months, confirm):
        member = self.borrower(who)

        def work(conn):
            loan_quotes.offer_loan(conn, self.chama_id, member, Money(cents), months, self.day, self.now())
            if confirm:
                loan_quotes.confirm_quote(conn, member, self.day, self.now())
        try:
            run(self.engine, work)
        except ChamaError:
            pass  # over the limit without guarantors: refused, nothing recorded

    def _pick(self, status, which):
        found = run(self.engine, lambda c: list(c.execute(select(loans.loans.c.id).where(
            loans.loans.c.status == status).order_by(loans.loans.c.id)).scalars()))
        return found[which % len(found)] if found else None

    def approve(self, which):
        loan_id = self._pick("requested", which)
        if loan_id is not None:
            try:
                run(self.engine, lambda c: loans.approve_loan(c, loan_id, self.members[0], self.day))
            except InsufficientCash:
                pass  # the chama lends only cash it holds: the loan waits, and nothing was written

    def disburse(self, which):
        loan_id = self._pick("approved", which)
        if loan_id is not None:
            run(self.engine, lambda c: loan_repayments.record_disbursement(c, loan_id, f"B2C{loan_id}", self.day))

    def repay(self, who, cents):
        member, key = self.borrower(who), f"rp{len(self.repayments)}"
        try:
            done = run(self.engine, lambda c: loan_repayments.repay_loan(c, self.chama_id, member, Money(cents),
                                                                         key, self.day))
        except ChamaError:
            return  # no loan running
        self.repayments.append((member, Money(cents), key, self.day, done))

    def repeat(self, which):
        if self.repayments:
            member, amount, key, day, _done = self.repayments[which % len(self.repayments)]
            before = snapshot(self.engine)
            again = run(self.engine, lambda c: loan_repayments.repay_loan(c, self.chama_id, member, amount, key, day))
            assert again.duplicate and snapshot(self.engine) == before

    def wait(self, days):
        self.day += timedelta(days=days)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, method=methods, rate_bp=st.integers(0, 500), fine=st.sampled_from([0, 50_00, 250_00]))
def test_random_loan_histories_keep_the_books_exact_and_never_over_collect(fresh_engines, ops, method, rate_bp, fine):
    story = LoanStory(fresh_engines(), method, rate_bp, fine)
    for name, *args in ops:
        getattr(story, name)(*args)
    for _member, amount, _key, _day, done in story.repayments:
        assert done.penalty + done.interest + done.principal + done.to_savings == amount
    with story.engine.connect() as conn:
        assert_every_entry_balances(conn)
        assert_instalments_within_what_they_owe(conn)
        assert_ledger_matches_instalments(conn, story)
        assert_repaid_exactly_when_nothing_is_owed(conn)


def assert_instalments_within_what_they_owe(conn):
    table = loans.instalments
    over = conn.execute(select(table.c.id).where(
        (table.c.paid_principal_cents > table.c.principal_cents) | (table.c.paid_interest_cents > table.c.interest_cents)
        | (table.c.paid_penalty_cents > table.c.penalty_cents))).all()
    assert over == []
    for loan in conn.execute(select(loans.loans).where(loans.loans.c.status.in_(("disbursed", "repaid")))).all():
        principal = conn.execute(select(func.sum(table.c.principal_cents)).where(table.c.loan_id == loan.id)).scalar()
        assert principal == loan.principal_cents  # the schedule's principal sums to the loan


def _sum(conn, column, member_id=None):
    query = select(func.coalesce(func.sum(column), 0)).join(loans.loans, loans.loans.c.id == loans.instalments.c.loan_id)
    if member_id is not None:
        query = query.where(loans.loans.c.member_id == member_id)
    return conn.execute(query).scalar_one()


def assert_ledger_matches_instalments(conn, story):
    store = LedgerStore(conn, story.chama_id)
    for member_id in story.members[1:]:
        disbursed = conn.execute(select(func.coalesce(func.sum(loans.loans.c.principal_cents), 0)).where(
            loans.loans.c.member_id == member_id, loans.loans.c.status.in_(("disbursed", "repaid")))).scalar_one()
        receivable = store.balance(loan_entries.loans_receivable(member_id))
        assert receivable == disbursed - _sum(conn, loans.instalments.c.paid_principal_cents, member_id)
        assert receivable >= 0
    assert -store.balance(loan_entries.INTEREST_INCOME) == _sum(conn, loans.instalments.c.paid_interest_cents)
    kinds = dict(conn.execute(select(accounts.c.kind, func.coalesce(func.sum(postings.c.amount_cents), 0))
                              .join(postings, postings.c.account_id == accounts.c.id, isouter=True)
                              .where(accounts.c.chama_id == story.chama_id).group_by(accounts.c.kind)).all())
    assert sum(kinds.values()) == 0


def assert_repaid_exactly_when_nothing_is_owed(conn):
    for loan in conn.execute(select(loans.loans).where(loans.loans.c.status.in_(("disbursed", "repaid")))).all():
        owed = sum(o.total.cents for o in loan_repayments.owed_instalments(conn, loan.id))
        assert (loan.status == "repaid") == (owed == 0)
