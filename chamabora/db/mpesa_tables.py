"""M-Pesa's tables: every callback as it arrived, the STK prompts we sent,
C2B payments (matched or waiting for the treasurer), and B2C disbursements
(of a payout, with its approvals, or of an approved loan).

The unique columns are the outside ids Daraja repeats (CheckoutRequestID,
MpesaReceiptNumber, TransID, ConversationID): a repeated callback finds its
row and changes nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now

Cents = BigInteger


class MpesaCallback(Base):
    """Raw callbacks, stored before anything else is done with them."""

    __tablename__ = "mpesa_callbacks"
    __table_args__ = (Index("ix_mpesa_callbacks_kind_key", "kind", "event_key"),
                      Index("ix_mpesa_callbacks_status_received", "status", "received_at"))
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    received_at: Mapped[datetime] = _now()
    kind: Mapped[str] = mapped_column(String(20))        # stk, c2b_validation, c2b_confirmation, b2c_result, b2c_timeout
    event_key: Mapped[str] = mapped_column(String(100))  # CheckoutRequestID, TransID, OriginatorConversationID
    body: Mapped[str] = mapped_column(Text)
    remote_addr: Mapped[str | None] = mapped_column(String(45))
    status: Mapped[str] = mapped_column(String(12), default="received")  # received, applied, duplicate, orphan, error
    note: Mapped[str | None] = mapped_column(String(300))
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StkRequest(Base):
    """One STK prompt sent to a member, resolved by its callback or by reconciliation."""

    __tablename__ = "mpesa_stk_requests"
    __table_args__ = (Index("ix_mpesa_stk_requests_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = _now()
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), unique=True)
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    phone: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Cents)
    account_reference: Mapped[str] = mapped_column(String(12))
    # what the money is for: contribution, loan_repayment, saving or subscription, and its details (JSON)
    purpose: Mapped[str] = mapped_column(String(16), default="contribution")
    details: Mapped[str] = mapped_column(Text, default="{}")
    merchant_request_id: Mapped[str] = mapped_column(String(64))
    checkout_request_id: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, paid, cancelled, failed
    result_code: Mapped[str | None] = mapped_column(String(16))
    result_desc: Mapped[str | None] = mapped_column(String(200))
    receipt: Mapped[str | None] = mapped_column(String(20), unique=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    resolved_by: Mapped[str | None] = mapped_column(String(12))         # callback, query
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class C2BPayment(Base):
    """Money paid straight to the paybill; matched to a member by account number, or held."""

    __tablename__ = "mpesa_c2b_payments"
    __table_args__ = (Index("ix_mpesa_c2b_payments_status_chama", "status", "chama_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = _now()
    trans_id: Mapped[str] = mapped_column(String(20), unique=True)
    trans_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    amount_cents: Mapped[int] = mapped_column(Cents)
    bill_ref: Mapped[str] = mapped_column(String(40), default="")
    msisdn: Mapped[str] = mapped_column(String(80), default="")     # hashed or masked by Safaricom
    payer_name: Mapped[str] = mapped_column(String(100), default="")
    chama_id: Mapped[int | None] = mapped_column(ForeignKey("chamas.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    status: Mapped[str] = mapped_column(String(10))                 # matched, unmatched, assigned
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Disbursement(Base):
    """One attempt to pay a payout (approvals, then the request, then its result), an approved loan or an
    approved savings withdrawal by B2C."""

    __tablename__ = "mpesa_disbursements"
    __table_args__ = (UniqueConstraint("payout_id", "attempt", name="uq_mpesa_disbursements_attempt"),
                      UniqueConstraint("loan_id", "attempt", name="uq_mpesa_disbursements_loan_attempt"),
                      UniqueConstraint("withdrawal_id", "attempt", name="uq_mpesa_disbursements_withdrawal_attempt"),
                      # the money leaves for exactly one reason, so its result books exactly one thing
                      CheckConstraint("(CASE WHEN payout_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN loan_id IS NULL "
                                      "THEN 0 ELSE 1 END) + (CASE WHEN withdrawal_id IS NULL THEN 0 ELSE 1 END) = 1",
                                      name="one_purpose"),
                      Index("ix_mpesa_disbursements_status_updated", "status", "updated_at"))
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payouts.id"))
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"))
    withdrawal_id: Mapped[int | None] = mapped_column(ForeignKey("withdrawals.id"))  # savings or a share-out line
    attempt: Mapped[int] = mapped_column(Integer)
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))   # the recipient
    phone: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Cents)
    # approving, queued, sent, unknown (timed out), checking (status query sent), paid, failed
    status: Mapped[str] = mapped_column(String(10), default="approving")
    originator_conversation_id: Mapped[str] = mapped_column(String(64), unique=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    status_query_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    result_code: Mapped[str | None] = mapped_column(String(16))
    result_desc: Mapped[str | None] = mapped_column(String(200))
    receipt: Mapped[str | None] = mapped_column(String(20), unique=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))


class PayoutApproval(Base):
    __tablename__ = "mpesa_payout_approvals"
    __table_args__ = (UniqueConstraint("disbursement_id", "member_id", name="uq_mpesa_payout_approvals_signer"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = _now()
    disbursement_id: Mapped[int] = mapped_column(ForeignKey("mpesa_disbursements.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    role: Mapped[str] = mapped_column(String(10))
