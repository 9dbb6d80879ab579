"""Command handlers; importing this package registers every one of them."""
from chamabora.conversation.handlers import (  # noqa: F401
    answers, claim_decisions, claims, group_goals, lending, loan_decisions, money, officers, paybill,
    payout_decisions, people, pin_lock, plans, preferences, rules, savings_decisions,
)
