"""Command handlers; importing this package registers every one of them."""
from . import answers, claim_decisions, claims, lending, loan_decisions, money, people, plans, preferences  # noqa: F401
