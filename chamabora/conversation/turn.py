"""One turn of a conversation: who is speaking, in which language, and the
database connection of the unit of work the turn runs in."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from chamabora.core.errors import ChamaError, NotAMember
from chamabora.ops.logs import bind
from chamabora.services.people import speakers
from chamabora.services.people.speakers import ChamaChoice, Speaker
from chamabora.i18n.catalogs import translate
from chamabora.conversation.messages import ChannelKind, Inbound

USSD_NAME = 20


class NoChama(NotAMember):
    code = "no_chama"


def _by_code_or_name(mine: list[ChamaChoice], said: str) -> ChamaChoice:
    """A member says `UMJ7K2` or `Umoja`: the code wins; a name two of their chamas share is asked about."""
    wanted = " ".join(said.split()).upper()
    for choice in mine:
        if choice.code == wanted:
            return choice
    named = [c for c in mine if wanted in {" ".join(c.name.split()).upper(), "".join(c.name.split()).upper()}]
    if len(named) > 1:
        raise SameName("two of the member's chamas have that name", name=named[0].name,
                       codes=", ".join(c.code for c in named))
    if not named:
        raise NotAMember("not a member of that chama", chama=said)
    return named[0]


class SameName(ChamaError):
    code = "same_name"


class NeedsChama(ChamaError):
    """The member belongs to several chamas and did not say which."""

    code = "needs_chama"


@dataclass
class Turn:
    conn: Connection
    inbound: Inbound
    today: date
    speaker: Speaker | None
    language: str = "en"
    notes: dict[str, object] = field(default_factory=dict)

    def t(self, msgid: str, **values: object) -> str:
        return translate(self.language, msgid, **values)

    @property
    def compact(self) -> bool:
        """Replies must fit one small screen (USSD)."""
        return self.inbound.channel is ChannelKind.USSD

    def label(self, name: str) -> str:
        """A chama's name as this channel can show it: a USSD screen has room for 20 characters."""
        if self.inbound.channel is ChannelKind.USSD and len(name) > USSD_NAME:
            return name[:USSD_NAME - 1].rstrip() + "."
        return name

    def my_chamas(self) -> list[ChamaChoice]:
        """The member's chamas, read once per turn (a USSD screen asks several times)."""
        if self.speaker is None:
            return []
        cached = self.notes.get("my_chamas")
        if cached is not None and cached[0] == self.speaker.id:
            return cached[1]  # type: ignore[index, no-any-return]
        found = speakers.member_chamas(self.conn, self.speaker.id)
        self.notes["my_chamas"] = (self.speaker.id, found)
        return found

    def forget_chamas(self) -> None:
        """After joining or creating a chama the cached list is stale."""
        self.notes.pop("my_chamas", None)

    def pick_chama(self, code: str | None) -> ChamaChoice:
        """The chama a command is about: the one named by its code or its name, or the member's only one."""
        mine = self.my_chamas()
        code = code or self.notes.get("focus_chama")  # type: ignore[assignment]
        if code:
            chosen = _by_code_or_name(mine, code)
            bind(chama_id=chosen.id)
            return chosen
        if not mine:
            raise NoChama("not in any chama")
        if len(mine) > 1:
            raise NeedsChama("which chama?", codes=", ".join(c.code for c in mine))
        return mine[0]

    def set_language(self, language: str) -> None:
        if self.speaker is not None:
            speakers.set_language(self.conn, self.speaker.id, language)
        self.language = language

