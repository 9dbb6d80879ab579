"""Things waiting for a treasurer's or chair's decision (flagged payments,
payouts, loans), from whichever module owns them, behind one interface so the
USSD treasurer menu and SMS replies list and decide them the same way.

A module registers a `PendingSource`; `list_pending` gathers every source's
items for a chama, oldest first. The registry sits in the service layer so
the services that own an item (claims, payouts, loans, savings) register it
without reaching up into the conversation.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection


@dataclass(frozen=True, slots=True)
class PendingItem:
    source: str          # the registering source's name
    ref: str             # the source's own reference (e.g. a receipt code, a payout id)
    summary: str         # short, in the member's language: what is being decided
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PendingSource:
    name: str
    list_items: Callable[[Connection, int, str], list[PendingItem]]  # (conn, chama_id, language)
    # (conn, chama_id, ref, actor member id, approve?, language) -> the outcome text for the decider
    decide: Callable[[Connection, int, str, int, bool, str], str]


SOURCES: dict[str, PendingSource] = {}


def register_source(source: PendingSource) -> None:
    SOURCES[source.name] = source


def list_pending(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    items = [item for source in SOURCES.values() for item in source.list_items(conn, chama_id, language)]
    return sorted(items, key=lambda item: (_utc(item.created_at), item.source, item.ref))


def _utc(moment: datetime) -> datetime:
    # SQLite returns naive UTC timestamps, PostgreSQL aware ones; sources may mix them
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def decide(conn: Connection, chama_id: int, item: PendingItem, actor_id: int, approve: bool,
           language: str) -> str:
    return SOURCES[item.source].decide(conn, chama_id, item.ref, actor_id, approve, language)
