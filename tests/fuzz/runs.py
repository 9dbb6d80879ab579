"""One bounded Hypothesis run per route against a running app (and the
Daraja simulator's own app): shared by the test and by `python -m tests.fuzz`."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY, create_simulator_app
from chamabora.providers.mpesa.simulator.state import SimulatorState
from tests.fuzz.harness import Tally, judge

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


def fuzz_route(client, engine, strategy: st.SearchStrategy, tally: Tally,  # type: ignore[no-untyped-def, type-arg]
               examples: int | None = None) -> None:
    """Draw and judge `examples` requests on one route; a 5xx or a refused write fails at once (shrunk)."""
    @settings(BOUNDED, max_examples=examples or EXAMPLES)
    @given(strategy)
    def one(drawn):  # type: ignore[no-untyped-def]
        problems = len(tally.problems)
        judge(client, engine, drawn, tally)
        assert len(tally.problems) == problems, tally.problems[-1]

    one()


def simulator_client():  # type: ignore[no-untyped-def]
    """The Daraja simulator as its own app, a token issued and callbacks held back (never delivered)."""
    state = SimulatorState(passkey=SANDBOX_PASSKEY, delay=3600)
    app = create_simulator_app(state)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {state.issue_token()}"
    return client, state
