"""Savings and plans: deposits (`accounts`), personal and group goals, withdrawals and their
votes and B2C results, the end-of-cycle share-out, and the chama's subscription plan."""
