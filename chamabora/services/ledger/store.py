"""Writing core `Entry` values into the journal, and reading balances back.

Postings name their account by code (`cash`, `dues_receivable:42`); the
insert resolves the code through the (chama_id, code) unique index.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, bindparam, insert, select

from chamabora.core.ledger import PER_MEMBER, AccountKind, AccountRef, Entry
from chamabora.db.tables import Account, JournalEntry, Posting, sum_cents
from chamabora.db.changes import mark_changed

accounts = Account.__table__
entries = JournalEntry.__table__
postings = Posting.__table__

_ACCOUNT = select(accounts.c.id).where(accounts.c.chama_id == bindparam("chama"),
                                       accounts.c.code == bindparam("code"))
_ENTRY = insert(entries).returning(entries.c.id)
# the account is found by its code inside the insert: one round trip for all postings,
# and a posting to an account that does not exist fails on NOT NULL
_POSTING = insert(postings).values(entry_id=bindparam("entry"), account_id=_ACCOUNT.scalar_subquery(),
                                   amount_cents=bindparam("amount"))


def open_accounts(conn: Connection, chama_id: int, member_id: int | None) -> None:
    """Create the chama's own accounts (member_id None) or one member's accounts."""
    kinds = [k for k in AccountKind if (k in PER_MEMBER) == (member_id is not None)]
    conn.execute(insert(accounts), [
        {"chama_id": chama_id, "kind": k.value, "member_id": member_id,
         "code": AccountRef(k, member_id).code} for k in kinds])


class LedgerStore:
    def __init__(self, conn: Connection, chama_id: int) -> None:
        self.conn = conn
        self.chama_id = chama_id

    def key_exists(self, key: str) -> int | None:
        return self.conn.execute(
            select(entries.c.id).where(entries.c.idempotency_key == key)).scalar()

    def post(self, entry: Entry, now: datetime | None = None, reverses: int | None = None) -> int:
        entry_id = self.conn.execute(_ENTRY, {
            "chama_id": self.chama_id, "kind": entry.kind.value, "memo": entry.memo[:200],
            "idempotency_key": entry.idempotency_key, "reverses_id": reverses,
            # in UTC: SQLite keeps a datetime's wall clock and drops its zone, so M-Pesa's Nairobi
            # time stored as it came would read back three hours late
            "posted_at": (now or datetime.now(timezone.utc)).astimezone(timezone.utc)}).scalar_one()
        self.conn.execute(_POSTING, [
            {"entry": entry_id, "chama": self.chama_id, "code": p.account.code, "amount": p.amount.cents}
            for p in entry.postings])
        mark_changed(self.conn, self.chama_id)
        return entry_id

    def account_id(self, ref: AccountRef) -> int:
        return self.conn.execute(_ACCOUNT, {"chama": self.chama_id, "code": ref.code}).scalar_one()

    def balance(self, ref: AccountRef) -> int:
        return self.conn.execute(
            select(sum_cents(postings.c.amount_cents))
            .where(postings.c.account_id == self.account_id(ref))).scalar_one()

    def balances_of_kind(self, kind: AccountKind) -> dict[int, int]:
        """Per-member balances of one account kind, members with none left out."""
        rows = self.conn.execute(
            select(accounts.c.member_id, sum_cents(postings.c.amount_cents))
            .join(postings, postings.c.account_id == accounts.c.id)
            .where(accounts.c.chama_id == self.chama_id, accounts.c.kind == kind.value)
            .group_by(accounts.c.member_id))
        return {member_id: total for member_id, total in rows if total}
