"""Accepted and refused rows for the officers' views (MEMBERS/WANACHAMA,
PENDING/YANAYOSUBIRI, LOG/KUMBUKUMBU) and group goals (GROUP GOAL/LENGO LA
KIKUNDI, GOALS/MALENGO), merged into the grammar's tables in
test_command_grammar.py and test_command_hints.py."""
from __future__ import annotations

from datetime import date

from chamabora.core.commands import ListGoals, ListMembers, ListPending, SetGroupGoal, ShowLog
from chamabora.core.money import Money

ACCEPTED = {
    "list_members": [("MEMBERS", ListMembers()), ("members 2", ListMembers(2)), ("WANACHAMA", ListMembers()),
                     ("wanachama 3 umoja", ListMembers(3, "UMOJA")), ("who has paid", ListMembers()),
                     ("members of umoja", ListMembers(1, "UMOJA"))],
    "list_pending": [("PENDING", ListPending()), ("yanayosubiri", ListPending()), ("pending 2", ListPending(2)),
                     ("waiting umoja", ListPending(1, "UMOJA"))],
    "show_log": [("LOG", ShowLog()), ("kumbukumbu 2", ShowLog(2)), ("audit log", ShowLog()),
                 ("maamuzi umoja", ShowLog(1, "UMOJA"))],
    "set_group_goal": [
        ("GROUP GOAL Land 100000 BY 31/12/2027", SetGroupGoal("Land", Money(10_000_000), date(2027, 12, 31))),
        ("lengo la kikundi Shamba 100,000 hadi 31/12/2027", SetGroupGoal("Shamba", Money(10_000_000),
                                                                        date(2027, 12, 31))),
        ("chama goal New tent 20k by dec 2027", SetGroupGoal("New tent", Money(2_000_000), date(2027, 12, 31))),
    ],
    "list_goals": [("GOALS", ListGoals()), ("malengo", ListGoals()), ("my goals 2", ListGoals(2)),
                   ("malengo yetu umoja", ListGoals(1, "UMOJA"))],
}

REJECTED = {
    "set_group_goal": [("group goal", "missing_name"), ("group goal land", "missing_amount"),
                       ("group goal land 100000", "missing_date"), ("lengo la kikundi shamba 0 hadi 31/12/2027",
                                                                   "bad_amount")],
}

ARGUMENTS = {"list_members": "", "list_pending": "", "show_log": "", "set_group_goal": "Land 100000 BY 31/12/2027",
             "list_goals": ""}
