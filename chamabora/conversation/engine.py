"""The engine: one inbound message in, one localised reply out.

Each message is one unit of work. The handler runs inside a savepoint: when
it refuses (a core error), its writes are undone but the message and the
friendly reply are still recorded, so a provider's retry gets the same answer
and nothing happens twice.
"""
from __future__ import annotations

from sqlalchemy import Connection

from chamabora.core.commands import ForwardConfirmation
from chamabora.core.errors import ChamaError
from chamabora.core.schedule import today_in_nairobi
from chamabora.ops.logs import bind
from chamabora.outbox.store import PENDING_IDS
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_parser import normalise, parse_command
from chamabora.parser.mpesa_parser import looks_like_confirmation
from chamabora.services.people.answered import earlier_reply, record_answer
from chamabora.services.people.speakers import ChamaChoice, Speaker, load_speaker_and_chamas
from chamabora.conversation import handlers  # noqa: F401 - registers every handler
from chamabora.conversation import throttle
from chamabora.conversation.dispatcher import READ_ONLY, dispatch
from chamabora.conversation.errors import error_reply_text
from chamabora.conversation.hints import member_hint
from chamabora.conversation.messages import Inbound, Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.welcome import welcome

# Words only Swahili uses, and words only English uses, from what people send a chama service.
SWAHILI_WORDS = frozenset("""sajili jisajili kujisajili jiunge kujiunga lipa kulipa nilipe salio taarifa zamu
faini mkopo kukopa lengo weka kuweka kubali kataa cheo lugha msaada saidia acha anza unda alika kabidhi toa kutoa
gawa boresha sheria changa changia kuchangia habari jambo mambo sasa vipi niaje hujambo shikamoo nataka ninataka
naomba nimelipa tafadhali asante sana ya wa na kwa yangu wangu changu kiasi pesa chama kila mwezi wiki siku
ndio hapana nini gani je tuma""".split())
ENGLISH_WORDS = frozenset("""hi hello hey good morning evening register join pay balance statement loan help
please want need my the to i how what is of for send check thanks thank you yes no""".split())
GREETINGS = frozenset("""hi hello hey hallo habari jambo mambo sasa niaje hujambo salaam shikamoo vipi
good morning evening afternoon yako zenu za asubuhi mchana jioni""".split())


def guess_language(text: str) -> str:
    """A stranger's language from the whole message: more Swahili words than English ones means Swahili."""
    words = normalise(text or "").casefold().lstrip("#*").split()
    swahili = sum(w in SWAHILI_WORDS for w in words)
    return "sw" if swahili and swahili >= sum(w in ENGLISH_WORDS for w in words) else "en"


def is_greeting(text: str) -> bool:
    words = [w.strip("!.,?") for w in normalise(text or "").casefold().split()]
    return 0 < len(words) <= 3 and words[0] in GREETINGS and all(w in GREETINGS | SWAHILI_WORDS | ENGLISH_WORDS
                                                                  for w in words)


def open_turn(conn: Connection, inbound: Inbound,
              known: tuple[Speaker, list[ChamaChoice]] | None = None) -> Turn:
    """`known`: the speaker and chamas a USSD session already read, when nothing has changed since."""
    speaker, mine = known if known is not None else load_speaker_and_chamas(conn, inbound.phone)
    language = speaker.language if speaker else guess_language(inbound.text)
    turn = Turn(conn, inbound, today_in_nairobi(inbound.received_at), speaker, language)
    if speaker is not None:
        turn.notes["my_chamas"] = (speaker.id, mine)
        bind(member_id=speaker.id, chama_id=mine[0].id if len(mine) == 1 else None)
    return turn


def run_command(turn: Turn, command: object) -> Reply:
    """Dispatch inside a savepoint; a refusal undoes the handler's writes and becomes a reply."""
    if type(command) in READ_ONLY:
        try:
            return dispatch(turn, command)
        except ChamaError as error:
            return Reply(error_reply_text(turn, error), refused=True)
    pending = list(turn.conn.info.get(PENDING_IDS, []))
    try:
        with turn.conn.begin_nested():
            return dispatch(turn, command)
    except ChamaError as error:
        turn.conn.info[PENDING_IDS] = pending  # the undone rows must not be dispatched
        return Reply(error_reply_text(turn, error), refused=True)


def read(turn: Turn) -> Reply:
    text = turn.inbound.text or ""
    # a picture with no words is a member sending a receipt as proof
    if looks_like_confirmation(text) or (turn.inbound.media and not text.strip()):
        return run_command(turn, ForwardConfirmation(text))
    if is_greeting(text):
        return Reply(welcome(turn))
    try:
        command = parse_command(text, turn.today)
    except ParseFailure as failure:
        return Reply(member_hint(turn, failure, text), refused=True)
    return run_command(turn, command)


def answer(conn: Connection, inbound: Inbound) -> Reply:
    """Reply to an SMS or WhatsApp message, once per provider message id."""
    if inbound.provider_message_id:
        earlier = earlier_reply(conn, inbound.provider, inbound.provider_message_id)
        if earlier is not None:
            return Reply(earlier)
    turn = open_turn(conn, inbound)
    limited = throttle.over_limit(turn)
    reply = read(turn) if limited is None else limited
    if inbound.provider_message_id:
        record_inbound(conn, inbound, turn, reply)
    return reply


def record_inbound(conn: Connection, inbound: Inbound, turn: Turn, reply: Reply) -> None:
    record_answer(conn, channel=inbound.channel.value, provider=inbound.provider,
                  provider_message_id=inbound.provider_message_id or "", phone=inbound.phone,
                  member_id=turn.speaker.id if turn.speaker else None, text=inbound.text,
                  reply=reply.text, received_at=inbound.received_at)
