"""`/admin/entries/<id>`: one journal entry, and for a payment recorded by
mistake the form that reverses it: a reason, a confirmation, and the
operator's name in the audit log. Nothing else changes money here."""
from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from chamabora.i18n.catalogs import _
from chamabora.core.ledger import EntryKind
from chamabora.services.ledger import journal
from chamabora.services.ledger import reversals
from chamabora.channels.web.access import now, services
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.admin import bp
from chamabora.channels.web.admin.session import operator_required

REFUSALS = {
    "no_reason": _("Write why this entry is reversed."),
    "not_found": _("There is no such entry."),
    "is_reversal": _("This entry is itself a reversal; it cannot be reversed."),
    "already_reversed": _("This entry was reversed already, by entry %(reversal)s."),
    "not_a_payment": _("Only a payment can be reversed here. Other entries are corrected by their own command."),
    "still_claimed": _("This payment still waits for the treasurer (APPROVE or REJECT); it is not reversed here."),
    "short_of_cash": _("The chama no longer holds this money, so it cannot be taken back out of cash."),
    "not_a_member": _("The payer is no longer a member of this chama."),
}
UNCONFIRMED = _("Tick the box to confirm the reversal.")
DONE = _("Reversed by entry %(reversal)s. The reason is in the audit log.")


def _show(entry_id: int, error: str | None = None, done: str | None = None, reason: str = "",
          status: int = 200):  # type: ignore[no-untyped-def]
    found = services().only_reads(lambda conn: journal.entry_detail(conn, entry_id))
    if found is None:
        abort(404)
    reversible = found.line.kind == EntryKind.PAYMENT.value and found.line.reversed_by is None
    return render_template("web/admin/entry.html", section="web_admin.chamas", entry=found, error=error,
                           done=done, reason=reason, reversible=reversible), status


@bp.get("/entries/<int:entry_id>")
@operator_required
def entry(entry_id: int):  # type: ignore[no-untyped-def]
    done = request.args.get("reversed", "")
    return _show(entry_id, done=gettext(DONE, reversal=done) if done.isdigit() else None)


@bp.post("/entries/<int:entry_id>/reverse")
@operator_required
def reverse(entry_id: int):  # type: ignore[no-untyped-def]
    reason = request.form.get("reason", "")[:500]
    if request.form.get("confirm") != "yes":
        return _show(entry_id, error=gettext(UNCONFIRMED), reason=reason, status=400)
    seen = g.operator
    try:
        reversal_id = services().run(lambda conn: reversals.reverse_payment(conn, entry_id, reason, seen.id,
                                                                            seen.name, now()))
    except reversals.ReversalRefused as refused:
        why = str(refused.details.get("reason"))
        words = gettext(REFUSALS.get(why, REFUSALS["not_a_payment"]),
                        **({"reversal": refused.details.get("reversal_id")} if why == "already_reversed" else {}))
        return _show(entry_id, error=words, reason=reason, status=400 if why == "no_reason" else 409)
    return redirect(url_for("web_admin.entry", entry_id=entry_id, reversed=reversal_id))
