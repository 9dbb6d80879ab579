"""SAVE and REPAY name the chama by its code, as PAY does: a member of
several chamas (and the web's forms, which send these words) has no other
way to say which."""
from datetime import date

import pytest

from chamabora.parser.command_parser import parse_command

TODAY = date(2027, 1, 4)


@pytest.mark.parametrize("text, chama", [("REPAY 500 UMJ7K2", "UMJ7K2"), ("LIPA MKOPO 1,000 kwa 6XCKFT", "6XCKFT"),
                                         ("REPAY 500", None)])
def test_repay_takes_a_chama_code(text, chama):
    assert parse_command(text, TODAY).chama == chama


@pytest.mark.parametrize("text, goal, chama", [
    ("SAVE 500", None, None),
    ("SAVE 500 School fees", "School fees", None),
    ("SAVE 500 6XCKFT", None, "6XCKFT"),                       # a code that is no word: the chama
    ("WEKA 500 Ada ya shule 6xckft", "Ada ya shule", "6XCKFT"),
    ("WEKA 500 kwa 6xckft", None, "6XCKFT"),
    ("SAVE 500 School fees UMJ7K2", "School fees UMJ7K2", None),  # a word: the handler tells code from name
])
def test_save_takes_a_chama_code_after_the_goal(text, goal, chama):
    command = parse_command(text, TODAY)
    assert (command.goal, command.chama) == (goal, chama)
