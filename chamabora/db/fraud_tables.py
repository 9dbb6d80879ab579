"""The fraud_reviews table: what the fraud checks decided about each payment
claim (one row per claim with a receipt code), who decided a held one and
when it expires. The claim itself stays in payment_claims; this row is the
verdict and its trail, so the SMS code that records claims never needs to
know about the model."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class FraudReview(Base):
    __tablename__ = "fraud_reviews"
    __table_args__ = (Index("ix_fraud_reviews_decision_expires", "decision", "expires_at"),
                      Index("ix_fraud_reviews_chama_decision", "chama_id", "decision"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("payment_claims.id"), primary_key=True)
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    code: Mapped[str] = mapped_column(String(12), unique=True)
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    score_bp: Mapped[int | None] = mapped_column(Integer)        # the model's score in basis points, 0..10000
    reasons: Mapped[str] = mapped_column(Text, default="[]")      # JSON list of signal names, strongest first
    model: Mapped[str | None] = mapped_column(String(40))
    # verified (a Daraja record), unverified (applied below the threshold), held, approved, rejected, expired
    decision: Mapped[str] = mapped_column(String(12))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = _now()
