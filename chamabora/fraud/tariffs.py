"""What M-Pesa charged, by date and kind: the transaction cost a genuine
confirmation prints, and the daily limit its "Amount you can transact within
the day" line counts down from. Pure data and two look-ups, no I/O.

Sources (bands in whole shillings, inclusive):

* 1 January 2021 to 28 July 2023, transfers and agent withdrawals:
  hapakenya.com/2021/01/05/new-m-pesa-charges-effective-january-1-2021/
  (transfers) and siwesbeginner.com/mpesa-charges/ (the full withdrawal
  column of the same table). The corpus agrees: Dec 2022 sends of 200, 1,200
  and 2,528 cost 6, 22 and 51; a 1,000 withdrawal cost 28.
* From 29 July 2023 (Finance Act 2023 raised excise duty from 12% to 15%:
  swalanyeti.co.ke "Safaricom revises M-Pesa charges to comply with
  controversial Finance Act"), transfers and withdrawals:
  kahawatungu.com/m-pesa-charges-2025-updated-transaction-and-withdrawal-fees/
  and moneyissues.co.ke "Understanding M-PESA charges 2024". The corpus
  agrees: a 2026 send of 500 cost 7.
* Buy Goods, M-Shwari moves and airtime cost the customer nothing in every
  sample; Pay Bill is either free (the business pays) or charged the transfer
  band at most (the 2026 corpus: 500 to DTB cost 5), so it is only bounded.
* Daily limits: KES 300,000 from 2021 (hapakenya, above), KES 500,000 by
  2023 (pulselive.co.ke "M-PESA charges", April 2024; corpus lines read
  499,870 and 498,340). Before 2021 the tables are not checked.
"""
from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter
from datetime import date

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind

TARIFF_2021 = date(2021, 1, 1)
TARIFF_2023 = date(2023, 7, 29)
LIMIT_500K_FROM = date(2022, 12, 1)

# (upper bound of the band in shillings, charge in shillings)
TRANSFER_2021 = ((100, 0), (500, 6), (1_000, 12), (1_500, 22), (2_500, 32), (3_500, 51), (5_000, 55),
                 (7_500, 75), (10_000, 87), (15_000, 97), (20_000, 102), (150_000, 105))
WITHDRAW_2021 = ((49, None), (100, 10), (500, 27), (2_500, 28), (3_500, 50), (5_000, 67), (7_500, 84),
                 (10_000, 112), (15_000, 162), (20_000, 180), (35_000, 191), (50_000, 270), (150_000, 300))
TRANSFER_2023 = ((100, 0), (500, 7), (1_000, 13), (1_500, 23), (2_500, 33), (3_500, 53), (5_000, 57),
                 (7_500, 78), (10_000, 90), (15_000, 100), (20_000, 105), (250_000, 108))
WITHDRAW_2023 = ((49, None), (100, 11), (2_500, 29), (3_500, 52), (5_000, 69), (7_500, 87), (10_000, 115),
                 (15_000, 167), (20_000, 185), (35_000, 197), (50_000, 278), (250_000, 309))

TRANSFER_KINDS = frozenset({MpesaKind.SENT, MpesaKind.POCHI})
NOTHING = Money(0)                # Money is immutable: these are made once, not per message scored
_LIMIT_300K, _LIMIT_500K = Money(300_000 * 100), Money(500_000 * 100)
_UPPER = itemgetter(0)
FREE_KINDS = frozenset({MpesaKind.BUY_GOODS, MpesaKind.MSHWARI_DEPOSIT, MpesaKind.MSHWARI_WITHDRAWAL,
                        MpesaKind.AIRTIME, MpesaKind.AIRTIME_OTHER})


def _band(table: tuple[tuple[int, int | None], ...], amount: Money) -> Money | None:
    shillings = -(-amount.cents // 100)  # a band's bounds are whole shillings; 100.50 is in 101-500
    index = bisect_left(table, shillings, key=_UPPER)
    if index >= len(table) or table[index][1] is None:
        return None
    return Money(table[index][1] * 100)  # type: ignore[operator]


def transfer_charge(amount: Money, day: date) -> Money | None:
    """What sending `amount` to another M-Pesa user cost on `day`, or None before the known tables."""
    if day < TARIFF_2021:
        return None
    return _band(TRANSFER_2021 if day < TARIFF_2023 else TRANSFER_2023, amount)


def withdrawal_charge(amount: Money, day: date) -> Money | None:
    if day < TARIFF_2021:
        return None
    return _band(WITHDRAW_2021 if day < TARIFF_2023 else WITHDRAW_2023, amount)


def expected_cost(kind: MpesaKind, amount: Money, day: date) -> Money | None:
    """The exact cost a genuine message of this kind prints, or None when it is not fixed."""
    if kind in FREE_KINDS:
        return NOTHING
    if kind in TRANSFER_KINDS:
        return transfer_charge(amount, day)
    if kind is MpesaKind.WITHDRAWAL:
        return withdrawal_charge(amount, day)
    return None


def cost_fits(kind: MpesaKind, amount: Money, cost: Money, day: date) -> bool | None:
    """Whether the printed cost is one a genuine message could print; None when unknowable."""
    if kind is MpesaKind.PAYBILL:
        ceiling = transfer_charge(amount, day)
        return None if ceiling is None else NOTHING <= cost <= ceiling
    expected = expected_cost(kind, amount, day)
    return None if expected is None else cost == expected


def daily_limit(day: date) -> Money | None:
    if day < TARIFF_2021:
        return None
    return _LIMIT_500K if day >= LIMIT_500K_FROM else _LIMIT_300K
