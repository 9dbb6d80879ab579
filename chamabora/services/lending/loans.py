"""Loans, from request to approval: the quote (limit, schedule, total
interest, and the pledges of any guarantors the member named) a member sees
before confirming, the request with its guarantors, their answers, and
approval by the treasurer (and the chair above the chama's threshold). Full
approval queues the B2C payment in the same transaction; the loan waits as
approved until M-Pesa's result calls `loan_repayments.record_disbursement`
(or a treasurer records it by hand). B2C moves whole shillings, so a loan
with cents is refused when quoted, and never approved into a loan that
cannot be sent.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from sqlalchemy import Connection, insert, select, update

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.errors import ChamaError, Forbidden, InvalidInput
from chamabora.core.errors import UnknownRecipient
from chamabora.core.loans import (InterestMethod, LoanInCents, LoanLimitExceeded, Schedule, amortise, check_guarantees,
                          check_whole_shillings, guarantee_needed, loan_limit, pledge_capacity, split_guarantee)
from chamabora.core.money import Money
from chamabora.db.loan_tables import Loan, LoanGuarantor, LoanInstalment
from chamabora.db.tables import sum_cents
from chamabora.core.signatures import check_signer, signing_officers
from chamabora.services.lending import loan_notices
from chamabora.services.ledger.cash import require_cash
from chamabora.services.payouts.disbursements import queue_loan
from chamabora.services.labels import label
from chamabora.services.notices.money import GUARANTEE_ASKED, LOAN_APPROVED, LOAN_NEEDS_CHAIR, member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import load_chama, members, membership_of, memberships, money_officers, record_audit
from chamabora.services.savings.accounts import OPEN_LOANS, held_savings, savings_balance

loans = Loan.__table__
instalments = LoanInstalment.__table__
guarantors = LoanGuarantor.__table__


class LoanState(ChamaError):
    code = "loan_state"


class BadGuarantor(ChamaError):
    code = "bad_guarantor"


class UnsendableLoan(LoanInCents):
    code = "loan_unsendable"


@dataclass(frozen=True, slots=True)
class LoanQuote:
    limit: Money
    guarantee_needed: Money
    schedule: Schedule
    pledges: tuple[tuple[int, Money], ...] = ()  # (guarantor member id, pledge) for named guarantors


def outstanding_principal(conn: Connection, chama_id: int, member_id: int) -> Money:
    """Principal still owed on open loans (a requested loan counts in full, so two can't stack)."""
    principal = conn.execute(select(sum_cents(loans.c.principal_cents)).where(
        loans.c.chama_id == chama_id, loans.c.member_id == member_id,
        loans.c.status.in_(OPEN_LOANS))).scalar_one()
    repaid = conn.execute(select(sum_cents(instalments.c.paid_principal_cents))
                          .join(loans, loans.c.id == instalments.c.loan_id)
                          .where(loans.c.chama_id == chama_id, loans.c.member_id == member_id,
                                 loans.c.status.in_(OPEN_LOANS))).scalar_one()
    return Money(principal - repaid)


def quote_loan(conn: Connection, chama_id: int, member_id: int, amount: Money, months: int,
               today: date) -> LoanQuote:
    """What the member is shown before confirming: nothing is written."""
    check_whole_shillings(amount)
    membership_of(conn, chama_id, member_id)
    policy = load_policy(conn, chama_id)
    limit = loan_limit(savings_balance(conn, chama_id, member_id),
                       outstanding_principal(conn, chama_id, member_id), policy.loan_multiple)
    schedule = amortise(amount, months, policy.rate, policy.method, today)
    return LoanQuote(limit, guarantee_needed(amount, limit), schedule)


def request_loan(conn: Connection, chama_id: int, member_id: int, amount: Money, months: int, today: date,
                 pledges: dict[int, Money] | None = None) -> int:
    """Record a confirmed request; guarantors (member id -> pledge) are asked by SMS."""
    membership_of(conn, chama_id, member_id, lock=True)
    quote = quote_loan(conn, chama_id, member_id, amount, months, today)
    pledges = pledges or {}
    if quote.guarantee_needed.is_positive() and not pledges:
        raise LoanLimitExceeded("above the limit without guarantors", limit=quote.limit.cents,
                                needed=quote.guarantee_needed.cents)
    for guarantor_id, pledge in pledges.items():
        _check_pledge(conn, chama_id, member_id, guarantor_id, pledge)
    schedule = quote.schedule
    loan_id = conn.execute(insert(loans).returning(loans.c.id), {
        "chama_id": chama_id, "member_id": member_id, "principal_cents": amount.cents, "months": months,
        "method": schedule.method.value, "rate_num": schedule.rate.numerator,
        "rate_den": schedule.rate.denominator, "total_interest_cents": schedule.total_interest.cents,
        "guarantee_needed_cents": quote.guarantee_needed.cents, "status": "requested",
        "requested_on": today}).scalar_one()
    chama = load_chama(conn, chama_id)
    for guarantor_id, pledge in pledges.items():
        conn.execute(insert(guarantors), {"loan_id": loan_id, "member_id": guarantor_id,
                                          "pledge_cents": pledge.cents, "status": "pending"})
        notify(conn, guarantor_id, GUARANTEE_ASKED, chama_id, chama=chama.name, loan=f"L{loan_id}",
               borrower=member_name(conn, member_id), pledge=str(pledge), amount=str(amount))
    record_audit(conn, "loan.requested", chama_id, member_id, loan_id=loan_id, amount=amount.cents,
                 months=months, interest=schedule.total_interest.cents)
    if not pledges:
        loan_notices.ask_deciders(conn, loan_id)  # with guarantors, once they have all accepted
    return loan_id


def guarantor_ids(conn: Connection, chama_id: int, borrower_id: int, phones: tuple[str, ...]) -> list[int]:
    """The members named by phone in a loan request: registered, in this chama, not the borrower."""
    found = dict(conn.execute(select(members.c.phone, members.c.id).where(members.c.phone.in_(phones))).all())
    unknown = [p for p in phones if p not in found]
    if unknown:
        raise UnknownRecipient("no member with that phone", phone=unknown[0])
    ids = [found[p] for p in phones]
    in_chama = set(conn.execute(select(memberships.c.member_id).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active",
        memberships.c.member_id.in_(ids))).scalars())
    if borrower_id in ids or not in_chama.issuperset(ids):
        raise BadGuarantor("guarantors are other members of the chama", chama_id=chama_id)
    return ids


