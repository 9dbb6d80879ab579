"""The payment_claims table: one row per forwarded confirmation, parsed or
not. A receipt code is claimed at most once (NULL codes, from malformed
texts and bare images, may repeat)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class PaymentClaim(Base):
    __tablename__ = "payment_claims"
    __table_args__ = (Index("ix_payment_claims_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    chama_id: Mapped[int | None] = mapped_column(ForeignKey("chamas.id"), index=True)
    receipt_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    outcome: Mapped[str] = mapped_column(String(12))        # parsed, unrecognised (malformed before), image
    kind: Mapped[str | None] = mapped_column(String(24))     # MpesaKind value when parsed
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    fields: Mapped[str] = mapped_column(Text, default="{}")  # JSON: every value the parser read
    problem: Mapped[str | None] = mapped_column(String(200))  # why a malformed text broke the grammar
    raw_text: Mapped[str] = mapped_column(Text)
    media: Mapped[str] = mapped_column(Text, default="[]")   # JSON list of stored receipt-image URLs
    channel: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = _now()
