"""Share-out at the end of a savings cycle (VSLA style): the interest and
fines the chama earned, less savings interest already paid, are shared in
proportion to each member's savings-time over the cycle, posted to their
savings in one entry (key `shareout:<chama>:<last day>`, so once per cycle)
and announced to each member."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection

from ..core.chama import MONEY_ROLES
from ..core.errors import CycleState
from ..core.ledger import AccountKind, AccountRef
from ..core.money import Money
from ..core.shareout import INCOME, pool_of, savings_time, share_out, shareout_entry
from .cash import require_cash
from .ledger_store import LedgerStore
from .notices import SHARE_OUT, notify
from .records import load_chama, record_audit, require_role
from .savings import savings_history, split_history, start_of


@dataclass(frozen=True, slots=True)
class ShareOut:
    entry_id: int
    pool: Money
    shares: dict[int, Money]


def share_out_cycle(conn: Connection, chama_id: int, actor_id: int, start: date, end: date,
                    today: date) -> ShareOut:
    require_role(conn, chama_id, actor_id, MONEY_ROLES)
    if today <= end:
        raise CycleState("the savings cycle has not ended", ends=end.isoformat())
    chama = load_chama(conn, chama_id, lock=True)
    store = LedgerStore(conn, chama_id)
    key = f"shareout:{chama_id}:{end.isoformat()}"
    if store.key_exists(key) is not None:
        raise CycleState("this cycle has already been shared out", ends=end.isoformat())
    income = {kind: store.balance(AccountRef(kind)) for kind in INCOME}
    paid = store.balance(AccountRef(AccountKind.SAVINGS_INTEREST))
    pool = pool_of(income, paid)
    weights = {}
    for member_id, history in savings_history(conn, chama_id, start_of(end + timedelta(days=1))).items():
        opening, changes = split_history(history, start)
        weights[member_id] = savings_time(opening, changes, start, end)
    shares = share_out(pool, weights)
    # the shares become savings members may withdraw: they must be there in confirmed cash
    require_cash(conn, chama_id, pool)
    entry_id = store.post(shareout_entry(shares, income, paid, key, f"Share-out {start:%d/%m/%Y}-{end:%d/%m/%Y}"))
    for member_id, share in shares.items():
        notify(conn, member_id, SHARE_OUT, chama_id, chama=chama.name, pool=str(pool), share=str(share))
    record_audit(conn, "shareout.posted", chama_id, actor_id, pool=pool.cents, members=len(shares))
    return ShareOut(entry_id, pool, shares)