def with_pledges(conn: Connection, chama_id: int, borrower_id: int, quote: LoanQuote,
                 guarantors: list[int]) -> LoanQuote:
    """The quote with the part above the limit shared among the named guarantors by what each can back;
    a guarantor with nothing free is not asked."""
    capacities = [pledge_capacity(savings_balance(conn, chama_id, g), held_savings(conn, chama_id, g))
                  for g in guarantors]
    shares = split_guarantee(quote.guarantee_needed, capacities)
    return replace(quote, pledges=tuple((g, share) for g, share in zip(guarantors, shares) if share.is_positive()))


def _check_pledge(conn: Connection, chama_id: int, borrower_id: int, guarantor_id: int, pledge: Money) -> None:
    if guarantor_id == borrower_id or not pledge.is_positive():
        raise InvalidInput("a guarantor is another member pledging more than zero", code_hint="bad_guarantor")
    membership_of(conn, chama_id, guarantor_id)
    capacity = pledge_capacity(savings_balance(conn, chama_id, guarantor_id),
                               held_savings(conn, chama_id, guarantor_id))
    if pledge > capacity:
        raise LoanLimitExceeded("a pledge is backed by the guarantor's free savings",
                                guarantor=guarantor_id, capacity=capacity.cents)


def answer_guarantee(conn: Connection, loan_id: int, guarantor_id: int, accept: bool) -> str:
    loan = _loan(conn, loan_id, lock=True)
    row = conn.execute(select(guarantors).where(guarantors.c.loan_id == loan_id,
                                                guarantors.c.member_id == guarantor_id)).first()
    if row is None or loan.status != "requested":
        raise LoanState("no guarantee of yours is waiting on this loan", loan_id=loan_id)
    if accept:
        _check_pledge(conn, loan.chama_id, loan.member_id, guarantor_id, Money(row.pledge_cents))
    status = "accepted" if accept else "declined"
    conn.execute(update(guarantors).where(guarantors.c.id == row.id).values(status=status))
    record_audit(conn, "loan.guarantee", loan.chama_id, guarantor_id, loan_id=loan_id, status=status)
    loan_notices.guarantee_answered(conn, loan_id, guarantor_id, accept)
    return status


def pending_guarantees(conn: Connection, member_id: int) -> list[int]:
    """Loans (ids) still waiting for this member's answer as a guarantor."""
    return list(conn.execute(select(guarantors.c.loan_id).join(loans, loans.c.id == guarantors.c.loan_id).where(
        guarantors.c.member_id == member_id, guarantors.c.status == "pending", loans.c.status == "requested")
        .order_by(guarantors.c.loan_id)).scalars())


