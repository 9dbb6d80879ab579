"""Builders for the providers' real payload shapes (PROTOCOLS.md §2-4) and a
Twilio request signer, shared by the SMS and WhatsApp webhook tests."""
from __future__ import annotations

from itertools import count

from sqlalchemy import select
from twilio.request_validator import RequestValidator

from chamabora.services.claims.store import payment_claims
from chamabora.outbox.store import outbox
from chamabora.config.sms import MessagingSettings

TOKEN = "test-webhook-secret"
TWILIO_TOKEN = "twilio-auth-token"
SHARED_KEY = "twilio-shared-key-secret"
PUBLIC = "https://chama.example"
JANE, OTIENO, STRANGER = "+254712000001", "+254712000002", "+254799000009"
CONFIRMATION = ("QGH7XK2L9P Confirmed. Ksh1,000.00 sent to UMOJA CHAMA 0712345678 on 10/1/27 at 9:15 AM. "
                "New M-PESA balance is Ksh2,300.00. Transaction cost, Ksh13.00.")
ids = count(1)


def messaging(tmp_path, **overrides) -> MessagingSettings:
    values = {"twilio_account_sid": "AC0123456789abcdef0123456789abcdef", "twilio_auth_token": TWILIO_TOKEN,
              "twilio_webhook_key_secret": SHARED_KEY, "public_base_url": PUBLIC,
              "media_dir": str(tmp_path / "media")}
    return MessagingSettings(**{**values, **overrides})


def at_sms(phone: str, text: str, message_id: str | None = None) -> dict[str, str]:
    return {"from": phone, "to": "22384", "text": text, "date": "2027-01-10 09:00:00",
            "id": message_id or f"ATXid_{next(ids)}", "linkId": "", "networkCode": "63902"}


def twilio_form(phone: str, body: str, sid: str | None = None, whatsapp: bool = False, **extra: str):
    prefix = "whatsapp:" if whatsapp else ""
    sid = sid or f"SM{next(ids):032d}"
    form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": "AC0123456789abcdef",
            "From": prefix + phone, "To": prefix + "+14155238886", "Body": body, "NumMedia": "0",
            "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01"}
    if whatsapp:
        form.update({"WaId": phone.lstrip("+"), "ProfileName": "Jane", "MessageType": "text"})
    return {**form, **extra}


def signed(path: str, form: dict[str, str], secret: str = TWILIO_TOKEN, algorithm: str | None = None) -> dict:
    headers = {"X-Twilio-Signature": RequestValidator(secret).compute_signature(PUBLIC + path, form, algorithm)}
    if algorithm:
        headers["X-Twilio-Webhooks-Signature-Settings"] = f"key=webhooks_sharedkey_1,algorithm={algorithm}"
    return headers


def infobip_sms(*messages: tuple[str, str, str]) -> dict:
    return {"results": [{"messageId": mid, "from": phone.lstrip("+"), "to": "22384", "text": text,
                         "cleanText": text, "keyword": text.split()[0] if text else "",
                         "receivedAt": "2027-01-10T09:00:00.220+0000", "smsCount": 1,
                         "price": {"pricePerMessage": 0, "currency": "EUR"}, "callbackData": None}
                        for mid, phone, text in messages],
            "messageCount": len(messages), "pendingMessageCount": 0}


def infobip_whatsapp(mid: str, phone: str, message: dict) -> dict:
    return {"results": [{"from": phone.lstrip("+"), "to": "254700000000", "integrationType": "WHATSAPP",
                         "receivedAt": "2027-01-10T09:00:00.000+0000", "messageId": mid,
                         "pairedMessageId": None, "callbackData": None, "message": message,
                         "contact": {"name": "Jane"}, "price": {"pricePerMessage": 0, "currency": "EUR"}}],
            "messageCount": 1, "pendingMessageCount": 0}


def rows(app, table=outbox):
    with app.extensions["chamabora"].engine.connect() as conn:
        return conn.execute(select(table).order_by(*table.primary_key.columns)).all()


def sent_by(app, row, provider, provider_message_id):
    """As if a provider's sender had sent the row (the test app only records)."""
    from chamabora.outbox.store import Status, mark

    app.extensions["chamabora"].run(lambda c: mark(c, row.id, Status.SENT, provider=provider,
                                                   provider_message_id=provider_message_id))


def claims(app):
    return rows(app, payment_claims)
