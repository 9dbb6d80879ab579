"""Posting Africa's Talking USSD hops the way the gateway does: the whole
input chain joined by `*` on every hop of a session."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

TOKEN = "test-webhook-secret"
_sessions = count(1)


@dataclass
class Dialer:
    client: object
    phone: str
    session_id: str = ""
    inputs: list[str] = field(default_factory=list)
    status: int = 0

    def dial(self) -> str:
        self.session_id = f"ATUid_{next(_sessions):08d}"
        self.inputs = []
        return self._post("")

    def press(self, value: str) -> str:
        self.inputs.append(value)
        return self._post("*".join(self.inputs))

    def replay(self) -> str:
        return self._post("*".join(self.inputs))

    def _post(self, text: str) -> str:
        response = self.client.post(f"/ussd/africastalking?token={TOKEN}", data={  # type: ignore[attr-defined]
            "sessionId": self.session_id, "serviceCode": "*384*2024#", "phoneNumber": self.phone,
            "networkCode": "63902", "text": text})
        self.status = response.status_code
        assert response.mimetype == "text/plain"
        return response.get_data(as_text=True)


def register(dialer: Dialer, name: str = "Jane Wanjiru", pin: str = "1234") -> str:
    dialer.dial()
    dialer.press("1")  # English
    dialer.press(name)
    dialer.press(pin)
    return dialer.press(pin)
