"""The fraud flow's two settings: the score at which a claim is held, and how
many days a held claim waits for a treasurer before it expires. Read from
the environment (FRAUD_THRESHOLD, FRAUD_HOLD_DAYS) the first time the flow
needs them, never at import; tests pass their own."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


THRESHOLD, HOLD_DAYS = 0.5, 7


@dataclass(frozen=True, slots=True)
class FraudPolicy:
    threshold: float = THRESHOLD
    hold_days: int = HOLD_DAYS

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> FraudPolicy:
        env = os.environ if environ is None else environ
        threshold = float(env.get("FRAUD_THRESHOLD") or THRESHOLD)
        days = int(env.get("FRAUD_HOLD_DAYS") or HOLD_DAYS)
        if not 0.0 < threshold <= 1.0 or days < 1:
            raise ValueError("FRAUD_THRESHOLD must be in (0, 1] and FRAUD_HOLD_DAYS at least 1")
        return cls(threshold, days)


@lru_cache(maxsize=1)
def current_policy() -> FraudPolicy:
    return FraudPolicy.from_env()
