"""The chama's rules on the web: `/chamas/<CODE>/rules` shows what `RULES`
shows, and its form changes a rule by sending the very `SET ...` command a
chair would text, so the same people may change the same rules, members
are told the same way, and the page shows the engine's own reply."""
from __future__ import annotations

import re

from flask import g, render_template, request

from chamabora.conversation.handlers.rules import rule_phrases
from chamabora.i18n.catalogs import _
from chamabora.core.chama_commands import MAX_RULE_PAGES
from chamabora.core.schedule import today_in_nairobi
from chamabora.channels.web import commands
from chamabora.channels.web.access import member_required, now, services
from chamabora.channels.web.officer_desk import bp, officer_choice
from chamabora.channels.web.i18n import gettext

# the form's choice -> the words that open the command, and the label a person reads
RULES = {
    "contribution": ("SET CONTRIBUTION", _("Contribution (KES)")),
    "grace": ("SET GRACE", _("Grace days after the due date")),
    "fine": ("SET FINE", _("Fine for paying late")),
    "order": ("SET ORDER", _("Payout order")),
    "loan_rate": ("SET LOAN RATE", _("Loan interest a month")),
    "loan_limit": ("SET LOAN LIMIT", _("Loan limit (times savings)")),
    "savings": ("SET SAVINGS INTEREST", _("Savings interest a year")),
    "vote": ("SET VOTE", _("Members vote on withdrawals above (KES)")),
    "vote_payout": ("SET VOTE PAYOUT", _("Members vote on pots above (KES)")),
    "quorum": ("SET QUORUM", _("Vote quorum")),
}
SECTIONS = (_("Contributions"), _("Fines and payout order"), _("Loans and savings"), _("Votes"),
            _("Changes waiting"))
# what may follow the rule's words: amounts, percentages, words like PER DAY or RANDOM, phone numbers
VALUE = re.compile(r"^[A-Za-z0-9%.,+ ]{1,60}$")
HINT = _("As in the SMS command: 1000; 3; 100, 5% or 50 PER DAY CAP 500; RANDOM or JOIN; 10% REDUCING or FLAT; "
         "OFF for no vote; 60%.")
BAD_RULE = _("Choose the rule to change.")
BAD_VALUE = _("Write the new value with letters, digits and %, for example 100, 5% or 50 PER DAY CAP 500.")


def _page(choice, reply: str | None = None, error: str | None = None, chosen: str = "", value: str = "",
          status: int = 200):  # type: ignore[no-untyped-def]
    today = today_in_nairobi(now())

    def read(conn):  # type: ignore[no-untyped-def]
        return [rule_phrases(conn, choice.id, g.lang, today, page) for page in range(1, MAX_RULE_PAGES + 1)]

    phrases = services().only_reads(read)
    sections = [(gettext(title), lines) for title, lines in zip(SECTIONS, phrases)]
    rules = [(name, gettext(label)) for name, (_words, label) in RULES.items()]
    return render_template("web/rules.html", chama=choice, tab="rules", sections=sections, rules=rules,
                           reply=reply, error=error, hint=gettext(HINT), chosen=chosen, value=value, key=commands.form_key()), status


@bp.get("/chamas/<code>/rules")
@member_required
def rules(code: str):  # type: ignore[no-untyped-def]
    return _page(officer_choice(code))


@bp.post("/chamas/<code>/rules")
@member_required
def change_rule(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    chosen, value = request.form.get("rule", ""), " ".join(request.form.get("value", "").split())
    if chosen not in RULES:
        return _page(choice, error=gettext(BAD_RULE), value=value[:60], status=400)
    if not VALUE.match(value):
        return _page(choice, error=gettext(BAD_VALUE), chosen=chosen, status=400)
    words, _label = RULES[chosen]
    reply = commands.send(g.member.phone, f"{words} {value} {choice.code}", request.form.get("key"))
    if reply.refused:   # keep what the officer chose and typed, beside the refusal
        return _page(choice, error=reply.text, chosen=chosen, value=value[:60], status=422)
    return _page(choice, reply=reply.text)
