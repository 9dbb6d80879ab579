"""The outside world of a journey: phones, the gateways they speak through,
the Daraja simulator, the schedule and the operator's command line.

A journey drives Chamabora only as the world does: it posts what Africa's
Talking, Twilio (signed with the SDK's RequestValidator) and Infobip post,
lets the Daraja simulator call back over real HTTP, fires the schedule
through its CLI, and reads only what a person or an operator can see: the
replies on their phone, the outbox page, the CLI's output. Nothing here
calls a service or reads a table.

`World.settle()` is the passing of a few seconds in a deployment: the
simulator's callbacks arrive, and the workers (RQ, when Redis is configured)
run until every queue is empty.
"""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import requests
import time_machine
from twilio.request_validator import RequestValidator

NAIROBI = ZoneInfo("Africa/Nairobi")
TOKEN = "test-webhook-secret"
TWILIO_SID = "AC0123456789abcdef0123456789abcdef"
TWILIO_TOKEN = "twilio-auth-token"
PUBLIC = "https://chama.example"
SHORT_CODE = "22384"
WHATSAPP_NUMBER = "+14155238886"
USSD_CODE = "*384*2024#"
MONEY_CHANNELS = ("stk_push", "b2c")
# a Monday in the local default's future: journeys read dates the same way every run
START = datetime(2027, 1, 4, 9, 0, tzinfo=NAIROBI)

_ids = count(1)


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


@dataclass
class Message:
    """One row of the outbox page, as an operator sees it."""

    id: int
    channel: str
    purpose: str
    recipient: str
    status: str
    body: str
    error: str = ""   # why it was not sent, as the provider (or our check of its rules) said

    def to(self, phone: str) -> bool:
        return digits(self.recipient).endswith(digits(phone)[-9:])

    @property
    def readable(self) -> bool:
        """A message a person reads (not an M-Pesa prompt or payout instruction)."""
        return self.channel not in MONEY_CHANNELS


