"""The deciding vote on a large payout and the treasurer's approval at the same
moment, in real concurrent PostgreSQL transactions: whichever commits first,
the pot is queued for B2C exactly once, never left signed and ratified but unsent."""
from datetime import date

import pytest
from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.services.payouts.approvals import approve_payout
from chamabora.services.payouts.disbursements import disbursements
from chamabora.outbox.store import outbox
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import payout_votes
from chamabora.services.payouts import closing as payouts
from chamabora.services.lending import policy
from chamabora.services.records import load_chama
from chamabora.db.transaction import unit_of_work
from tests.helpers import make_chama
from tests.postgres.test_concurrent_payments import race

ANCHOR = date(2027, 1, 31)


def pot_with_one_yes(engine):
    """Umoja, 4 members: the KES 4,000 pot of Member 1 is put to the 3 others (2 YES pass); one YES is in."""
    chama_id, ids = make_chama(engine, 4, anchor=ANCHOR)

    def work(conn):
        membership.assign_role(conn, chama_id, ids[0], ids[1], Role.TREASURER)
        policy.set_policy(conn, chama_id, ids[0], payout_ratify_above_cents=200000)
        chama = load_chama(conn, chama_id)
        for n, member_id in enumerate(ids):
            payments.record_payment(conn, chama_id, member_id, chama.terms.contribution, f"pay-{n}", ANCHOR)
        payout_id = payouts.close_cycle(conn, chama_id, None, ANCHOR).payout_id
        payout_votes.cast_vote(conn, payout_id, ids[2], True, ANCHOR)
        return payout_id

    return ids, unit_of_work(engine, work)


@pytest.mark.parametrize("round_", range(4))
def test_the_deciding_vote_racing_the_approval_queues_the_payout_once(postgres, round_):
    ids, payout_id = pot_with_one_yes(postgres)
    acts = [lambda c: payout_votes.cast_vote(c, payout_id, ids[3], True, ANCHOR),
            lambda c: approve_payout(c, payout_id, ids[1], today=ANCHOR)]
    _results, errors = race(2, lambda i: unit_of_work(postgres, acts[(i + round_) % 2]))
    assert errors == []
    with postgres.connect() as conn:
        assert conn.execute(select(disbursements.c.status)).scalars().all() == ["queued"]
        assert len(conn.execute(select(outbox.c.id).where(outbox.c.channel == "b2c")).all()) == 1
