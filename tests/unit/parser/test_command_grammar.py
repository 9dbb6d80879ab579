"""Each command rule: what members send that it accepts, and what it turns away."""
from __future__ import annotations

from datetime import date

import pytest

from chamabora.core.chama import Frequency, Language, Role
from chamabora.core.commands import (
    AcceptGuarantee, CheckLoan, DeclineGuarantee, SayNo, SayYes, Upgrade,
    ApproveClaim, ApprovePayout, AssignRole, CheckBalance, CreateChama, CreditPayment, Help, Invite, JoinChama,
    ListFines, RejectPayout, ApproveLoan, RejectLoan,
    NextTurn, OptIn, OptOut, Pay, Register, RejectClaim, RepayLoan, RequestLoan,
    RequestStatement, Save, SetGoal, SetLanguage,
)
from chamabora.core.money import Money
from chamabora.core.subscriptions import Plan
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_parser import parse_command

from . import officer_rows, rule_rows

TODAY = date(2026, 5, 14)
PHONE = "+254712345678"


def kes(whole: int) -> Money:
    return Money.shillings(whole)


ACCEPTED = {
    "register": [
        ("REGISTER Jane Wanjiru", Register("Jane Wanjiru")),
        ("sajili Jane Wanjiru", Register("Jane Wanjiru")),
        ("Register   Mary  Akinyi Otieno.", Register("Mary Akinyi Otieno")),
        ("jisajili Bob", Register("Bob")),
        ("REG Pay Mwangi", Register("Pay Mwangi")),
    ],
    "create_chama": [
        ("CREATE CHAMA Umoja 500 MONTHLY", CreateChama("Umoja", kes(500), Frequency.MONTHLY)),
        ("UNDA CHAMA Umoja 500 KILA MWEZI", CreateChama("Umoja", kes(500), Frequency.MONTHLY)),
        ("create chama Umoja Women 1,500 weekly", CreateChama("Umoja Women", kes(1500), Frequency.WEEKLY)),
        ("unda chama Tujenge 200 kila siku", CreateChama("Tujenge", kes(200), Frequency.DAILY)),
        ("start chama Tujenge 1k fortnightly", CreateChama("Tujenge", kes(1000), Frequency.BIWEEKLY)),
        ("create Umoja 500", CreateChama("Umoja", kes(500), Frequency.MONTHLY)),
        ("anzisha chama Upendo 300 wiki mbili", CreateChama("Upendo", kes(300), Frequency.BIWEEKLY)),
    ],
    "join_chama": [
        ("JOIN UMOJA", JoinChama("UMOJA")),
        ("jiunge umoja", JoinChama("UMOJA")),
        ("join chama umoja2024", JoinChama("UMOJA2024")),
    ],
    "invite": [
        ("INVITE 0712345678", Invite(PHONE)),
        ("alika +254712345678", Invite(PHONE)),
        ("invite 0712 345 678 to umoja", Invite(PHONE, "UMOJA")),
        ("add 712-345-678", Invite(PHONE)),
        ("ALIKA 0112345678", Invite("+254112345678")),
    ],
    "pay": [
        ("PAY 500", Pay(kes(500))),
        ("PAY 500 UMOJA", Pay(kes(500), "UMOJA")),
        ("PAY UMOJA 500", Pay(kes(500), "UMOJA")),
        ("LIPA SH 500", Pay(kes(500))),
        ("lipa 500", Pay(kes(500))),
        ("#pay 1,500", Pay(kes(1500))),
        ("*PAY 1.5k*", Pay(kes(1500))),
        ("pay ksh 500 to umoja", Pay(kes(500), "UMOJA")),
        ("Pay, 500, Umoja!", Pay(kes(500), "UMOJA")),
        ("changa 500/-", Pay(kes(500))),
        ("contribute KES1500 kwa umoja", Pay(kes(1500), "UMOJA")),
        ("pay 1500.50", Pay(Money(150050))),
    ],
    "check_balance": [
        ("BAL", CheckBalance()),
        ("balance", CheckBalance()),
        ("BALANS", CheckBalance()),
        ("#bal?", CheckBalance()),
        ("SALIO", CheckBalance()),
        ("salio yangu", CheckBalance()),
        ("check balance umoja", CheckBalance("UMOJA")),
        ("angalia salio ya umoja", CheckBalance("UMOJA")),
        ("my balance", CheckBalance()),
    ],
    "request_statement": [
        ("STATEMENT", RequestStatement()),
        ("taarifa", RequestStatement()),
        ("mini statement umoja", RequestStatement("UMOJA")),
    ],
    "next_turn": [
        ("NEXT", NextTurn()),
        ("zamu", NextTurn()),
        ("whose turn", NextTurn()),
        ("zamu ya nani umoja", NextTurn("UMOJA")),
    ],
    "list_fines": [
        ("FINES", ListFines()),
        ("faini", ListFines()),
        ("my fines in umoja", ListFines("UMOJA")),
    ],
    "request_loan": [
        ("LOAN 5000 6 MONTHS", RequestLoan(kes(5000), 6)),
        ("MKOPO 5000 MIEZI 6", RequestLoan(kes(5000), 6)),
        ("loan 5k for 6 months", RequestLoan(kes(5000), 6)),
        ("omba mkopo 10,000 miezi 12", RequestLoan(kes(10000), 12)),
        ("borrow 2000 3m", RequestLoan(kes(2000), 3)),
        ("mkopo 5000 6", RequestLoan(kes(5000), 6)),
        ("LOAN 20000 6 GUARANTORS 0712345678 0722345678",
         RequestLoan(kes(20000), 6, ("+254712345678", "+254722345678"))),
        ("MKOPO 20000 MIEZI 6 WADHAMINI 0712345678, +254 722 345 678",
         RequestLoan(kes(20000), 6, ("+254712345678", "+254722345678"))),
        ("mkopo 20000 miezi 6 dhamana 0712345678", RequestLoan(kes(20000), 6, ("+254712345678",))),
        ("loan 20k 6 months guarantor 0712345678 0712345678", RequestLoan(kes(20000), 6, ("+254712345678",))),
    ],
    "repay_loan": [
        ("REPAY 1000", RepayLoan(kes(1000))),
        ("LIPA MKOPO 1000", RepayLoan(kes(1000))),
        ("pay loan 1,000", RepayLoan(kes(1000))),
        ("rejesha ksh 500", RepayLoan(kes(500))),
    ],
    "set_goal": [
        ("GOAL School fees 20000 BY 31/01/2027", SetGoal("School fees", kes(20000), date(2027, 1, 31))),
        ("LENGO Ada ya shule 20000 KUFIKIA 31/01/2027", SetGoal("Ada ya shule", kes(20000), date(2027, 1, 31))),
        ("goal Fees 20k by 31-1-2027", SetGoal("Fees", kes(20000), date(2027, 1, 31))),
        ("goal Fees 20k by Jan 2027", SetGoal("Fees", kes(20000), date(2027, 1, 31))),
        ("goal Fees 20k by end of month", SetGoal("Fees", kes(20000), date(2026, 5, 31))),
        ("lengo Ada 2000 mwisho wa mwezi", SetGoal("Ada", kes(2000), date(2026, 5, 31))),
        ("goal Fees 20000 31st Dec 2027", SetGoal("Fees", kes(20000), date(2027, 12, 31))),
        ("goal 20000 May wedding by Feb 2028", SetGoal("May wedding", kes(20000), date(2028, 2, 29))),
        ("lengo Harusi 50000 ifikapo Desemba 2027", SetGoal("Harusi", kes(50000), date(2027, 12, 31))),
    ],
    "save": [
        ("SAVE 500 School fees", Save(kes(500), "School fees")),
        ("WEKA 500 Ada ya shule", Save(kes(500), "Ada ya shule")),
        ("save 500", Save(kes(500))),
        ("save 500 for School fees", Save(kes(500), "School fees")),
        ("weka Ada 1,000", Save(kes(1000), "Ada")),
    ],
    "approve_claim": [
        ("APPROVE QGH7XK2L9P", ApproveClaim("QGH7XK2L9P")),
        ("kubali qgh7xk2l9p", ApproveClaim("QGH7XK2L9P")),
        ("approve DX12AB3CD", ApproveClaim("DX12AB3CD")),
    ],
    "reject_claim": [
        ("REJECT QGH7XK2L9P", RejectClaim("QGH7XK2L9P")),
        ("REJECT QGH7XK2L9P wrong amount, paid 400", RejectClaim("QGH7XK2L9P", "wrong amount, paid 400")),
        ("kataa QGH7XK2L9P kiasi si sahihi", RejectClaim("QGH7XK2L9P", "kiasi si sahihi")),
    ],
    "credit_payment": [
        ("CREDIT QGH7XK2L9P 0712345678", CreditPayment("QGH7XK2L9P", PHONE)),
        ("KABIDHI QGH7XK2L9P 0712345678", CreditPayment("QGH7XK2L9P", PHONE)),
        ("credit qgh7xk2l9p to +254 712 345 678", CreditPayment("QGH7XK2L9P", PHONE)),
        ("kabidhi QGH7XK2L9P kwa 712-345-678", CreditPayment("QGH7XK2L9P", PHONE)),
        ("Credit DX12AB3CD 0112345678.", CreditPayment("DX12AB3CD", "+254112345678")),
    ],
    "approve_payout": [
        ("APPROVE PAYOUT 12", ApprovePayout(12)),
        ("KUBALI MGAO 12", ApprovePayout(12)),
        ("approve payout #7", ApprovePayout(7)),
        ("idhinisha malipo 30", ApprovePayout(30)),
    ],
    "reject_payout": [
        ("REJECT PAYOUT 12", RejectPayout(12)),
        ("KATAA MGAO 12", RejectPayout(12)),
        ("decline payout #7", RejectPayout(7)),
    ],
    "approve_loan": [
        ("APPROVE LOAN 12", ApproveLoan(12)),
        ("KUBALI MKOPO 12", ApproveLoan(12)),
        ("approve loan L7", ApproveLoan(7)),
        ("Approve the loan #7.", ApproveLoan(7)),
        ("idhinisha mkopo l-30", ApproveLoan(30)),
    ],
    "reject_loan": [
        ("REJECT LOAN 12", RejectLoan(12)),
        ("KATAA MKOPO 12", RejectLoan(12)),
        ("decline loan L7", RejectLoan(7)),
    ],
    "assign_role": [
        ("ROLE 0712345678 TREASURER", AssignRole(PHONE, Role.TREASURER)),
        ("ASSIGN 0712345678 TREASURER", AssignRole(PHONE, Role.TREASURER)),
        ("assign chair to 0712345678", AssignRole(PHONE, Role.CHAIR)),
        ("CHEO 0712345678 MHAZINI", AssignRole(PHONE, Role.TREASURER)),
        ("role treasurer 0712345678", AssignRole(PHONE, Role.TREASURER)),
        ("cheo 0712345678 kama katibu", AssignRole(PHONE, Role.SECRETARY)),
        ("role +254712345678 as chair", AssignRole(PHONE, Role.CHAIR)),
        ("cheo 0712345678 mwanachama", AssignRole(PHONE, Role.MEMBER)),
    ],
    "set_language": [
        ("LANG SW", SetLanguage(Language.SW)),
        ("LANG EN", SetLanguage(Language.EN)),
        ("lugha kiswahili", SetLanguage(Language.SW)),
        ("language english", SetLanguage(Language.EN)),
        ("Kiswahili", SetLanguage(Language.SW)),
    ],
    "help": [
        ("HELP", Help()),
        ("msaada", Help()),
        ("help loan", Help("request_loan")),
        ("msaada lipa mkopo", Help("repay_loan")),
        ("help me please", Help()),
    ],
    "opt_out": [("STOP", OptOut()), ("acha", OptOut()), ("unsubscribe", OptOut())],
    "opt_in": [("START", OptIn()), ("anza", OptIn()), ("subscribe", OptIn())],
    "check_loan": [("LOAN", CheckLoan()), ("mkopo", CheckLoan()), ("my loan status", CheckLoan()),
                   ("hali ya mkopo", CheckLoan())],
    "upgrade": [
        ("UPGRADE", Upgrade()),
        ("BORESHA", Upgrade()),
        ("upgrade to premium", Upgrade(Plan.PREMIUM)),
        ("boresha standard miezi 3", Upgrade(Plan.STANDARD, 3)),
        ("renew for 12 months", Upgrade(None, 12)),
    ],
    "accept_guarantee": [
        ("ACCEPT GUARANTEE L12", AcceptGuarantee(12)),
        ("KUBALI DHAMANA L12", AcceptGuarantee(12)),
        ("dhamini 7", AcceptGuarantee(7)),
        ("guarantee loan 7", AcceptGuarantee(7)),
    ],
    "decline_guarantee": [
        ("DECLINE GUARANTEE L12", DeclineGuarantee(12)),
        ("KATAA DHAMANA L12", DeclineGuarantee(12)),
        ("sidhamini l-3", DeclineGuarantee(3)),
    ],
    "say_yes": [("YES", SayYes()), ("ndio", SayYes()), ("Yes W7", SayYes("W7")), ("ndiyo l12", SayYes("L12")),
                ("ok 5", SayYes("5")), ("YES P5", SayYes("P5")), ("ndio mgao 5", SayYes("P5"))],
    "say_no": [("NO", SayNo()), ("hapana", SayNo()), ("no w7", SayNo("W7")), ("HAPANA L012", SayNo("L12")),
               ("no payout 7", SayNo("P7"))],
}
ACCEPTED.update(rule_rows.ACCEPTED)
ACCEPTED.update(officer_rows.ACCEPTED)

