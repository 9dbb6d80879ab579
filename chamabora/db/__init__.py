"""Persistence: tables, engine and the unit of work. Only the service layer imports it."""
