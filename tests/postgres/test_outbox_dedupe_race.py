"""Two units of work queueing the same message (one dedupe key) at the same
moment: the second waits for the first, skips the row and carries on; its
transaction is not failed by the unique key."""
import threading

from sqlalchemy import func, select

from chamabora.outbox.store import Channel, enqueue, outbox
from chamabora.db.transaction import unit_of_work


def test_the_same_dedupe_key_from_two_transactions_at_once_queues_one_message(postgres):
    first_inserted, outcome = threading.Event(), {}

    def first(conn):
        outcome["first"] = enqueue(conn, Channel.SMS, "+254712000001", "Your receipt", dedupe_key="race:receipt:1")
        first_inserted.set()
        threading.Event().wait(0.3)  # still uncommitted while the second arrives
        return outcome["first"]

    def second(conn):
        first_inserted.wait(5)
        outcome["second"] = enqueue(conn, Channel.SMS, "+254712000001", "Your receipt", dedupe_key="race:receipt:1")
        outcome["second_went_on"] = True  # the rest of its unit of work still runs

    threads = [threading.Thread(target=unit_of_work, args=(postgres, work)) for work in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome["first"] is not None and outcome["second"] is None and outcome["second_went_on"]
    with postgres.connect() as conn:
        assert conn.execute(select(func.count()).select_from(outbox)
                            .where(outbox.c.dedupe_key == "race:receipt:1")).scalar_one() == 1
