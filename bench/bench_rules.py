"""Money-rule benchmarks (issue 8), pure core on one process:

1. Savings interest for a month on 100,000 accounts, each with an opening
   balance and 0 to 4 deposits or withdrawals during the month (daily
   compounding, actual/365, exact integer arithmetic). Target <= 5 s.
2. Amortisation schedules for 10,000 loans, flat and reducing balance,
   1 to 60 months, rates from 0.5% to 5% a month. Target <= 2 s.
Inputs come from a seeded generator so every run times the same work.
"""
from __future__ import annotations

import os
import random
import time
from datetime import date

from chamabora.core.interest import BalanceChange, monthly_credit
from chamabora.core.loans import InterestMethod, amortise, monthly_rate
from chamabora.core.money import Money

ACCOUNTS = int(os.environ.get("BENCH_ACCOUNTS", "100000"))
LOANS = int(os.environ.get("BENCH_LOANS", "10000"))
MONTH = date(2028, 2, 1)   # a leap February
RATE_BP = 800              # 8% a year on savings


def savings_accounts(rng: random.Random) -> list[tuple[Money, list[BalanceChange]]]:
    accounts = []
    for _ in range(ACCOUNTS):
        opening = balance = rng.randrange(0, 50_000_000)
        changes = []
        for day in sorted(rng.randrange(1, 30) for _ in range(rng.randrange(0, 5))):
            # withdrawals take at most a quarter of what is there, so savings never go negative
            amount = rng.randrange(-(balance // 4), 2_000_000) if balance >= 4 else rng.randrange(1, 2_000_000)
            balance += amount
            changes.append(BalanceChange(MONTH.replace(day=day), Money(amount)))
        accounts.append((Money(opening), changes))
    return accounts


def loan_requests(rng: random.Random) -> list[tuple[Money, int, int, InterestMethod]]:
    return [(Money(rng.randrange(100_000, 50_000_000)), rng.randrange(1, 61), rng.randrange(50, 501),
             rng.choice(list(InterestMethod))) for _ in range(LOANS)]


def bench_interest(accounts: list[tuple[Money, list[BalanceChange]]]) -> float:
    started = time.perf_counter()
    total = sum(monthly_credit(opening, changes, MONTH, RATE_BP).cents for opening, changes in accounts)
    elapsed = time.perf_counter() - started
    print(f"{'savings interest, accounts':<34} {len(accounts):>10,}   credited {Money(total)}")
    print(f"{'  time':<34} {elapsed:10.2f} s    (target <=5 s: {'met' if elapsed <= 5 else 'MISSED'})")
    return elapsed


def bench_schedules(requests: list[tuple[Money, int, int, InterestMethod]]) -> float:
    started = time.perf_counter()
    instalments = 0
    for principal, months, rate_bp, method in requests:
        instalments += len(amortise(principal, months, monthly_rate(rate_bp), method, MONTH).instalments)
    elapsed = time.perf_counter() - started
    print(f"{'loan schedules':<34} {len(requests):>10,}   instalments {instalments:,}")
    print(f"{'  time':<34} {elapsed:10.2f} s    (target <=2 s: {'met' if elapsed <= 2 else 'MISSED'})")
    return elapsed


def main() -> None:
    rng = random.Random(8)
    bench_interest(savings_accounts(rng))
    bench_schedules(loan_requests(rng))


if __name__ == "__main__":
    main()
