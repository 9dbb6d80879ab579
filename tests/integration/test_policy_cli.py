"""The chair's money rules from the operator command line: `flask chama policy`
shows them and, with --set, changes them as the chair (members ratify pots
above a threshold once it is set); a plain member or a bad value changes nothing."""
from chamabora.services.lending import policy
from chamabora.services.records import load_chama
from tests.helpers import make_chama, run


def test_the_chair_sets_the_payout_vote_threshold_and_quorum_from_the_command_line(app, engine):
    chama_id, _ = make_chama(engine, 2)
    cli = app.test_cli_runner()
    shown = cli.invoke(args=["chama", "policy", "UMOJA", "0700000001"])
    assert shown.exit_code == 0 and "payout_ratify_above_cents  None" in shown.output
    changed = cli.invoke(args=["chama", "policy", "UMOJA", "0700000001", "--set",
                               "payout_ratify_above_cents=5000000", "--set", "quorum_bp=6000"])
    assert changed.exit_code == 0, changed.output
    rules = run(engine, lambda c: policy.load_policy(c, load_chama(c, "UMOJA").id))
    assert (rules.payout_ratify_above_cents, rules.quorum_bp) == (5000000, 6000)
    cleared = cli.invoke(args=["chama", "policy", "UMOJA", "0700000001", "--set", "payout_ratify_above_cents=none"])
    assert cleared.exit_code == 0 and "payout_ratify_above_cents  None" in cleared.output


def test_a_plain_member_or_a_bad_value_changes_no_rule(app, engine):
    chama_id, _ = make_chama(engine, 2)
    cli = app.test_cli_runner()
    refused = cli.invoke(args=["chama", "policy", "UMOJA", "0700000002", "--set", "quorum_bp=100"])
    assert refused.exit_code != 0 and "forbidden" in refused.output
    bad = cli.invoke(args=["chama", "policy", "UMOJA", "0700000001", "--set", "quorum_bp=half"])
    assert bad.exit_code != 0 and "a whole number" in bad.output
    unknown = cli.invoke(args=["chama", "policy", "UMOJA", "0700000001", "--set", "colour=3"])
    assert unknown.exit_code != 0 and "invalid_input" in unknown.output
    assert run(engine, lambda c: policy.load_policy(c, chama_id)) == policy.Policy()


def test_a_quorum_no_vote_could_reach_is_refused(app, engine):
    make_chama(engine, 2)
    cli = app.test_cli_runner()
    for setting in ("quorum_bp=0", "quorum_bp=10001", "vote_days=0"):
        refused = cli.invoke(args=["chama", "policy", "UMOJA", "0700000001", "--set", setting])
        assert refused.exit_code != 0 and "invalid_input" in refused.output
