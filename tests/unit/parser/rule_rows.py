"""Accepted and refused rows for the rule commands (SET/BADILISHA, RULES/SHERIA,
WITHDRAW/TOA, SHARE OUT/GAWA, APPROVE/KATAA W7 or S3), merged into the
grammar's tables in test_command_grammar.py and test_command_hints.py."""
from __future__ import annotations

from chamabora.core.commands import ApproveItem, RejectItem, SetRules, ShareOut, ShowRules, Withdraw
from chamabora.core.money import Money

A, B = "+254712345678", "+254722345678"


def fine(flat: int = 0, percent: int = 0, per_day: bool = False, cap: int | None = None) -> SetRules:
    return SetRules((("fine_flat_cents", flat), ("fine_percent_bp", percent), ("fine_per_day", per_day),
                     ("fine_cap_cents", cap)))


ACCEPTED = {
    "set_rules": [
        ("SET FINE 100", fine(10000)),
        ("set fine 5%", fine(percent=500)),
        ("SET FINE 50 PER DAY CAP 500", fine(5000, per_day=True, cap=50000)),
        ("BADILISHA FAINI 100", fine(10000)),
        ("badilisha faini asilimia 5 kwa siku hadi 1,000", fine(percent=500, per_day=True, cap=100000)),
        ("set fine 0", fine()),
        ("SET GRACE 3", SetRules((("grace_days", 3),))),
        ("set grace 3 days", SetRules((("grace_days", 3),))),
        ("badilisha siku za ziada 5", SetRules((("grace_days", 5),))),
        ("SET CONTRIBUTION 1,000", SetRules((("contribution_cents", 100000),))),
        ("badilisha mchango 1000 umoja", SetRules((("contribution_cents", 100000),), "UMOJA")),
        ("SET ORDER RANDOM", SetRules((("rotation_mode", "random_draw"),))),
        ("badilisha zamu nasibu", SetRules((("rotation_mode", "random_draw"),))),
        ("set order join order", SetRules((("rotation_mode", "join_order"),))),
        ("badilisha zamu kujiunga", SetRules((("rotation_mode", "join_order"),))),
        ("SET ORDER 0712345678 0722345678", SetRules((("rotation_mode", "chair_set"), ("chair_order", (A, B))))),
        ("SET LOAN RATE 10% REDUCING", SetRules((("loan_rate_bp", 1000), ("loan_method", "reducing")))),
        ("set loan rate 2.5% flat", SetRules((("loan_rate_bp", 250), ("loan_method", "flat")))),
        ("badilisha riba 10% salio", SetRules((("loan_rate_bp", 1000), ("loan_method", "reducing")))),
        ("set loan limit 4x", SetRules((("loan_multiple", 4),))),
        ("badilisha kikomo cha mkopo 3", SetRules((("loan_multiple", 3),))),
        ("set savings interest 6%", SetRules((("savings_rate_bp", 600),))),
        ("badilisha riba ya akiba 6%", SetRules((("savings_rate_bp", 600),))),
        ("SET VOTE 5000", SetRules((("ratify_above_cents", 500000),))),
        ("set vote payout 20,000", SetRules((("payout_ratify_above_cents", 2000000),))),
        ("badilisha kura hakuna", SetRules((("ratify_above_cents", None),))),
        ("SET QUORUM 60%", SetRules((("quorum_bp", 6000),))),
        ("badilisha akidi 60%", SetRules((("quorum_bp", 6000),))),
    ],
    "show_rules": [("RULES", ShowRules()), ("rules 2", ShowRules(2)), ("SHERIA", ShowRules()),
                   ("kanuni 3", ShowRules(3)), ("sheria umoja", ShowRules(1, "UMOJA"))],
    "withdraw": [("WITHDRAW 2000", Withdraw(Money(200000))), ("toa 2,000", Withdraw(Money(200000))),
                 ("toa akiba 500 umoja", Withdraw(Money(50000), "UMOJA"))],
    "share_out": [("SHARE OUT", ShareOut()), ("gawa", ShareOut()), ("share-out umoja", ShareOut("UMOJA"))],
    "approve_item": [("APPROVE W7", ApproveItem("W7")), ("kubali s3", ApproveItem("S3")),
                     ("approve w 12", ApproveItem("W12"))],
    "reject_item": [("REJECT W7", RejectItem("W7")), ("KATAA S3", RejectItem("S3"))],
}

REJECTED = {
    "set_rules": [("set fine", "unexpected_text"), ("set grace 99", "bad_rule"), ("set fine 100% 5", "bad_chama"),
                  ("set loan rate 90%", "bad_rule"), ("set fine 5% cap", "missing_amount")],
    "withdraw": [("withdraw", "missing_amount"), ("toa 0", "bad_amount")],
}

ARGUMENTS = {"set_rules": "100", "show_rules": "", "withdraw": "2000", "share_out": "", "approve_item": "W7",
             "reject_item": "W7"}
