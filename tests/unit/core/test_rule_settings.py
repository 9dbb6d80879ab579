"""The rules' names and limits, checked once for every channel."""
import pytest

from chamabora.core.errors import InvalidInput
from chamabora.core.rules import TREASURER_MAY, check_changes, family


@pytest.mark.parametrize("changes", [
    {"grace_days": 0}, {"grace_days": 60}, {"contribution_cents": 100},
    {"fine_flat_cents": 10000, "fine_percent_bp": 0, "fine_per_day": True, "fine_cap_cents": 50000},
    {"fine_flat_cents": 0, "fine_percent_bp": 500, "fine_per_day": False, "fine_cap_cents": None},
    {"rotation_mode": "random_draw"}, {"rotation_mode": "chair_set", "chair_order": ("+254712345678",)},
    {"loan_rate_bp": 1000, "loan_method": "flat"}, {"ratify_above_cents": None}, {"quorum_bp": 10000},
])
def test_a_rule_within_its_limits_is_accepted(changes):
    check_changes(changes)


@pytest.mark.parametrize("changes", [
    {}, {"colour": 3}, {"grace_days": 61}, {"grace_days": -1}, {"grace_days": True}, {"contribution_cents": 150},
    {"contribution_cents": 0}, {"fine_flat_cents": 100, "fine_percent_bp": 100}, {"fine_percent_bp": 10001},
    {"fine_per_day": "yes"}, {"loan_method": "compound"}, {"loan_rate_bp": 5001}, {"quorum_bp": 0},
    {"rotation_mode": "chair_set"}, {"chair_order": ("+254712345678",)},
    {"rotation_mode": "chair_set", "chair_order": ("+254712345678", "+254712345678")},
    {"rotation_mode": "chair_set", "chair_order": ("0712345678",)}, {"vote_days": 31},
])
def test_a_rule_outside_its_limits_names_the_problem(changes):
    with pytest.raises(InvalidInput):
        check_changes(changes)


def test_each_rule_belongs_to_the_moment_it_applies():
    assert family("grace_days") == "terms" and family("chair_order") == "order" and family("quorum_bp") == "policy"


def test_a_treasurer_may_change_the_money_rules_but_not_the_chamas_governance():
    assert "fine_flat_cents" in TREASURER_MAY and "loan_rate_bp" in TREASURER_MAY
    assert not {"contribution_cents", "rotation_mode", "ratify_above_cents", "quorum_bp"} & TREASURER_MAY
