"""Keywords that share a word or a shape: which command a message is read as."""
from __future__ import annotations

import pytest

from chamabora.core.chama import Role
from chamabora.core.commands import (
    AcceptGuarantee, ApproveClaim, ApprovePayout, AssignRole, CheckLoan, CreditPayment, DeclineGuarantee, Pay,
    Register, RejectClaim, RejectPayout, RepayLoan, RequestLoan, ApproveLoan, RejectLoan,
)
from chamabora.core.money import Money
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_parser import parse_command

PHONE = "+254712345678"


def kes(whole: int) -> Money:
    return Money.shillings(whole)


def test_lipa_alone_is_a_payment_but_lipa_mkopo_repays_a_loan() -> None:
    assert parse_command("LIPA 500") == Pay(kes(500))
    assert parse_command("LIPA MKOPO 500") == RepayLoan(kes(500))


def test_a_misspelt_keyword_is_not_read_as_a_shorter_one_plus_a_chama() -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command("balanc")
    assert caught.value.code == "unknown_command"
    assert caught.value.suggestion == "balance"


def test_names_keep_the_members_own_spelling_and_case() -> None:
    assert parse_command("REGISTER wanjiru O'Brien-Kamau") == Register("wanjiru O'Brien-Kamau")


def test_kubali_with_an_mpesa_code_approves_a_claim_but_kubali_dhamana_answers_a_guarantee() -> None:
    assert parse_command("KUBALI QGH7XK2L9P") == ApproveClaim("QGH7XK2L9P")
    assert parse_command("KUBALI DHAMANA L12") == AcceptGuarantee(12)
    assert parse_command("KATAA QGH7XK2L9P") == RejectClaim("QGH7XK2L9P")
    assert parse_command("KATAA DHAMANA L12") == DeclineGuarantee(12)


def test_approve_payout_names_a_payout_while_approve_with_a_code_still_decides_a_claim() -> None:
    assert parse_command("APPROVE PAYOUT 12") == ApprovePayout(12)
    assert parse_command("KUBALI MGAO 12") == ApprovePayout(12)
    assert parse_command("REJECT PAYOUT 12") == RejectPayout(12)
    assert parse_command("KATAA MGAO 12") == RejectPayout(12)
    assert parse_command("APPROVE QGH7XK2L9P") == ApproveClaim("QGH7XK2L9P")
    assert parse_command("KUBALI QGH7XK2L9P") == ApproveClaim("QGH7XK2L9P")
    assert parse_command("KUBALI DHAMANA L12") == AcceptGuarantee(12)


def test_approve_loan_names_a_loan_while_a_guarantee_and_a_loan_request_keep_their_words() -> None:
    assert parse_command("APPROVE LOAN 12") == ApproveLoan(12)
    assert parse_command("KUBALI MKOPO 12") == ApproveLoan(12)
    assert parse_command("KATAA MKOPO L12") == RejectLoan(12)
    assert parse_command("KUBALI DHAMANA L12") == AcceptGuarantee(12)
    assert parse_command("KATAA DHAMANA L12") == DeclineGuarantee(12)
    assert parse_command("MKOPO 5000 MIEZI 6") == RequestLoan(Money.shillings(5000), 6)
    assert parse_command("KUBALI QGH7XK2L9P") == ApproveClaim("QGH7XK2L9P")


def test_loan_alone_asks_for_status_but_loan_with_an_amount_asks_for_a_loan() -> None:
    assert parse_command("MKOPO") == CheckLoan()
    assert parse_command("MKOPO 5000 MIEZI 6") == RequestLoan(kes(5000), 6)


def test_credit_names_a_receipt_and_a_phone_while_assign_still_gives_a_role() -> None:
    # ASSIGN stays the role keyword: the unmatched-payment SMS now asks for CREDIT
    assert parse_command("CREDIT QGH7XK2L9P 0712345678") == CreditPayment("QGH7XK2L9P", PHONE)
    assert parse_command("ASSIGN 0712345678 AS TREASURER") == AssignRole(PHONE, Role.TREASURER)
    assert parse_command("CHEO MHAZINI KWA 0712345678") == AssignRole(PHONE, Role.TREASURER)
