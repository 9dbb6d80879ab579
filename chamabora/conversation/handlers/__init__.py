"""Command handlers; importing this package registers every one of them."""
from . import claim_decisions, claims, later, lending, money, people, preferences  # noqa: F401
