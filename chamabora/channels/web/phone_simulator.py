"""`/simulator/phone`: a feature phone in the browser, for a person trying the
local default in its first minute (404 in production, like the outbox page).

Nothing here answers a member itself. Each post goes through the code path
of the webhook a real phone's message would arrive on, so the page shows
exactly what a phone would get:
- USSD: the form Africa's Talking posts, decoded by `ussd.codec.decode` and
  answered by `ussd.routes.answered` (the same sessions, replays, limits);
- SMS: Africa's Talking's inbound form, `sms.africastalking.decode_inbound`
  then `sms.intake.acknowledge` (answered now, or by the RQ workers);
- WhatsApp: Infobip's path, `acknowledge` with a WhatsApp message, the reply
  going out through the outbox;
- M-Pesa: the Daraja simulator's own `script` (in process in the local
  default, else its `/script` endpoint), as `world.mpesa.next` does.
The inbox is the outbox's rows for the number (services/notices/phone_inbox.py).

The browser's session keeps the number in use and the open USSD session (its
id and what was typed so far, as Africa's Talking keeps them). Every post
answers with a redirect to the page, so it works without JavaScript; htmx
swaps only the simulator's part of the page.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timezone

import requests
from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from chamabora.i18n.catalogs import _
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.errors import ChamaError, InvalidInput
from chamabora.core.phone import normalize_phone
from chamabora.core.schedule import NAIROBI
from chamabora.services.notices import phone_inbox
from chamabora.channels.sms import africastalking
from chamabora.channels.sms.infobip_codec import PROVIDER as INFOBIP
from chamabora.channels.sms.intake import acknowledge
from chamabora.channels.ussd.codec import decode as decode_hop
from chamabora.channels.ussd.routes import answered
from chamabora.channels.http.input import MalformedInput, message_text
from chamabora.channels.web import errors
from chamabora.channels.web.access import services
from chamabora.channels.web.commands import form_key
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.security import WEB_BLUEPRINTS

bp = Blueprint("web_phone", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)

STATE = "phone_sim"
DEFAULT_PHONE = "+254712345678"
DEFAULT_CODE = "*384*2024#"
SHORT_CODE = "22384"
MAX_TEXT = 480          # three SMS parts: more than anyone types into a phone
MAX_ANSWER = 40         # one USSD answer (a PIN, an amount, a menu choice)
RECENT = 6
OUTCOMES = (("success", _("Success")), ("cancelled", _("Cancelled")), ("insufficient", _("Not enough money")),
            ("timeout", _("No answer")), ("wrong_pin", _("Wrong M-Pesa PIN")))

NOT_A_PHONE = _("That is not a Kenyan mobile number. Write it like 0712 345 678.")
EMPTY_MESSAGE = _("Write a message first.")
TOO_LONG = _("That message is too long for this phone: %(most)s characters at most.")
NOT_READABLE = _("That message has characters a phone cannot send.")
BAD_ANSWER = _("Type an answer of at most %(most)s characters.")
NO_SESSION = _("No USSD session is open. Dial the code first.")
BAD_CODE = _("A USSD code looks like *384*2024#.")
UNKNOWN_OUTCOME = _("Choose one of the M-Pesa outcomes shown.")
NO_SIMULATOR = _("This deployment does not use the M-Pesa simulator, so outcomes cannot be chosen here.")
SIMULATOR_DOWN = _("The M-Pesa simulator did not answer. Is it running?")
SENT_SMS = _("SMS sent from %(phone)s. The reply arrives in the inbox.")
SENT_WHATSAPP = _("WhatsApp message sent from %(phone)s. The reply arrives in the inbox.")
SCRIPTED = _("The next M-Pesa prompt to %(phone)s will end: %(outcome)s.")
NOW_USING = _("This phone is now %(phone)s.")


@bp.before_request
def only_locally() -> None:
    if services().settings.is_production:
        abort(404)


def _state() -> dict:  # type: ignore[type-arg]
    found = session.get(STATE)
    return dict(found) if isinstance(found, dict) else {}


def _save(**changes: object) -> None:
    session[STATE] = {**_state(), **changes}


def _phone() -> str:
    phone = _state().get("phone")
    return phone if isinstance(phone, str) else DEFAULT_PHONE


def _ussd() -> dict | None:  # type: ignore[type-arg]
    ussd = _state().get("ussd")
    return ussd if isinstance(ussd, dict) and ussd.get("phone") == _phone() else None


@bp.get("/simulator/phone")
def page():  # type: ignore[no-untyped-def]
    note = _state().get("note")
    if note:
        _save(note=None)
    return _render(note=note if isinstance(note, str) else None)


@bp.get("/simulator/phone/inbox")
def inbox():  # type: ignore[no-untyped-def]
    return render_template("web/_phone_inbox.html", phone=_phone(), messages=_messages(_phone()))


@bp.post("/simulator/phone/number")
def use_number():  # type: ignore[no-untyped-def]
    try:
        phone = normalize_phone(request.form.get("phone", "")[:40])
    except ChamaError:
        return _refused(NOT_A_PHONE)
    recent = [p for p in _state().get("recent", []) if isinstance(p, str) and p != phone][:RECENT - 1]
    _save(phone=phone, recent=[phone, *recent], note=gettext(NOW_USING, phone=phone))
    return _done()


@bp.post("/simulator/phone/dial")
def dial():  # type: ignore[no-untyped-def]
    code = request.form.get("code", "").strip()[:40] or DEFAULT_CODE
    if not (code.startswith("*") and code.endswith("#") and all(c.isdigit() or c in "*#" for c in code)):
        return _refused(BAD_CODE)
    ussd = {"phone": _phone(), "id": f"ATUid_sim{secrets.token_hex(8)}", "code": code, "typed": []}
    return _hop(ussd)


@bp.post("/simulator/phone/answer")
def answer():  # type: ignore[no-untyped-def]
    ussd = _ussd()
    if ussd is None or ussd.get("ended"):
        return _refused(NO_SESSION)
    typed = request.form.get("answer", "").strip()
    if len(typed) > MAX_ANSWER or "*" in typed:
        # Africa's Talking joins the answers with '*': one containing it would read as two
        return _refused(BAD_ANSWER, most=MAX_ANSWER)
    return _hop({**ussd, "typed": [*ussd.get("typed", []), typed]})


@bp.post("/simulator/phone/hang-up")
def hang_up():  # type: ignore[no-untyped-def]
    _save(ussd=None)
    return _done()


@bp.post("/simulator/phone/message")
def message():  # type: ignore[no-untyped-def]
    channel = "whatsapp" if request.form.get("channel") == "whatsapp" else "sms"
    raw = request.form.get("text", "")
    if not raw.strip():
        return _refused(EMPTY_MESSAGE)
    if len(raw) > MAX_TEXT:
        return _refused(TOO_LONG, most=MAX_TEXT)
    key = request.form.get("key", "")
    # the form's own key is the message id: the same form sent twice is one message, as a provider's retry is
    message_id = f"sim-{key}" if 16 <= len(key) <= 64 and key.replace("-", "").replace("_", "").isalnum() \
        else f"sim-{secrets.token_urlsafe(12)}"
    phone = _phone()
    try:
        if channel == "sms":
            acknowledge(africastalking.decode_inbound(MultiDict({
                "from": phone, "to": SHORT_CODE, "text": raw, "id": message_id, "linkId": "",
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")})))
        else:
            acknowledge(Inbound(ChannelKind.WHATSAPP, phone, message_text(raw), datetime.now(timezone.utc),
                                INFOBIP, message_id))
    except (MalformedInput, HTTPException):
        return _refused(NOT_READABLE)
    _save(note=gettext(SENT_WHATSAPP if channel == "whatsapp" else SENT_SMS, phone=phone))
    return _done()


@bp.post("/simulator/phone/mpesa")
def mpesa_outcome():  # type: ignore[no-untyped-def]
    outcome = request.form.get("outcome", "")
    labels = dict(OUTCOMES)
    if outcome not in labels:
        return _refused(UNKNOWN_OUTCOME)
    simulator = _daraja()
    if simulator is None:
        return _refused(NO_SIMULATOR)
    number = _phone().lstrip("+")
    if isinstance(simulator, str):
        try:
            answer_ = requests.post(f"{simulator}/script", json={"phone": number, "outcome": outcome}, timeout=5)
        except requests.RequestException:
            return _refused(SIMULATOR_DOWN)
        if answer_.status_code != 200:
            return _refused(SIMULATOR_DOWN)
    else:
        simulator.script(number, outcome)
    _save(note=gettext(SCRIPTED, phone=_phone(), outcome=gettext(labels[outcome])))
    return _done()


def _daraja():  # type: ignore[no-untyped-def]
    """The Daraja simulator this deployment pays through: its state when it runs in this process (the
    local default, /simulator/daraja), else its address; None when M-Pesa is not simulated."""
    app_services = services()
    mpesa = app_services.mpesa
    if mpesa is None or app_services.settings.mpesa_mode != "simulator":
        return None
    if mpesa.simulator is not None:
        return mpesa.simulator
    return str(mpesa.client.config.base_url).rstrip("/")


def _hop(ussd: dict):  # type: ignore[no-untyped-def, type-arg]
    """One USSD hop, posted as Africa's Talking posts it: the whole chain of answers joined by '*'."""
    form = {"sessionId": ussd["id"], "serviceCode": ussd["code"], "phoneNumber": ussd["phone"],
            "networkCode": "63902", "text": "*".join(ussd["typed"])}
    try:
        inbound = decode_hop(form)
    except InvalidInput:
        return _refused(BAD_ANSWER, most=MAX_ANSWER)
    screen = answered(inbound).get_data(as_text=True)
    ended = not screen.startswith("CON ")
    _save(ussd={**ussd, "screen": screen[4:] if screen[:4] in ("CON ", "END ") else screen, "ended": ended})
    return _done()


def _messages(phone: str) -> list[dict[str, str]]:
    arrived = services().only_reads(lambda conn: phone_inbox.messages_to(conn, phone))
    return [{"channel": m.channel, "body": m.body, "at": _clock(m.at)} for m in arrived]


def _clock(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(NAIROBI).strftime("%d/%m %H:%M")


def _done():  # type: ignore[no-untyped-def]
    return redirect(url_for("web_phone.page"), code=303)


def _refused(message: str, **values: object):  # type: ignore[no-untyped-def]
    # htmx swaps only 2xx answers: it gets the same page with a 200, a plain post a 400
    status = 200 if request.headers.get("HX-Request") == "true" else 400
    return _render(error=gettext(message, **values)), status


def _render(note: str | None = None, error: str | None = None):  # type: ignore[no-untyped-def]
    phone = _phone()
    recent = [p for p in _state().get("recent", []) if isinstance(p, str)]
    return render_template("web/phone.html", phone=phone, recent=recent or [DEFAULT_PHONE], ussd=_ussd(),
                           default_code=services().settings.notify.ussd_code or DEFAULT_CODE,
                           messages=_messages(phone), outcomes=OUTCOMES if _daraja() is not None else (),
                           key=form_key(), note=note, error=error)
