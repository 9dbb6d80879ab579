"""A person trying Chamabora on their own machine: the Daraja simulator says
which outcomes it can play when asked for one it cannot, and refuses a paybill
payment while no C2B URLs are registered instead of losing it; a payment that
reconciliation settles tells the member M-Pesa confirmed it, never our own
id; the operator's command line run before the migrations says what to run."""
import re

import requests

from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY, create_simulator_app
from chamabora.providers.mpesa.simulator.server import serve
from chamabora.providers.mpesa.simulator.state import SimulatorState

JANE, AMINA = "+254712000001", "+254712000003"


def test_an_unknown_outcome_is_refused_at_once_naming_the_ones_the_simulator_plays(world):
    answer = requests.post(f"{world.mpesa.url}/script", json={"phone": "254712000003", "outcome": "canceled"},
                           timeout=5)
    assert answer.status_code == 400
    assert answer.json()["outcomes"] == ["success", "insufficient", "cancelled", "timeout", "wrong_pin", "busy",
                                         "bad_phone"]
    assert "unknown outcome 'canceled'" in answer.json()["error"]
    # nothing was scripted: the next prompt is the default success
    jane = world.phone(JANE)
    jane.sms("REGISTER Jane Wanjiru")
    jane.sms("CREATE CHAMA Umoja 500 MONTHLY")
    assert jane.sms("PAY 500").startswith("An M-Pesa prompt for KES 500 to Umoja")
    assert jane.last().startswith("Received KES 500 for Umoja (M-Pesa ")


def test_a_paybill_payment_before_the_urls_are_registered_gets_a_clear_error():
    state = SimulatorState(passkey=SANDBOX_PASSKEY, delay=0.01)
    simulator = serve(create_simulator_app(state))
    try:
        token = requests.get(f"{simulator.url}/oauth/v1/generate?grant_type=client_credentials",
                             auth=("simulator", "simulator"), timeout=5).json()["access_token"]
        answer = requests.post(f"{simulator.url}/mpesa/c2b/v2/simulate", timeout=5,
                               headers={"Authorization": f"Bearer {token}"},
                               json={"ShortCode": "174379", "CommandID": "CustomerPayBillOnline", "Amount": 500,
                                     "Msisdn": "254712000003", "BillRefNumber": "UMOJA"})
        assert answer.status_code == 400
        assert "register-c2b" in answer.json()["errorMessage"]
        state.drain()
        assert state.posted == []
    finally:
        simulator.stop()


def test_a_payment_settled_by_reconciliation_names_mpesa_not_our_id_in_english_and_swahili(world):
    jane, amina = world.phone(JANE), world.phone(AMINA)
    jane.sms("REGISTER Jane Wanjiru")
    code = re.search(r"code is (\w{6})", jane.sms("CREATE CHAMA Umoja 500 MONTHLY")).group(1)
    amina.sms("SAJILI Amina Atieno")
    amina.sms(f"JIUNGE {code}")
    for phone, pay in ((jane, "PAY 500"), (amina, "LIPA 500")):
        world.mpesa.next(phone, "success", deliver=False)  # paid, but the callback never comes
        phone.sms(pay)
    world.travel(minutes=5)
    assert "stk resolved 2" in world.cli("daraja", "reconcile")
    assert jane.last().startswith("Received KES 500 for Umoja (M-Pesa confirmed): ")
    assert amina.last().startswith("Tumepokea KES 500 kwa Umoja (M-Pesa imethibitisha): ")
    assert "ws_CO_" not in jane.last() + amina.last()


def test_the_command_line_before_the_migrations_says_what_to_run(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'fresh.db'}")
    result = app.test_cli_runner().invoke(args=["chama", "balances", "UMOJA"])
    assert result.exit_code == 1
    assert "has no Chamabora tables yet. Run `make migrate`" in result.output
    assert "Traceback" not in result.output
