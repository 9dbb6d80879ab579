"""Every string a member sees has its Swahili form, with the same placeholders."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from chamabora.i18n.catalogs import catalog, translate

ROOT = Path(__file__).resolve().parents[3] / "chamabora"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# the web's pages: Jinja templates call _() the same way (newstyle gettext)
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]


def member_facing_msgids() -> set[str]:
    found = set()
    for package in ("conversation", "channels", "i18n", "services", "notify", "fraud", "push"):
        folder = ROOT / package
        if folder.exists():
            for _file, _line, message, _comments, _context in extract_from_dir(
                    str(folder), method_map=METHODS, keywords={"_": None}, comment_tags=()):
                found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_code_has_member_facing_strings_to_check():
    assert len(member_facing_msgids()) > 40


def test_every_member_facing_string_has_a_swahili_translation():
    swahili = catalog("sw")
    missing = sorted(m for m in member_facing_msgids() if not swahili.get(m))
    assert missing == []


def test_translations_keep_every_placeholder():
    swahili = catalog("sw")
    broken = [m for m in member_facing_msgids()
              if m in swahili and set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(swahili[m]))]
    assert broken == []


def test_translate_fills_placeholders_in_the_members_language():
    msgid = "Invitation sent to %(phone)s."
    assert translate("en", msgid, phone="+254712345678") == "Invitation sent to +254712345678."
    assert translate("sw", msgid, phone="+254712345678") == "Mwaliko umetumwa kwa +254712345678."


def test_no_msgid_is_translated_two_ways_in_different_catalogs():
    """Every .po file is loaded and a later one silently wins: one idea, one Swahili wording."""
    from babel.messages.pofile import read_po

    from chamabora.i18n.catalogs import LOCALE_DIR

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted((LOCALE_DIR / "sw" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle, locale="sw"):
                if not message.id or not message.string:
                    continue
                earlier = seen.setdefault(str(message.id), (str(message.string), po.name))
                if earlier[0] != message.string:
                    clashes.append((message.id, earlier[1], po.name))
    assert clashes == []
