"""Builders for the reminder tests: a second chama beside `make_chama`'s."""
from datetime import date

from chamabora.core.chama import ChamaTerms, FineRule, Frequency
from chamabora.core.money import Money
from chamabora.services.people import membership
from chamabora.services.records import member_id_by_phone
from tests.helpers import phone

ANCHOR = date(2027, 3, 10)


def second_chama(services, founder_phone, others, code="TUMAINI"):
    """Another chama, founded by an existing member, with `others` new members."""
    terms = ChamaTerms(Money.shillings(300), Frequency.MONTHLY, ANCHOR, 3, FineRule(flat=Money.shillings(50)))

    def work(conn):
        founder = member_id_by_phone(conn, founder_phone)
        chama_id = membership.create_chama(conn, founder, "Tumaini", terms, code, rotation_seed=7)
        for n in others:
            membership.join_chama(conn, membership.register_member(conn, phone(n), f"Member {n}"), chama_id, ANCHOR)
        return chama_id
    return services.run(work)
