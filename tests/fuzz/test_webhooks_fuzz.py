"""Every public route, fuzzed over its payload shape (tests/fuzz/shapes.py):
no answer is a 5xx, and a refused request stores nothing. Bounded: a few
dozen examples per route, derandomized, so `make test` stays quick and
repeatable; `python -m tests.fuzz` runs the same with its figures printed."""
import pytest

from tests.e2e.messaging import messaging
from tests.fuzz.harness import Tally
from tests.fuzz.runs import fuzz_route, simulator_client
from tests.fuzz.shapes import ROUTES, SIMULATOR_ROUTES


@pytest.fixture
def fuzzed_app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False),
                    messaging=messaging(tmp_path, infobip_api_key="ib-key", infobip_base_url="https://x.api.infobip.com"))


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_no_route_answers_malformed_input_with_a_5xx_or_a_half_write(fuzzed_app, engine, route):
    tally = Tally()
    fuzz_route(fuzzed_app.test_client(), engine, ROUTES[route], tally)
    assert tally.problems == [] and tally.requests() > 0


@pytest.mark.parametrize("route", sorted(SIMULATOR_ROUTES))
def test_the_daraja_simulator_refuses_malformed_requests_in_darajas_words(route):
    client, state = simulator_client()
    tally = Tally()
    try:
        fuzz_route(client, None, SIMULATOR_ROUTES[route], tally)
    finally:
        state.cancel_all()
    assert tally.problems == [] and tally.requests() > 0
