"""Asking a member's phone for money: an M-Pesa prompt (STK push) for a
contribution or a loan repayment, queued in the outbox in the same unit of
work, so it leaves only if the turn that asked for it commits. What the
prompt led to is booked when M-Pesa's result arrives, never here."""
from __future__ import annotations

from sqlalchemy import Connection

from chamabora.core import account_reference
from chamabora.core.errors import InvalidAmount
from chamabora.core.money import Money
from chamabora.outbox.store import Channel, Purpose, enqueue

STK_MAX = Money.shillings(250_000)  # M-Pesa's single-transaction ceiling


def ask_contribution(conn: Connection, member_id: int, phone: str, chama_id: int, code: str, amount: Money) -> None:
    """A prompt to pay `amount` into the chama whose join code is `code`."""
    if amount.cents % 100 or amount > STK_MAX:
        raise InvalidAmount("M-Pesa takes whole shillings up to 250,000")
    enqueue(conn, Channel.STK_PUSH, phone, purpose=Purpose.MONEY, member_id=member_id, chama_id=chama_id,
            payload={"chama_id": chama_id, "member_id": member_id, "amount_cents": amount.cents,
                     "account_reference": account_reference.contribution(code)})


def ask_loan_repayment(conn: Connection, member_id: int, phone: str, chama_id: int, loan_id: int,
                       amount: Money) -> None:
    enqueue(conn, Channel.STK_PUSH, phone, purpose=Purpose.MONEY, member_id=member_id, chama_id=chama_id,
            payload={"purpose": "loan_repayment", "loan_id": loan_id, "chama_id": chama_id, "member_id": member_id,
                     "amount_cents": amount.cents, "account_reference": account_reference.loan_repayment(loan_id)})
