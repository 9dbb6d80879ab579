"""Telling members and officers what they need to know, unasked: the notices
the money rules send (`money.py`), contribution and loan reminders in each
member's language, the treasurer's payout request, and email (monthly
statements with a CSV, alerts) for chairs and treasurers who gave an
address. Everything goes through the outbox; one member's notice goes on
their channel through `services.notify`."""
