"""Delivery reports from Africa's Talking, Twilio and Infobip, each decoded by
its provider's module to a `DeliveryReport` and recorded through the
outbox's reports (outbox/reports.py), which keep a report that came before
its row was marked sent and apply it when the row is."""
from __future__ import annotations

from chamabora.outbox.reports import DeliveryReport, record_reports
from chamabora.channels.sms.intake import services

__all__ = ["DeliveryReport", "record"]


def record(*reports: DeliveryReport) -> int:
    """Within a request: how many reports reached their row (now or after a second look)."""
    return record_reports(services().run, reports)