def approve_loan(conn: Connection, loan_id: int, actor_id: int, today: date) -> str:
    """Returns the loan's status after this approval: 'requested' (needs the chair) or 'approved'."""
    loan = _loan(conn, loan_id, lock=True)
    if loan.status != "requested":
        raise LoanState("this loan is not waiting for approval", status=loan.status)
    role = Role(membership_of(conn, loan.chama_id, actor_id).role)
    if role not in MONEY_ROLES:
        raise Forbidden("a treasurer or the chair approves, never the borrower", role=role.value)
    officers = money_officers(conn, loan.chama_id)
    check_signer(actor_id, loan.member_id, officers)
    if loan.principal_cents % 100:
        # asked for before cents were refused at the quote: approved, it could never be sent
        raise UnsendableLoan("a loan with cents cannot be sent by M-Pesa", loan_id=loan_id)
    pledged = conn.execute(select(guarantors.c.pledge_cents).where(
        guarantors.c.loan_id == loan_id, guarantors.c.status == "accepted")).scalars()
    check_guarantees(Money(loan.principal_cents), Money(loan.principal_cents - loan.guarantee_needed_cents),
                     [Money(c) for c in pledged])
    column = "chair_approved_by" if role is Role.CHAIR else "treasurer_approved_by"
    conn.execute(update(loans).where(loans.c.id == loan_id).values({column: actor_id}))
    loan = _loan(conn, loan_id)
    threshold = load_policy(conn, loan.chama_id).loan_chair_above_cents
    # above the threshold both roles sign, save one held only by the borrower
    signed = {Role.CHAIR: loan.chair_approved_by, Role.TREASURER: loan.treasurer_approved_by}
    both = all(signed[r] is not None for r in signing_officers(officers, loan.member_id) if r in signed)
    if threshold is not None and loan.principal_cents > threshold and not both:
        _ask_the_other(conn, loan, threshold)
        return "requested"
    require_cash(conn, loan.chama_id, Money(loan.principal_cents))
    conn.execute(update(loans).where(loans.c.id == loan_id).values(status="approved", approved_on=today))
    queue_loan(conn, loan)
    _tell_borrower(conn, loan, today)
    record_audit(conn, "loan.approved", loan.chama_id, actor_id, loan_id=loan_id)
    return "approved"


def _ask_the_other(conn: Connection, loan, threshold: int) -> None:  # type: ignore[no-untyped-def]
    chama = load_chama(conn, loan.chama_id)
    wanted = ("chair",) if loan.chair_approved_by is None else ("treasurer",)
    for officer in officers(conn, loan.chama_id, wanted):
        notify(conn, officer, LOAN_NEEDS_CHAIR, loan.chama_id, dedupe_key=f"loan-approve:{loan.id}:{officer}",
               chama=label(chama.name), loan=loan.id, amount=str(Money(loan.principal_cents)),
               borrower=label(member_name(conn, loan.member_id)), threshold=str(Money(threshold)))


def _tell_borrower(conn: Connection, loan, today: date) -> None:  # type: ignore[no-untyped-def]
    schedule = schedule_of(loan, today)
    first = schedule.instalments[0]
    notify(conn, loan.member_id, LOAN_APPROVED, loan.chama_id, chama=load_chama(conn, loan.chama_id).name,
           amount=str(schedule.principal), interest=str(schedule.total_interest), first=str(first.total),
           due=f"{first.due_on:%d/%m/%Y}")


def reject_loan(conn: Connection, loan_id: int, actor_id: int) -> None:
    loan = _loan(conn, loan_id, lock=True)
    if loan.status not in ("requested", "approved"):
        raise LoanState("only a loan not yet disbursed can be rejected", status=loan.status)
    if actor_id != loan.member_id:
        if Role(membership_of(conn, loan.chama_id, actor_id).role) not in MONEY_ROLES:
            raise Forbidden("only a treasurer, the chair or the borrower can cancel a loan")
    conn.execute(update(loans).where(loans.c.id == loan_id).values(status="rejected"))
    record_audit(conn, "loan.rejected", loan.chama_id, actor_id, loan_id=loan_id)
    if actor_id != loan.member_id:
        loan_notices.turned_down(conn, loan_id, actor_id)


def awaiting_disbursement(conn: Connection, chama_id: int | None = None) -> list[int]:
    """Approved loans whose money has not yet gone out: for the M-Pesa B2C module."""
    query = select(loans.c.id).where(loans.c.status == "approved").order_by(loans.c.id)
    if chama_id is not None:
        query = query.where(loans.c.chama_id == chama_id)
    return list(conn.execute(query).scalars())


def borrower_of(conn: Connection, loan_id: int) -> int:
    return _loan(conn, loan_id).member_id  # type: ignore[no-any-return]


def schedule_of(loan, start: date) -> Schedule:  # type: ignore[no-untyped-def]
    return amortise(Money(loan.principal_cents), loan.months, Fraction(loan.rate_num, loan.rate_den),
                    InterestMethod(loan.method), start)


def _loan(conn: Connection, loan_id: int, lock: bool = False):  # type: ignore[no-untyped-def]
    query = select(loans).where(loans.c.id == loan_id)
    if lock:
        query = query.with_for_update(key_share=True)
    row = conn.execute(query).first()
    if row is None:
        raise LoanState("no such loan", loan_id=loan_id)
    return row
