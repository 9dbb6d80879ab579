"""Who hears about a loan request between the member's YES and the money:
the chama's treasurers once the loan is ready for them (at once, or when its
guarantors have all accepted), with the number to approve or reject it by;
the borrower when a guarantor declines and when an officer rejects the loan.

A treasurer who is the borrower is not asked (nobody approves money to
themselves); with no other treasurer the chair is asked instead.
"""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import _
from chamabora.core.money import Money
from chamabora.db.loan_tables import Loan, LoanGuarantor
from chamabora.services.labels import label
from chamabora.services.notices.money import member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.records import load_chama

loans = Loan.__table__
guarantors = LoanGuarantor.__table__

LOAN_WAITS = _("%(chama)s: %(borrower)s asks for loan L%(loan)s, %(amount)s over %(months)s "
                "months. Reply APPROVE LOAN %(loan)s or REJECT LOAN %(loan)s.")
LOAN_GUARANTEED = _("%(chama)s: your guarantors accepted loan L%(loan)s. The treasurer will now review it.")
GUARANTEE_REFUSED = _("%(chama)s: %(guarantor)s will not guarantee loan L%(loan)s. Send REJECT LOAN %(loan)s "
                      "to withdraw it, then ask again with other guarantors.")
LOAN_TURNED_DOWN = _("%(chama)s: %(officer)s rejected your loan request L%(loan)s for "
                      "%(amount)s. Nothing was sent. Ask them why, or send LOAN to ask again.")


def deciders(conn: Connection, chama_id: int, borrower_id: int) -> list[int]:
    """The officers who decide this borrower's loan: every treasurer but the borrower, else the chair."""
    chosen = [m for m in officers(conn, chama_id, ("treasurer",)) if m != borrower_id]
    return chosen or [m for m in officers(conn, chama_id, ("chair",)) if m != borrower_id]


def ask_deciders(conn: Connection, loan_id: int) -> None:
    loan = conn.execute(select(loans).where(loans.c.id == loan_id)).one()
    chama = label(load_chama(conn, loan.chama_id).name)
    borrower = label(member_name(conn, loan.member_id))
    for officer in deciders(conn, loan.chama_id, loan.member_id):
        notify(conn, officer, LOAN_WAITS, loan.chama_id, dedupe_key=f"loan-waits:{loan_id}:{officer}",
               chama=chama, borrower=borrower, loan=loan_id, amount=str(Money(loan.principal_cents)),
               months=loan.months)


def guarantee_answered(conn: Connection, loan_id: int, guarantor_id: int, accepted: bool) -> None:
    """After a guarantor's answer: a refusal is the borrower's to act on; the last acceptance hands
    the loan to the treasurers."""
    loan = conn.execute(select(loans).where(loans.c.id == loan_id)).one()
    chama = label(load_chama(conn, loan.chama_id).name)
    if not accepted:
        notify(conn, loan.member_id, GUARANTEE_REFUSED, loan.chama_id, chama=chama, loan=loan_id,
               guarantor=label(member_name(conn, guarantor_id)))
        return
    answers = conn.execute(select(guarantors.c.status).where(guarantors.c.loan_id == loan_id)).scalars().all()
    if all(status == "accepted" for status in answers):
        notify(conn, loan.member_id, LOAN_GUARANTEED, loan.chama_id, chama=chama, loan=loan_id)
        ask_deciders(conn, loan_id)


def turned_down(conn: Connection, loan_id: int, officer_id: int) -> None:
    loan = conn.execute(select(loans).where(loans.c.id == loan_id)).one()
    notify(conn, loan.member_id, LOAN_TURNED_DOWN, loan.chama_id, dedupe_key=f"loan-rejected:{loan_id}",
           chama=label(load_chama(conn, loan.chama_id).name), loan=loan_id,
           amount=str(Money(loan.principal_cents)), officer=label(member_name(conn, officer_id)))
