"""Command handlers; importing this package registers every one of them."""
from . import answers, claim_decisions, claims, later, lending, money, people, plans, preferences  # noqa: F401
