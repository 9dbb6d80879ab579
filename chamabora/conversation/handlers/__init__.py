"""Command handlers; importing this package registers every one of them."""
from . import later, money, people, preferences  # noqa: F401
