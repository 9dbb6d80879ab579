"""The outbox's email channel: an SMTP sender (standard library `smtplib`
and `email`). The row's body is the text part; its payload carries the
subject and attachments (base64). The Message-ID is derived from the
outbox row, so a retried send is recognisable as the same message.

A refused recipient is permanent (retrying will not help); a server that
cannot be reached, or a temporary 4xx, is retried by the outbox's backoff.
"""
from __future__ import annotations

import base64
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from chamabora.core.ports import Outgoing, SendFailed, Sent
from chamabora.outbox.store import Channel
from chamabora.config.notify import NotifySettings

TIMEOUT = 20


def build_message(message: Outgoing, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = str(message.payload.get("subject") or "Chamabora")
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="chamabora")
    mail.set_content(message.body)
    for item in message.payload.get("attachments") or []:  # type: ignore[attr-defined]
        maintype, _, subtype = str(item["content_type"]).partition("/")
        mail.add_attachment(base64.b64decode(item["content_b64"]), maintype=maintype, subtype=subtype or "octet-stream",
                            filename=item["filename"])
    return mail


class SmtpEmail:
    provider = "smtp"

    def __init__(self, settings: NotifySettings) -> None:
        if not settings.smtp_host:
            raise ValueError("SMTP_HOST is not set")
        self.settings = settings

    def send(self, message: Outgoing) -> Sent:
        mail = build_message(message, self.settings.smtp_from)
        try:
            with smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=TIMEOUT) as smtp:
                self._login(smtp)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            raise SendFailed(f"smtp: recipient refused {sorted(error.recipients)}", permanent=True) from None
        except smtplib.SMTPResponseException as error:
            raise SendFailed(f"smtp: {error.smtp_code}", permanent=500 <= error.smtp_code < 600) from None
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"smtp: {type(error).__name__}") from None
        return Sent(self.provider, str(mail["Message-ID"]))

    def _login(self, smtp: smtplib.SMTP) -> None:
        smtp.ehlo()
        if self.settings.smtp_starttls and smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if self.settings.smtp_user:
            smtp.login(self.settings.smtp_user, self.settings.smtp_password or "")

