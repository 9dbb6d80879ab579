"""Savings goals: creating personal and group goals, saving towards them
(the money lands in the member's savings, tagged to the goal), progress,
and the weekly reminder of what is left per week to stay on track."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select, update

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.errors import InvalidInput, NotFound
from chamabora.core.goals import GoalProgress, check_goal, member_shares, progress
from chamabora.core.money import Money
from chamabora.db.loan_tables import Goal, GoalSaving, GoalShare
from chamabora.db.tables import sum_cents
from chamabora.services.notices.money import GOAL_REMINDER
from chamabora.services.notices.notify import notify
from chamabora.services.records import membership_of, memberships, record_audit, require_role
from chamabora.services.savings.accounts import record_saving

goals = Goal.__table__
goal_shares = GoalShare.__table__
goal_savings = GoalSaving.__table__


def create_goal(conn: Connection, chama_id: int, member_id: int, name: str, target: Money, by: date,
                today: date) -> int:
    membership_of(conn, chama_id, member_id)
    clean = " ".join(name.split())
    check_goal(clean, target, by, today)
    if find_goal(conn, chama_id, member_id, clean, required=False) is not None:
        raise InvalidInput("you already have a goal with that name", code_hint="duplicate_goal")
    goal_id = conn.execute(insert(goals).returning(goals.c.id), {
        "chama_id": chama_id, "member_id": member_id, "name": clean, "target_cents": target.cents,
        "by_date": by, "created_on": today, "status": "open"}).scalar_one()
    record_audit(conn, "goal.created", chama_id, member_id, goal_id=goal_id, target=target.cents)
    return goal_id


def create_group_goal(conn: Connection, chama_id: int, actor_id: int, name: str, target: Money, by: date,
                      today: date, weights: dict[int, int] | None = None) -> int:
    """A chama-wide goal; every active member (or those weighted) gets a share of the target."""
    require_role(conn, chama_id, actor_id, MONEY_ROLES)
    clean = " ".join(name.split())
    check_goal(clean, target, by, today)
    if any(other.lower() == clean.lower() for _id, other in group_goals(conn, chama_id)):
        raise InvalidInput("the chama already has a goal with that name", code_hint="duplicate_goal")
    ids = list(weights) if weights else list(conn.execute(select(memberships.c.member_id).where(
        memberships.c.chama_id == chama_id, memberships.c.status == "active").order_by(memberships.c.join_seq)).scalars())
    shares = member_shares(target, ids, [weights[i] for i in ids] if weights else None)
    goal_id = conn.execute(insert(goals).returning(goals.c.id), {
        "chama_id": chama_id, "member_id": None, "name": clean, "target_cents": target.cents,
        "by_date": by, "created_on": today, "status": "open"}).scalar_one()
    conn.execute(insert(goal_shares), [{"goal_id": goal_id, "member_id": m, "share_cents": s.cents}
                                       for m, s in shares.items()])
    record_audit(conn, "goal.group_created", chama_id, actor_id, goal_id=goal_id, target=target.cents)
    return goal_id


def group_goals(conn: Connection, chama_id: int) -> list[tuple[int, str]]:
    """(id, name) of the chama's open group goals, oldest first."""
    return [(row.id, row.name) for row in conn.execute(select(goals.c.id, goals.c.name).where(
        goals.c.chama_id == chama_id, goals.c.member_id.is_(None), goals.c.status == "open").order_by(goals.c.id))]


def shares_of(conn: Connection, goal_id: int) -> dict[int, Money]:
    """Each member's share of a group goal, by member id."""
    return {member_id: Money(cents) for member_id, cents in conn.execute(
        select(goal_shares.c.member_id, goal_shares.c.share_cents).where(goal_shares.c.goal_id == goal_id))}


