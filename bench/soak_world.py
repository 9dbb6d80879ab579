"""The soak's outside world: members and providers driving Chamabora over
loopback HTTP, and (run as a module) the Daraja simulator in its own
process, delivering a callback again, as Daraja does, when our side did not
take it (connection refused or reset while a web worker was being killed).
"""
from __future__ import annotations

import itertools
import json
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "soak-secret"
ATTEMPTS = 8      # a provider tries again while our side is restarting


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, ok: tuple[int, ...] = (200,), seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code in ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


class Traffic:
    """Phones in chamas, and what they and the providers send."""

    def __init__(self, bases: list[str], daraja: str, seed: int) -> None:
        self.bases, self.daraja, self.rng = bases, daraja, random.Random(seed)
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.failed_posts = 0
        self.acked: list[tuple[str, str, str]] = []      # (provider, message id, phone) answered later
        self.in_response: Counter[str] = Counter()       # Twilio and USSD answers read in the response
        self.empty_answers: list[str] = []
        self.payments: list[str] = []                    # C2B TransIDs the simulator accepted
        self.members: list[tuple[str, str]] = []         # (phone, chama code)
        self.ids = itertools.count(1)

    # --- posting as a provider does ---------------------------------------------------------
    def post(self, path: str, **kwargs) -> requests.Response | None:  # type: ignore[no-untyped-def]
        for attempt in range(ATTEMPTS):
            base = self.bases[(attempt + self.rng.randrange(2)) % len(self.bases)]
            try:
                response = requests.post(base + path, timeout=15, **kwargs)
            except requests.RequestException:
                time.sleep(0.2 * (attempt + 1))     # reset by a killed worker: the provider sends it again
                continue
            with self.lock:
                self.statuses[response.status_code] += 1
            if response.status_code < 500:
                return response
            time.sleep(0.2 * (attempt + 1))
        with self.lock:
            self.failed_posts += 1
        return None

    def twilio(self, phone: str, text: str, whatsapp: bool = False) -> str:
        sid = f"SM{uuid.uuid4().hex}"
        prefix = "whatsapp:" if whatsapp else ""
        form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": "ACsoak", "From": prefix + phone,
                "To": prefix + "+15005550006", "Body": text, "NumMedia": "0", "NumSegments": "1",
                "SmsStatus": "received", "ApiVersion": "2010-04-01"}
        response = self.post("/whatsapp/twilio" if whatsapp else "/sms/twilio", data=form)
        text_back = response.text if response is not None else ""
        return text_back.split("<Message>", 1)[1].split("</Message>", 1)[0] if "<Message>" in text_back else ""

    def at_sms(self, phone: str, text: str) -> None:
        message_id = f"ATXid_soak_{uuid.uuid4().hex[:20]}"
        form = {"from": phone, "to": "22384", "text": text, "date": time.strftime("%Y-%m-%d %H:%M:%S"),
                "id": message_id, "linkId": "", "networkCode": "63902"}
        response = self.post(f"/sms/africastalking?token={TOKEN}", data=form)
        if response is not None and response.status_code == 200:
            with self.lock:
                self.acked.append(("africastalking", message_id, phone))

    def infobip_sms(self, phone: str, text: str) -> None:
        message_id = f"ib-soak-{uuid.uuid4().hex[:20]}"
        body = {"results": [{"messageId": message_id, "from": phone.lstrip("+"), "to": "22384", "text": text,
                             "cleanText": text, "keyword": text.split()[0], "receivedAt": "2027-01-10T09:00:00.000+0000",
                             "smsCount": 1, "price": {"pricePerMessage": 0, "currency": "EUR"}, "callbackData": None}],
                "messageCount": 1, "pendingMessageCount": 0}
        response = self.post(f"/sms/infobip?token={TOKEN}", json=body)
        if response is not None and response.status_code == 200:
            with self.lock:
                self.acked.append(("infobip", message_id, phone))

    def ussd(self, phone: str) -> None:
        session, inputs = f"ATUid_soak_{uuid.uuid4().hex[:16]}", []
        for press in ("", "2"):
            if press:
                inputs.append(press)
            response = self.post(f"/ussd/africastalking?token={TOKEN}", data={
                "sessionId": session, "serviceCode": "*384*2024#", "phoneNumber": phone, "networkCode": "63902",
                "text": "*".join(inputs)})
            screen = response.text if response is not None else ""
            self.answered("ussd", screen, phone)
            if not screen.startswith("CON"):
                return

    def answered(self, kind: str, text: str, who: str) -> None:
        with self.lock:
            self.in_response[kind] += 1
            if not text:
                self.empty_answers.append(f"{kind} {who[-4:]}")

    def paybill(self, phone: str, code: str) -> None:
        amount = self.rng.choice([50, 100, 150])
        try:
            token = requests.get(f"{self.daraja}/oauth/v1/generate?grant_type=client_credentials",
                                 auth=("simulator", "simulator"), timeout=5).json()["access_token"]
            answer = requests.post(f"{self.daraja}/mpesa/c2b/v2/simulate", timeout=5,
                                   headers={"Authorization": f"Bearer {token}"},
                                   json={"ShortCode": "174379", "CommandID": "CustomerPayBillOnline", "Amount": amount,
                                         "Msisdn": int(phone.lstrip("+")), "BillRefNumber": f"{code} 0{phone[-9:]}"})
            trans_id = answer.json()["TransID"]
        except (requests.RequestException, ValueError, KeyError):
            with self.lock:
                self.failed_posts += 1
            return
        with self.lock:
            self.payments.append(trans_id)
        if self.rng.random() < 0.5:   # she forwards the confirmation SMS as proof, too
            self.at_sms(phone, f"{trans_id} Confirmed. Ksh{amount}.00 sent to CHAMA SOAK for account {code} on "
                               f"10/1/27 at 9:15 AM. New M-PESA balance is Ksh2,300.00. Transaction cost, Ksh0.00.")

    # --- the chamas, then the load ------------------------------------------------------------
    def setup(self, chamas: int, members: int) -> None:
        for c in range(chamas):
            chair = f"+2547110{c:02d}000"
            self.twilio(chair, f"REGISTER Chair Soak{c}")
            created = self.twilio(chair, f"CREATE CHAMA Soak{c} 100 MONTHLY")
            code = created.split("Its code is ", 1)[1].split(":", 1)[0] if "Its code is " in created else ""
            if not code:
                raise RuntimeError(f"chama {c} was not created: {created!r}")
            self.members.append((chair, code))
            for m in range(1, members):
                phone = f"+2547110{c:02d}{m:03d}"
                self.twilio(phone, f"REGISTER Member{m} Soak{c}")
                self.twilio(phone, f"JOIN {code}")
                self.members.append((phone, code))
        print(f"soak: {chamas} chamas, {len(self.members)} members set up", flush=True)

    def drive(self, stop: threading.Event, lane: int, pause: float = 0.0) -> None:
        """One lane of members' traffic; `pause` between actions keeps the offer below what the workers
        clear, so the checks judge losses, not a backlog."""
        rng = random.Random(lane)
        actions = ["at"] * 5 + ["infobip"] * 2 + ["whatsapp"] * 2 + ["ussd"] * 4 + ["pay"] * 3 + ["paybill"] * 2
        while not stop.is_set():
            phone, code = rng.choice(self.members)
            action = rng.choice(actions)
            if action == "at":
                self.at_sms(phone, rng.choice(["BAL", "SALIO", "NEXT", "FINES", "STATEMENT"]))
            elif action == "infobip":
                self.infobip_sms(phone, rng.choice(["BAL", "HELP"]))
            elif action == "whatsapp":
                self.answered("whatsapp", self.twilio(phone, "BAL", whatsapp=True), phone)
            elif action == "ussd":
                self.ussd(phone)
            elif action == "pay":
                self.at_sms(phone, f"PAY {rng.choice([50, 100])}")
            else:
                self.paybill(phone, code)
            stop.wait(pause)

    # --- after the load -------------------------------------------------------------------------
    def drain(self, database: str, seconds: int, env: dict[str, str]) -> bool:
        """Wait until every stored message is answered, every row sent and every prompt settled;
        reconciliation runs as the schedule would, for prompts whose callback never came."""
        from sqlalchemy import create_engine, text

        engine = create_engine(database)
        deadline, last_reconcile = time.monotonic() + seconds, 0.0
        busy = {}
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                busy = {
                    "inbound": conn.execute(text("SELECT count(*) FROM inbound_queue WHERE status = 'queued'")).scalar(),
                    "outbox": conn.execute(text("SELECT count(*) FROM outbox WHERE status IN "
                                                "('pending', 'sending', 'failed', 'interrupted')")).scalar(),
                    "stk": conn.execute(text("SELECT count(*) FROM mpesa_stk_requests WHERE status = 'pending'")).scalar(),
                    "callbacks": conn.execute(text("SELECT count(*) FROM mpesa_callbacks WHERE status = 'received'")).scalar()}
            if not any(busy.values()):
                engine.dispose()
                print("soak: drained", flush=True)
                return True
            if busy["stk"] and time.monotonic() - last_reconcile > 20:
                subprocess.run([sys.executable, "-m", "flask", "--app", "app", "daraja", "reconcile"], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
                last_reconcile = time.monotonic()
            time.sleep(2)
        engine.dispose()
        print(f"soak: not drained after {seconds} s: {busy}", flush=True)
        return False


def simulator(port: int, log_path: str) -> None:
    """The Daraja simulator in this process; each callback delivered again until our side takes it."""
    from werkzeug.serving import make_server

    from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY, create_simulator_app
    from chamabora.providers.mpesa.simulator.state import SimulatorState

    log, lock = open(log_path, "a"), threading.Lock()

    class Redelivering(SimulatorState):
        def issue_token(self) -> str:
            # the soak's paybill stands for a member paying from her own phone: asking for it must
            # not cancel the app's token (real Daraja hands the app its own)
            return self.token or super().issue_token()

        def post(self, url: str, body: dict[str, object]) -> int:
            status = 0
            for attempt in range(ATTEMPTS):
                status = super().post(url, body)
                if status and status < 500:
                    break
                time.sleep(0.5 * (attempt + 1))
            with lock:
                log.write(json.dumps({"url": url.split("?")[0], "status": status, "body": body}) + "\n")
                log.flush()
            return status

    make_server("127.0.0.1", port, create_simulator_app(Redelivering(passkey=SANDBOX_PASSKEY, delay=0.05)), threaded=True).serve_forever()


if __name__ == "__main__":
    simulator(int(sys.argv[1]), sys.argv[2])
