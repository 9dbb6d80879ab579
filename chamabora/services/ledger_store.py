"""Writing core `Entry` values into the journal, and reading balances back.

Account ids are looked up once per unit of work and cached on the store.
An entry whose idempotency key is already in the journal is not written again.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, insert, select

from ..core.ledger import PER_MEMBER, AccountKind, AccountRef, Entry
from ..db.tables import Account, JournalEntry, Posting, sum_cents

accounts = Account.__table__
entries = JournalEntry.__table__
postings = Posting.__table__


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
        self._ids: dict[str, int] = {}

    def load_accounts(self, member_id: int | None = None, everyone: bool = False) -> None:
        query = select(accounts.c.code, accounts.c.id).where(accounts.c.chama_id == self.chama_id)
        if not everyone:
            query = query.where((accounts.c.member_id.is_(None)) | (accounts.c.member_id == member_id))
        self._ids.update({code: id_ for code, id_ in self.conn.execute(query)})

    def account_id(self, ref: AccountRef) -> int:
        if ref.code not in self._ids:
            self.load_accounts(ref.member_id)
        return self._ids[ref.code]

    def key_exists(self, key: str) -> int | None:
        return self.conn.execute(
            select(entries.c.id).where(entries.c.idempotency_key == key)).scalar()

    def post(self, entry: Entry, now: datetime | None = None, reverses: int | None = None) -> int:
        entry_id = self.conn.execute(insert(entries).returning(entries.c.id), {
            "chama_id": self.chama_id, "kind": entry.kind.value, "memo": entry.memo[:200],
            "idempotency_key": entry.idempotency_key, "reverses_id": reverses,
            "posted_at": now or datetime.now(timezone.utc)}).scalar_one()
        self.conn.execute(insert(postings), [
            {"entry_id": entry_id, "account_id": self.account_id(p.account),
             "amount_cents": p.amount.cents} for p in entry.postings])
        return entry_id

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