def find_goal(conn: Connection, chama_id: int, member_id: int, name: str, required: bool = True) -> int | None:
    """The member's own open goal by name (case-insensitive), else a group goal they share in."""
    lowered = " ".join(name.split()).lower()
    own = select(goals.c.id).where(goals.c.chama_id == chama_id, goals.c.member_id == member_id,
                                   func.lower(goals.c.name) == lowered, goals.c.status == "open")
    shared = (select(goals.c.id).join(goal_shares, goal_shares.c.goal_id == goals.c.id)
              .where(goals.c.chama_id == chama_id, goal_shares.c.member_id == member_id,
                     func.lower(goals.c.name) == lowered, goals.c.status == "open"))
    found = conn.execute(own).scalar() or conn.execute(shared).scalar()
    if found is None and required:
        raise NotFound("no open goal with that name", name=name)
    return found


def member_goals(conn: Connection, chama_id: int, member_id: int) -> list[tuple[int, str]]:
    """(id, name) of the member's open goals in the chama: their own, then group goals they share in."""
    own = conn.execute(select(goals.c.id, goals.c.name).where(
        goals.c.chama_id == chama_id, goals.c.member_id == member_id, goals.c.status == "open")
        .order_by(goals.c.id)).all()
    shared = conn.execute(select(goals.c.id, goals.c.name).join(goal_shares, goal_shares.c.goal_id == goals.c.id)
                          .where(goals.c.chama_id == chama_id, goal_shares.c.member_id == member_id,
                                 goals.c.status == "open").order_by(goals.c.id)).all()
    return [(row.id, row.name) for row in [*own, *shared]]


def save_to_goal(conn: Connection, chama_id: int, member_id: int, goal_id: int, amount: Money, key: str,
                 today: date, now: datetime | None = None) -> GoalProgress:
    """Money in (once per outside event) to the member's savings, counted towards the goal."""
    goal = conn.execute(select(goals).where(goals.c.id == goal_id, goals.c.chama_id == chama_id)).first()
    if goal is None:
        raise NotFound("no such goal", goal_id=goal_id)
    entry_id, duplicate = record_saving(conn, chama_id, member_id, amount, key, now, f"Savings: {goal.name}")
    if not duplicate:
        conn.execute(insert(goal_savings), {"goal_id": goal_id, "member_id": member_id,
                                            "amount_cents": amount.cents, "entry_id": entry_id, "saved_on": today})
    status = goal_progress(conn, goal_id, today, member_id if goal.member_id is None else None)
    if status.complete and goal.member_id is not None:
        conn.execute(update(goals).where(goals.c.id == goal_id).values(status="complete"))
    return status


def goal_progress(conn: Connection, goal_id: int, today: date, member_id: int | None = None) -> GoalProgress:
    """A goal's progress; for a group goal with `member_id`, that member's share and savings."""
    goal = conn.execute(select(goals).where(goals.c.id == goal_id)).one()
    saved = select(sum_cents(goal_savings.c.amount_cents)).where(goal_savings.c.goal_id == goal_id)
    target = goal.target_cents
    if member_id is not None and goal.member_id is None:
        saved = saved.where(goal_savings.c.member_id == member_id)
        target = conn.execute(select(goal_shares.c.share_cents).where(
            goal_shares.c.goal_id == goal_id, goal_shares.c.member_id == member_id)).scalar_one()
    return progress(Money(target), Money(conn.execute(saved).scalar_one()), goal.created_on, goal.by_date, today)


def send_goal_reminders(conn: Connection, chama_id: int, today: date) -> int:
    """Weekly: each saver with an unfinished personal goal hears what to save per week (once a day at most)."""
    sent = 0
    for goal in conn.execute(select(goals).where(goals.c.chama_id == chama_id, goals.c.status == "open",
                                                 goals.c.member_id.is_not(None))).all():
        status = goal_progress(conn, goal.id, today)
        if status.complete:
            continue
        if notify(conn, goal.member_id, GOAL_REMINDER, chama_id, dedupe_key=f"goal-reminder:{goal.id}:{today}",
                  goal=goal.name, saved=str(status.saved), target=str(status.target),
                  per_week=str(status.per_week), by=f"{goal.by_date:%d/%m/%Y}") is not None:
            sent += 1
    return sent