@dataclass
class Phone:
    """A person's phone: SMS, WhatsApp and USSD, and what arrives on it."""

    world: World
    number: str
    session_id: str = ""
    inputs: list[str] = field(default_factory=list)
    seen: int = 0  # the newest outbox id this person has read

    # --- SMS and WhatsApp -------------------------------------------------------------------
    def sms(self, text: str, via: str = "africastalking") -> str:
        """Send an SMS; returns the reply she reads (every part of it, joined)."""
        posts = {"africastalking": self._at_sms, "twilio": self._twilio_sms, "infobip": self._infobip_sms}
        if via not in posts:
            raise ValueError(f"unknown SMS gateway {via!r}")
        return self._exchange(lambda: posts[via](text), "sms")

    def whatsapp(self, text: str, via: str = "twilio", media_url: str | None = None) -> str:
        posts = {"twilio": lambda: self._twilio_whatsapp(text, media_url),
                 "infobip": lambda: self._infobip_whatsapp(text, media_url)}
        if via not in posts:
            raise ValueError(f"unknown WhatsApp gateway {via!r}")
        return self._exchange(posts[via], "whatsapp")

    def _exchange(self, post, channel: str) -> str:  # type: ignore[no-untyped-def]
        before = self.world.newest_id()
        inline = post()
        self.world.settle()
        if inline is not None:
            return inline
        replies = [m.body for m in self.world.outbox(after=before)
                   if m.to(self.number) and m.channel == channel and m.purpose == "reply"]
        return "".join(replies)

    def _at_sms(self, text: str) -> None:
        form = {"from": self.number, "to": SHORT_CODE, "text": text, "date": self.world.stamp(),
                "id": f"ATXid_{next(_ids)}", "linkId": "", "networkCode": "63902"}
        self.world.post(f"/sms/africastalking?token={TOKEN}", data=form)

    def _twilio(self, path: str, form: dict[str, str]) -> str:
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC + path, form)
        response = self.world.post(path, data=form, headers={"X-Twilio-Signature": signature})
        root = ElementTree.fromstring(response.get_data(as_text=True) or "<Response/>")
        return "".join(m.text or "" for m in root.iter("Message") if m.text) or "".join(
            b.text or "" for b in root.iter("Body"))

    def _twilio_sms(self, text: str) -> str:
        sid = f"SM{next(_ids):032d}"
        return self._twilio("/sms/twilio", {
            "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": TWILIO_SID,
            "From": self.number, "To": "+15005550006", "Body": text, "NumMedia": "0", "NumSegments": "1",
            "SmsStatus": "received", "ApiVersion": "2010-04-01"})

    def _twilio_whatsapp(self, text: str, media_url: str | None) -> str:
        sid = f"SM{next(_ids):032d}"
        form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": TWILIO_SID,
                "From": f"whatsapp:{self.number}", "To": f"whatsapp:{WHATSAPP_NUMBER}", "Body": text,
                "NumMedia": "1" if media_url else "0", "NumSegments": "1", "SmsStatus": "received",
                "ApiVersion": "2010-04-01", "WaId": digits(self.number), "ProfileName": "Member",
                "MessageType": "image" if media_url else "text"}
        if media_url:
            form.update({"MediaUrl0": media_url, "MediaContentType0": "image/jpeg"})
        return self._twilio("/whatsapp/twilio", form)

    def _infobip_sms(self, text: str) -> None:
        body = {"results": [{"messageId": f"ib-{next(_ids)}", "from": digits(self.number), "to": SHORT_CODE,
                             "text": text, "cleanText": text, "keyword": text.split()[0] if text.split() else "",
                             "receivedAt": self.world.stamp(iso=True), "smsCount": 1,
                             "price": {"pricePerMessage": 0, "currency": "EUR"}, "callbackData": None}],
                "messageCount": 1, "pendingMessageCount": 0}
        self.world.post(f"/sms/infobip?token={TOKEN}", json=body)

    def _infobip_whatsapp(self, text: str, media_url: str | None) -> None:
        message = ({"type": "IMAGE", "url": media_url, "caption": text} if media_url
                   else {"type": "TEXT", "text": text})
        body = {"results": [{"from": digits(self.number), "to": "254700000000", "integrationType": "WHATSAPP",
                             "receivedAt": self.world.stamp(iso=True), "messageId": f"wa-{next(_ids)}",
                             "pairedMessageId": None, "callbackData": None, "message": message,
                             "contact": {"name": "Member"}, "price": {"pricePerMessage": 0, "currency": "EUR"}}],
                "messageCount": 1, "pendingMessageCount": 0}
        self.world.post(f"/whatsapp/infobip?token={TOKEN}", json=body)

    # --- USSD -------------------------------------------------------------------------------
    def dial(self, code: str = USSD_CODE) -> str:
        """Dial the USSD code: a new session; returns the first screen ("CON ..." or "END ...")."""
        self.session_id = f"ATUid_{next(_ids):010d}"
        self.inputs = []
        self.service_code = code
        return self._hop()

    def press(self, value: str) -> str:
        """Type `value` and press send: Africa's Talking posts the whole chain, joined by `*`."""
        if not self.session_id:
            raise RuntimeError("dial first")
        self.inputs.append(value)
        return self._hop()

    def _hop(self) -> str:
        response = self.world.post(f"/ussd/africastalking?token={TOKEN}", data={
            "sessionId": self.session_id, "serviceCode": getattr(self, "service_code", USSD_CODE),
            "phoneNumber": self.number, "networkCode": "63902", "text": "*".join(self.inputs)})
        screen = response.get_data(as_text=True)
        if screen.startswith("END"):
            self.session_id = ""
        self.world.settle()
        return screen

    # --- what arrives on the phone ----------------------------------------------------------
    def inbox(self, channel: str | None = None) -> list[str]:
        """Every message sent to this phone (SMS, WhatsApp, push, ...), oldest first."""
        found = [m for m in self.world.outbox() if m.to(self.number) and m.readable
                 and (channel is None or m.channel == channel)]
        if found:
            self.seen = max(self.seen, found[-1].id)
        return [m.body for m in found]

    def last(self, channel: str | None = None) -> str:
        messages = self.inbox(channel)
        if not messages:
            raise AssertionError(f"nothing was sent to {self.number}")
        return messages[-1]

    def unread(self, channel: str | None = None) -> list[str]:
        """Messages that arrived since this person last looked (inbox, last or unread)."""
        found = [m for m in self.world.outbox(after=self.seen)
                 if m.to(self.number) and m.readable and (channel is None or m.channel == channel)]
        if found:
            self.seen = found[-1].id
        return [m.body for m in found]