REJECTED = {
    "register": [("register", "missing_name"), ("sajili 123", "missing_name")],
    "create_chama": [
        ("create chama", "missing_name"),
        ("create chama Umoja", "missing_amount"),
        ("create chama Umoja five hundred", "amount_not_numeric"),
        ("create chama Umoja 500 yearly", "bad_frequency"),
    ],
    "join_chama": [("join", "missing_chama"), ("join umoja kwanza", "bad_chama"), ("join u", "bad_chama")],
    "invite": [("invite", "missing_phone"), ("invite 12345", "bad_phone"), ("alika Jane", "bad_phone")],
    "pay": [
        ("PAY five hundred", "amount_not_numeric"),
        ("lipa mia tano", "amount_not_numeric"),
        ("pay", "missing_amount"),
        ("pay umoja", "missing_amount"),
        ("pay 0", "bad_amount"),
        ("pay 500.555", "bad_amount"),
        ("pay -500", "bad_amount"),
        ("pay 500 umoja now", "unexpected_text"),
    ],
    "check_balance": [("bal umoja now", "unexpected_text"), ("balanc", "unknown_command")],
    "request_loan": [
        ("loan months", "missing_amount"),
        ("loan 5000", "missing_months"),
        ("loan 5000 months", "bad_months"),
        ("loan 5000 0 months", "bad_months"),
        ("loan 5000 99 months", "bad_months"),
        ("mkopo elfu tano miezi 6", "amount_not_numeric"),
        ("loan 20000 6 guarantors", "unexpected_text"),
        ("loan 20000 6 guarantors jane", "unexpected_text"),
        ("loan 20000 6 guarantors 12345", "unexpected_text"),
        ("loan 20000 6 guarantors " + " ".join(f"07{n}2345678" for n in range(1, 7)), "unexpected_text"),
    ],
    "repay_loan": [("repay", "missing_amount"), ("lipa mkopo", "missing_amount")],
    "set_goal": [
        ("goal", "missing_name"),
        ("goal School fees", "missing_amount"),
        ("goal School fees 20000", "missing_date"),
        ("goal School fees 20000 by 31/02/2027", "bad_date"),
        ("goal School fees 20000 by tomorrow", "bad_date"),
    ],
    "save": [("save", "missing_amount"), ("weka 0", "bad_amount")],
    "approve_claim": [("approve", "missing_code"), ("approve 12345", "bad_code")],
    "reject_claim": [("reject", "missing_code"), ("kataa qgh7", "bad_code")],
    "credit_payment": [
        ("credit", "missing_code"),
        ("kabidhi 0712345678", "missing_code"),
        ("credit 12345 0712345678", "bad_code"),
        ("credit QGH7XK2L9P", "missing_phone"),
        ("kabidhi QGH7XK2L9P kwa", "missing_phone"),
        ("credit QGH7XK2L9P Jane", "bad_phone"),
        ("credit QGH7XK2L9P 12345", "bad_phone"),
        ("credit QGH7XK2L9P 0712345678 now", "unexpected_text"),
    ],
    "approve_payout": [("approve payout", "missing_ref"), ("kubali mgao jane", "bad_ref"),
                       ("approve payout 0", "bad_ref"), ("approve payout 12 now", "unexpected_text")],
    "reject_payout": [("kataa mgao", "missing_ref"), ("reject payout L12", "bad_ref")],
    "approve_loan": [("approve loan", "missing_ref"), ("kubali mkopo jane", "bad_ref"),
                     ("approve loan 0", "bad_ref"), ("approve loan 12 now", "unexpected_text")],
    "reject_loan": [("kataa mkopo", "missing_ref"), ("reject loan W12", "bad_ref")],
    "assign_role": [
        ("role", "missing_phone"),
        ("role 0712345678", "missing_role"),
        ("role 0712345678 boss", "bad_role"),
        ("assign QGH7XK2L9P 0712345678", "missing_phone"),
    ],
    "set_language": [("lang", "missing_language"), ("lugha french", "bad_language")],
    "upgrade": [("upgrade gold", "bad_plan"), ("boresha standard 13 months", "bad_months")],
    "accept_guarantee": [("accept guarantee", "missing_ref"), ("kubali dhamana jane", "bad_ref"),
                         ("dhamini 0", "bad_ref")],
    "decline_guarantee": [("kataa dhamana", "missing_ref"), ("decline guarantee W7", "bad_ref")],
    "say_yes": [("yes please", "bad_ref"), ("ndio 0", "bad_ref")],
    "say_no": [("no thanks", "bad_ref")],
    "help": [("", "empty"), ("?!", "empty"), ("pay " + "9" * 400, "too_long")],
}
REJECTED.update(rule_rows.REJECTED)
REJECTED.update(officer_rows.REJECTED)


