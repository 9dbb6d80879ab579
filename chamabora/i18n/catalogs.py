"""English and Swahili for every string a member sees.

Msgids are the English text with %(name)s placeholders; Swahili comes from
the gettext catalogs under `locale/sw/LC_MESSAGES/` (managed with Babel:
`pybabel extract` finds the `_()` calls). Every .po file there is loaded, so
each area keeps its own file. A msgid with no Swahili falls back to English,
and `tests/unit/conversation/test_i18n.py` fails the build when that happens.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "sw")


def _(msgid: str) -> str:
    """Marks a string for extraction; translation happens in `translate`."""
    return msgid


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for po in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string and not message.fuzzy:
                    table[str(message.id)] = str(message.string)
    return table


def translate(language: str, msgid: str, **values: object) -> str:
    text = catalog(language).get(msgid, msgid) if language != "en" else msgid
    return text % values if values else text
