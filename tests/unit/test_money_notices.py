"""Every notice the money rules send has its Swahili form with the same placeholders."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from chamabora.i18n.catalogs import catalog, translate
from chamabora.services.notices import money as notices

NOTICES = Path(notices.__file__)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def notice_msgids() -> set[str]:
    return {message for _line, message, _comments, _context
            in extract_from_file("python", str(NOTICES), keywords={"_": None}, comment_tags=())}


def test_every_notice_has_swahili_with_the_same_placeholders():
    swahili = catalog("sw")
    msgids = notice_msgids()
    assert len(msgids) >= 12
    assert sorted(m for m in msgids if not swahili.get(m)) == []
    assert [m for m in msgids if set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(swahili[m]))] == []


def test_a_notice_reads_in_swahili():
    text = translate("sw", notices.LOAN_REPAID, chama="Umoja")
    assert text == "Umoja: mkopo wako umelipwa wote. Asante!"
