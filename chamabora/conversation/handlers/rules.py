"""The chair's `SET ...` / `BADILISHA ...` and everyone's `RULES` / `SHERIA`.

Changing goes through `services.rules.change_rules`, as the USSD rules menu
and the operator's CLI do. `RULES` shows the rules a page at a time (one SMS
each): contributions, fines and order, loans, votes, then changes to come.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection

from chamabora.core.chama import Role
from chamabora.core.chama_commands import MAX_RULE_PAGES
from chamabora.core.commands import SetRules, ShowRules
from chamabora.core.schedule import cycle_on, due_date
from chamabora.services.chama import rule_changes
from chamabora.services.chama import rules
from chamabora.services.lending.policy import load_policy, policy_changes
from chamabora.services.records import load_chama
from chamabora.i18n.rule_words import change_words, fine_words
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import translate
from chamabora.i18n.officers import RULES_DONE, RULES_DONE_NOW
from chamabora.i18n.members import RULES_MORE, RULES_NEXT_DUE, RULES_NONE_WAITING, RULES_PAGE, RULES_WAITING
from chamabora.conversation.messages import Reply
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker


@handles(SetRules)
def set_rules(turn: Turn, command: SetRules) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    changes = dict(command.changes)
    if not rules.may_change(choice.role, set(changes)):
        treasurer_too = rules.may_change(Role.TREASURER.value, set(changes))
        return Reply(only(turn, choice, ("chair", "treasurer") if treasurer_too else ("chair",)))
    outcome = rules.change_rules(turn.conn, choice.id, speaker.id, changes, turn.today)
    words = "; ".join(outcome.words.get(turn.language) or rules_words(turn, choice.id, changes))
    if outcome.starts_on is None:
        return Reply(turn.t(RULES_DONE_NOW, rules=words))
    return Reply(turn.t(RULES_DONE, when=f"{outcome.starts_on:%d/%m/%Y}", rules=words))


def rules_words(turn: Turn, chama_id: int, changes: dict[str, object]) -> list[str]:
    chama = load_chama(turn.conn, chama_id)
    return change_words(turn.language, changes, chama.terms.frequency.value, load_policy(turn.conn, chama_id).loan_method)


@handles(ShowRules, reads_only=True)
def show_rules(turn: Turn, command: ShowRules) -> Reply:
    require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    text = turn.t(RULES_PAGE, chama=turn.label(choice.name), page=command.page, pages=MAX_RULE_PAGES,
                  rules="; ".join(rule_page(turn, choice.id, command.page)))
    if command.page < MAX_RULE_PAGES and not turn.compact:
        text += " " + turn.t(RULES_MORE, next=command.page + 1)
    return Reply(text)


def rule_page(turn: Turn, chama_id: int, page: int) -> list[str]:
    return rule_phrases(turn.conn, chama_id, turn.language, turn.today, page)


def rule_phrases(conn: Connection, chama_id: int, language: str, today: date, page: int) -> list[str]:
    """One page of `RULES` as phrases in `language` (the web shows every page at once)."""
    chama, policy = load_chama(conn, chama_id), load_policy(conn, chama_id)
    terms = chama.terms
    settings = policy_changes(policy)
    if page == 1:
        due = due_date(terms, cycle_on(terms, today))
        words = change_words(language, {"contribution_cents": terms.contribution.cents,
                                        "grace_days": terms.grace_days}, terms.frequency.value, policy.loan_method)
        return [words[0], translate(language, RULES_NEXT_DUE, due=f"{due:%d/%m/%Y}"), words[1]]
    if page == 2:
        fine = terms.fine
        return [fine_words(language, fine.flat.cents, fine.percent_bp, fine.per_day,
                           fine.cap.cents if fine.cap is not None else None),
                *change_words(language, {"rotation_mode": terms.rotation.value}, "", policy.loan_method)]
    if page == 3:
        return change_words(language, {k: settings[k] for k in ("loan_rate_bp", "loan_method", "loan_multiple",
                                                                "savings_rate_bp")},
                            terms.frequency.value, policy.loan_method)
    if page == 4:
        return change_words(language, {k: settings[k] for k in ("ratify_above_cents", "payout_ratify_above_cents",
                                                                "quorum_bp")},
                            terms.frequency.value, policy.loan_method)
    return waiting_phrases(conn, chama_id, language, today) or [translate(language, RULES_NONE_WAITING)]


def waiting_words(turn: Turn, chama_id: int) -> list[str]:
    return waiting_phrases(turn.conn, chama_id, turn.language, turn.today)


def waiting_phrases(conn: Connection, chama_id: int, language: str, today: date) -> list[str]:
    chama, method = load_chama(conn, chama_id), load_policy(conn, chama_id).loan_method
    shown = []
    for change in rule_changes.pending(conn, chama_id):
        starts = (due_date(chama.terms, change.effective_seq - 1) + timedelta(days=1) if change.effective_seq
                  else today)
        words = change_words(language, change.changes, chama.terms.frequency.value, method)
        shown.append(translate(language, RULES_WAITING, when=f"{starts:%d/%m/%Y}", rules=", ".join(words)))
    return shown
