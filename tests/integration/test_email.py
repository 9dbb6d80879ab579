"""Email for chairs and treasurers, through a real SMTP server started by
the test (aiosmtpd): the monthly statement with its CSV attachment, alerts
for held payments and failed payouts, each sent once; a refused address is
a permanent failure."""
import csv
import io
import socket
from datetime import date, datetime, timezone
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import insert, select

from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.db.mpesa_tables import C2BPayment, Disbursement
from chamabora.config.notify import NotifySettings
from chamabora.providers.messaging.email import SmtpEmail
from chamabora.services.notices.preferences import set_preferences
from chamabora.core.ports import Outgoing, SendFailed
from chamabora.outbox.store import outbox
from chamabora.schedule.entries import BY_ID
from chamabora.schedule.runner import run_firing
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from tests.helpers import make_chama, snapshot

CHAIR_EMAIL = "wanjiru@example.co.ke"


class Inbox:
    """An SMTP handler that keeps what it receives and refuses one address."""

    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def services(engine, make_app, smtp):
    _inbox, port = smtp
    app = make_app(engine.url.render_as_string(hide_password=False),
                   notify=NotifySettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                                         smtp_from="Chamabora <statements@chamabora.test>"))
    return app.extensions["chamabora"]


def test_the_chair_receives_last_months_statement_with_a_csv_once(services, smtp):
    inbox, _port = smtp
    chama_id, ids = make_chama(services.engine, 3, anchor=date(2027, 2, 10))
    services.run(lambda conn: set_preferences(conn, ids[0], email=CHAIR_EMAIL))
    february = datetime(2027, 2, 9, 10, tzinfo=timezone.utc)
    services.run(lambda conn: payments.record_payment(conn, chama_id, ids[1], Money.shillings(1500), "manual:F1",
                                                      date(2027, 2, 9), now=february))
    first_of_march = datetime(2027, 3, 1, 8, 0, tzinfo=NAIROBI)
    run_firing(services, BY_ID["monthly-statements"], first_of_march)
    once = snapshot(services.engine)
    run_firing(services, BY_ID["monthly-statements"], first_of_march)
    assert snapshot(services.engine) == once
    assert len(inbox.received) == 1
    recipients, mail = inbox.received[0]
    assert recipients == [CHAIR_EMAIL] and mail["Subject"] == "Umoja statement for 02/2027"
    assert mail["From"] == "Chamabora <statements@chamabora.test>"
    assert "3 members, KES 1,500 paid in the month" in mail.get_body(("plain",)).get_content()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "umoja-2027-02.csv" and attachment.get_content_type() == "text/csv"
    rows = list(csv.DictReader(io.StringIO(attachment.get_content())))
    assert [(r["member"], r["paid_in_month"], r["credit"]) for r in rows] == [
        ("Member 1", "0.00", "0.00"), ("Member 2", "1500.00", "500.00"), ("Member 3", "0.00", "0.00")]


def test_officers_are_emailed_once_about_a_held_payment_and_a_failed_payout(services, smtp):
    inbox, _port = smtp
    chama_id, ids = make_chama(services.engine, 2, anchor=date(2027, 2, 10))
    services.run(lambda conn: set_preferences(conn, ids[0], email=CHAIR_EMAIL))
    services.run(lambda conn: payments.record_payment(conn, chama_id, ids[1], Money.shillings(1000), "manual:F1",
                                                      date(2027, 2, 9)))  # a pot is what was collected
    closed = services.run(lambda conn: payouts.close_cycle(conn, chama_id, None, date(2027, 2, 10)))

    def mishaps(conn):
        conn.execute(insert(C2BPayment.__table__), {
            "trans_id": "QGH7XK2L9P", "trans_time": datetime.now(timezone.utc), "amount_cents": 70000,
            "bill_ref": "UMOJA-99", "msisdn": "+254712***678", "payer_name": "JOHN", "chama_id": chama_id,
            "status": "unmatched"})
        conn.execute(insert(Disbursement.__table__), {
            "payout_id": closed.payout_id, "attempt": 1, "chama_id": chama_id, "member_id": ids[0],
            "phone": "+254700000001", "amount_cents": closed.net.cents, "status": "failed",
            "originator_conversation_id": "oc-1", "result_code": "2001", "result_desc": "The initiator is invalid"})

    services.run(mishaps)
    now = datetime.now(NAIROBI)
    for _ in range(2):
        run_firing(services, BY_ID["email-alerts"], now)
    subjects = sorted(mail["Subject"] for _to, mail in inbox.received)
    assert subjects == ["Umoja: a payment is waiting for you", "Umoja: a payout failed"]
    bodies = " ".join(mail.get_content() for _to, mail in inbox.received)
    assert "M-Pesa payment QGH7XK2L9P of KES 700 from JOHN (account UMOJA-99)" in bodies
    assert f"The payout of {closed.net} to Member 1 failed (The initiator is invalid, 2001)" in bodies


def test_a_refused_address_fails_for_good_and_an_unreachable_server_is_retried(smtp):
    _inbox, port = smtp
    message = Outgoing(7, "email", "notice", "nobody@example.co.ke", "hello", {"subject": "hi"}, None, None)
    with pytest.raises(SendFailed) as refused:
        SmtpEmail(NotifySettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)).send(message)
    assert refused.value.permanent
    with pytest.raises(SendFailed) as down:
        SmtpEmail(NotifySettings(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False)).send(message)
    assert not down.value.permanent


def test_the_smtp_password_never_appears_in_settings_repr():
    settings = NotifySettings(smtp_host="smtp.example", smtp_user="u", smtp_password="s3cret-pass")
    assert "s3cret-pass" not in repr(settings)


def test_without_an_smtp_host_email_is_only_recorded(app):
    services = app.extensions["chamabora"]
    chama_id, ids = make_chama(services.engine, 1, anchor=date(2027, 2, 10))
    services.run(lambda conn: set_preferences(conn, ids[0], email=CHAIR_EMAIL))
    run_firing(services, BY_ID["monthly-statements"], datetime(2027, 3, 1, 8, 0, tzinfo=NAIROBI))
    with services.engine.connect() as conn:
        row = conn.execute(select(outbox).where(outbox.c.channel == "email")).one()
    assert (row.recipient, row.status, row.provider) == (CHAIR_EMAIL, "sent", "simulator")
