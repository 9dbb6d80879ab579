"""The command values themselves: frozen, typed, and refusing what no channel should send."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from chamabora.core import commands as c
from chamabora.core.chama import Role
from chamabora.core.errors import InvalidAmount, InvalidInput, InvalidPhone
from chamabora.core.money import Money


def test_commands_are_frozen_values_compared_by_content() -> None:
    pay = c.Pay(Money(50000), "UMOJA")
    assert pay == c.Pay(Money(50000), "UMOJA")
    assert hash(pay) == hash(c.Pay(Money(50000), "UMOJA"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        pay.amount = Money(1)  # type: ignore[misc]


def test_every_command_type_has_a_distinct_intent_name() -> None:
    intents = [cls.intent for cls in c.COMMAND_TYPES]
    assert len(intents) == len(set(intents))
    assert {"list_members", "list_pending", "show_log", "set_group_goal", "list_goals", "approve_loan",
            "reject_loan"} <= set(intents)
    assert c.COMMANDS_BY_INTENT["request_loan"] is c.RequestLoan


@pytest.mark.parametrize("build", [
    lambda: c.Pay(Money(0)), lambda: c.RepayLoan(Money(-100)), lambda: c.Save(Money(0)),
    lambda: c.CreateChama("Umoja", Money(0)), lambda: c.RequestLoan(Money(0), 3),
])
def test_a_command_that_moves_no_money_is_refused(build) -> None:
    with pytest.raises(InvalidAmount) as caught:
        build()
    assert caught.value.code == "invalid_amount"


@pytest.mark.parametrize("months", [0, 61, True])
def test_a_loan_runs_for_one_to_sixty_whole_months(months: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        c.RequestLoan(Money(100000), months)
    assert caught.value.details["code_hint"] == "bad_months"


def test_phones_in_commands_must_already_be_e164() -> None:
    with pytest.raises(InvalidPhone):
        c.Invite("0712345678")
    with pytest.raises(InvalidPhone):
        c.AssignRole("712345678", Role.CHAIR)
    assert c.Invite("+254712345678").phone == "+254712345678"


def test_a_credit_names_an_upper_case_receipt_and_an_e164_phone() -> None:
    assert c.CreditPayment("QGH7XK2L9P", "+254712345678").intent == "credit_payment"
    for code in ("qgh7xk2l9p", "1234567890", "QGH7", ""):
        with pytest.raises(InvalidInput) as caught:
            c.CreditPayment(code, "+254712345678")
        assert caught.value.details["code_hint"] == "bad_code"
    with pytest.raises(InvalidPhone):
        c.CreditPayment("QGH7XK2L9P", "0712345678")


def test_a_payout_decision_names_a_positive_payout_id() -> None:
    assert c.ApprovePayout(12).intent == "approve_payout"
    assert c.RejectPayout(12).intent == "reject_payout"
    for bad in (0, -3, True):
        with pytest.raises(InvalidInput) as caught:
            c.ApprovePayout(bad)
        assert caught.value.details["code_hint"] == "bad_ref"
    with pytest.raises(InvalidInput):
        c.RejectPayout(0)


def test_a_loan_decision_names_a_positive_loan_number() -> None:
    assert (c.ApproveLoan(12).intent, c.RejectLoan(12).intent) == ("approve_loan", "reject_loan")
    for bad in (0, -3, True):
        with pytest.raises(InvalidInput) as caught:
            c.RejectLoan(bad)
        assert caught.value.details["code_hint"] == "bad_ref"


def test_names_and_reasons_must_say_something() -> None:
    with pytest.raises(InvalidInput):
        c.Register("   ")
    with pytest.raises(InvalidInput):
        c.SetGoal("", Money(100), date(2027, 1, 31))
    with pytest.raises(InvalidInput):
        c.RejectClaim("QGH7XK2L9P", "")
    assert c.RejectClaim("QGH7XK2L9P").reason is None


def test_a_goal_needs_a_real_date() -> None:
    with pytest.raises(InvalidInput) as caught:
        c.SetGoal("Fees", Money(100), "31/01/2027")  # type: ignore[arg-type]
    assert caught.value.details["code_hint"] == "missing_date"
