"""Handlers for people: registering, creating and joining chamas, invitations, roles."""
from __future__ import annotations

from datetime import timedelta

from chamabora.core.chama import ChamaTerms, FineRule, Frequency, Role
from chamabora.core.commands import AssignRole, CreateChama, Invite, JoinChama, Register
from chamabora.core.errors import AlreadyRegistered, UnknownMember, UnknownRecipient
from chamabora.core.money import Money
from chamabora.core.schedule import add_months
from chamabora.services.people import membership
from chamabora.services.records import is_active_member, load_chama, member_id_by_phone
from chamabora.conversation.dispatcher import handles
from chamabora.conversation.messages import Reply
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.services.people.speakers import load_speaker
from chamabora.core.schedule import due_date
from chamabora.i18n.members import (CHAMA_CREATED, ERRORS, INVITATION, INVITATION_SENT, JOINED_WELCOME, REGISTERED,
                                    ROLE_NAMES)
from chamabora.i18n.officers import ROLE_ASSIGNED


def require_speaker(turn: Turn):  # type: ignore[no-untyped-def]
    if turn.speaker is None:
        raise UnknownMember("not registered")
    return turn.speaker


@handles(Register)
def register(turn: Turn, command: Register) -> Reply:
    if turn.speaker is not None:
        raise AlreadyRegistered("already registered")
    membership.register_member(turn.conn, turn.inbound.phone, command.name, turn.language)
    turn.speaker = load_speaker(turn.conn, turn.inbound.phone)
    return Reply(turn.t(REGISTERED, name=command.name))


def first_due(frequency: Frequency, today):  # type: ignore[no-untyped-def]
    if frequency is Frequency.MONTHLY:
        return add_months(today, 1)
    return today + timedelta(days={Frequency.DAILY: 1, Frequency.WEEKLY: 7, Frequency.BIWEEKLY: 14}[frequency])


@handles(CreateChama)
def create_chama(turn: Turn, command: CreateChama) -> Reply:
    speaker = require_speaker(turn)
    anchor = first_due(command.frequency, turn.today)
    terms = ChamaTerms(command.contribution, command.frequency, anchor, grace_days=3, fine=FineRule(Money(0)))
    chama = load_chama(turn.conn, membership.create_chama(turn.conn, speaker.id, command.name, terms))
    turn.forget_chamas()
    return Reply(turn.t(CHAMA_CREATED,
                        name=turn.label(chama.name), code=chama.join_code, amount=command.contribution,
                        due=anchor.strftime("%d/%m/%Y")))


@handles(JoinChama)
def join_chama(turn: Turn, command: JoinChama) -> Reply:
    speaker = require_speaker(turn)
    joined = membership.join_chama(turn.conn, speaker.id, command.code, turn.today)
    turn.forget_chamas()
    chama = load_chama(turn.conn, joined.chama_id)
    starts = due_date(chama.terms, joined.first_cycle).strftime("%d/%m/%Y")
    return Reply(turn.t(JOINED_WELCOME,
                        name=turn.label(chama.name), amount=chama.terms.contribution, due=starts))


@handles(Invite)
def invite(turn: Turn, command: Invite) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    text = turn.t(
        INVITATION,
        who=speaker.name, chama=turn.label(choice.name), code=choice.code)
    membership.send_invitation(turn.conn, choice.id, command.phone, text, turn.today)
    return Reply(turn.t(INVITATION_SENT, phone=command.phone))


@handles(AssignRole)
def assign_role(turn: Turn, command: AssignRole) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(None)
    if choice.role != Role.CHAIR.value:
        return Reply(only(turn, choice, ("chair",)))
    try:
        target = member_id_by_phone(turn.conn, command.phone)
    except UnknownMember as missing:
        raise UnknownRecipient("nobody registered with that phone", phone=command.phone) from missing
    if not is_active_member(turn.conn, choice.id, target):
        return Reply(turn.t(ERRORS["payee_not_member"]))
    membership.assign_role(turn.conn, choice.id, speaker.id, target, command.role)
    turn.forget_chamas()
    return Reply(turn.t(ROLE_ASSIGNED,
                        phone=command.phone, role=turn.t(ROLE_NAMES[command.role.value]), chama=turn.label(choice.name)))