class Mpesa:
    """The Daraja simulator as a person trying Chamabora drives it: outcomes, paybill payments."""

    def __init__(self, url: str, state: Any) -> None:
        self.url, self.state = url, state

    def next(self, phone: Phone | str, outcome: str = "success", deliver: bool = True) -> None:
        """The next M-Pesa prompt or payout to this phone ends with `outcome` (success, cancelled,
        insufficient, timeout, wrong_pin); `deliver=False`: the callback never comes."""
        number = digits(phone.number if isinstance(phone, Phone) else phone)
        answer = requests.post(f"{self.url}/script", json={"phone": number, "outcome": outcome,
                                                            "deliver": deliver}, timeout=5)
        if answer.status_code != 200:
            raise AssertionError(f"the simulator refused the outcome: {answer.text}")

    def paybill(self, phone: Phone | str, amount: int, account: str, shortcode: str = "174379") -> str:
        """A person pays the chama's paybill from their own M-Pesa menu; returns the M-Pesa code."""
        number = digits(phone.number if isinstance(phone, Phone) else phone)
        token = requests.get(f"{self.url}/oauth/v1/generate?grant_type=client_credentials",
                             auth=("simulator", "simulator"), timeout=5).json()["access_token"]
        answer = requests.post(f"{self.url}/mpesa/c2b/v2/simulate", timeout=5, headers={
            "Authorization": f"Bearer {token}"}, json={"ShortCode": shortcode, "CommandID": "CustomerPayBillOnline",
                                                        "Amount": amount, "Msisdn": number, "BillRefNumber": account})
        if answer.status_code != 200:
            raise AssertionError(f"the simulator refused the payment: {answer.text}")
        return answer.json()["TransID"]

    def callbacks(self) -> list[tuple[str, int]]:
        """Each callback the simulator posted: (path, our HTTP status)."""
        return [(url.split("://", 1)[-1].split("/", 1)[-1], status) for url, _body, status in self.state.posted]


class World:
    def __init__(self, app, simulator_url: str, simulator_state: Any,  # type: ignore[no-untyped-def]
                 run_jobs) -> None:
        self.app = app
        self.url = ""   # the deployment's address for a browser (conftest sets it once it listens)
        self.client = app.test_client()
        self.mpesa = Mpesa(simulator_url, simulator_state)
        self._run_jobs = run_jobs
        self._traveller: Any = None
        self.travel_to(START)

    # --- people and gateways ------------------------------------------------------------------
    def phone(self, number: str) -> Phone:
        return Phone(self, number)

    def post(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        response = self.client.post(path, **kwargs)
        if response.status_code >= 500:
            raise AssertionError(f"{path} answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
        self.last_status = response.status_code
        return response

    def stamp(self, iso: bool = False) -> str:
        now = datetime.now(NAIROBI)
        if iso:
            return now.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
        return now.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M:%S")

    # --- time -----------------------------------------------------------------------------------
    def travel_to(self, moment: datetime | str) -> None:
        """Move the world's clock (Nairobi time when no zone is given); it keeps ticking from there."""
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=NAIROBI)
        if self._traveller is not None:
            self._traveller.stop()
        self._traveller = time_machine.travel(moment, tick=True)
        self._traveller.start()

    def travel(self, **delta: float) -> None:
        """Move the clock forward by a timedelta's worth (days=3, hours=2)."""
        self.travel_to(datetime.now(NAIROBI) + timedelta(**delta))

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None

    # --- the deployment ---------------------------------------------------------------------------
    def settle(self, rounds: int = 40) -> None:
        """Let a few seconds pass: simulator callbacks arrive and workers empty every queue."""
        for _ in range(rounds):
            self.mpesa.state.drain()
            ran = self._run_jobs()
            if not ran and not self._pending_callbacks():
                return
        raise AssertionError("the world did not settle: callbacks or jobs keep coming")

    def _pending_callbacks(self) -> bool:
        with self.mpesa.state._lock:
            return any(t.is_alive() for t in self.mpesa.state._timers)

    def fire(self, entry: str, at: datetime | str | None = None) -> str:
        """A schedule entry's firing (now, or at a moment), as the scheduler process runs it."""
        moment = at or datetime.now(NAIROBI)
        stamp = moment if isinstance(moment, str) else moment.astimezone(NAIROBI).strftime("%Y-%m-%dT%H:%M")
        output = self.cli("schedule", "run-once", entry, "--at", stamp)
        self.settle()
        return output

    def cli(self, *args: str, input: str | None = None) -> str:
        """The operator's command line (`flask --app app ...`); fails loudly on a crash."""
        result = self.app.test_cli_runner().invoke(args=list(args), input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        self.settle()
        return result.output

    def outbox(self, after: int = 0) -> list[Message]:
        """What the outbox page shows, oldest first."""
        rows = self.client.get("/simulator/outbox?format=json&limit=1000").get_json()["messages"]
        found = [Message(r["id"], r["channel"], r["purpose"], r["recipient"], r["status"], r["body"] or "",
                         r.get("error") or "") for r in rows if r["id"] > after]
        return sorted(found, key=lambda m: m.id)

    def newest_id(self) -> int:
        rows = self.client.get("/simulator/outbox?format=json&limit=1").get_json()["messages"]
        return rows[0]["id"] if rows else 0

    def wait(self, seconds: float) -> None:
        """Real waiting, for what the world does on its own timers (rarely needed)."""
        time.sleep(seconds)