def _cases(table: dict[str, list[tuple[str, object]]]) -> list[object]:
    return [pytest.param(text, expected, id=f"{rule}: {text}") for rule, rows in table.items() for text, expected in rows]


@pytest.mark.parametrize(("text", "expected"), _cases(ACCEPTED))
def test_a_command_a_member_would_send_is_read_as_that_command(text: str, expected: object) -> None:
    assert parse_command(text, today=TODAY) == expected


@pytest.mark.parametrize(("text", "code"), _cases(REJECTED))
def test_a_malformed_command_is_refused_with_a_code_that_names_the_problem(text: str, code: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command(text, today=TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize(("rule", "rows"), list(REJECTED.items()), ids=list(REJECTED))
def test_a_refused_command_names_the_intent_the_member_meant(rule: str, rows: list[tuple[str, str]]) -> None:
    for text, code in rows:
        if code in ("empty", "too_long", "unknown_command") or rule == "help":
            continue
        with pytest.raises(ParseFailure) as caught:
            parse_command(text, today=TODAY)
        assert caught.value.intent == rule, text


def test_every_intent_has_rows_in_the_accepted_table() -> None:
    from chamabora.core.commands import COMMANDS_BY_INTENT

    assert set(ACCEPTED) == set(COMMANDS_BY_INTENT)
    for rule, rows in ACCEPTED.items():
        assert all(type(expected).intent == rule for _, expected in rows), rule
