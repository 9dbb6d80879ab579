"""The officers' views and the notices people expect fit one 160-character SMS
in English and Swahili with the longest realistic values (names cut by
`labels.label`, amounts in the millions)."""
import pytest

from chamabora.i18n.gsm7 import is_gsm7
from chamabora.i18n.catalogs import translate
from chamabora.i18n import members as to_members
from chamabora.i18n import officers as to_officers
from chamabora.i18n import mpesa as texts
from chamabora.services.notices import money as notices
from chamabora.services.labels import label

LONG = {"chama": label("Umoja Women Self Help Group of Kibera Ward"), "member": label("Jane Wanjiru Kamau-Otieno"),
        "who": label("Jane Wanjiru Kamau-Otieno"), "amount": "KES 1,234,567.89", "owed": "KES 12,345,678.90",
        "shillings": 12345679, "count": 100, "receipt": "QGH7XK2L9P", "code": "QGH7XK2L9P", "due": "31/12/2027",
        "role": "mweka hazina", "goal": label("School fees for all our children"), "target": "KES 12,345,678",
        "by": "31/12/2027", "share": "KES 123,456.78"}
NOTICES = [notices.JOINED, notices.ROLE_GIVEN, notices.FINE_CHARGED, texts.POT_SENT,
           to_members.CLAIM_CONFIRMED, to_members.GROUP_GOAL_TOLD, to_officers.GROUP_GOAL_SET]


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("msgid", NOTICES)
def test_the_notice_fits_one_sms(msgid, language):
    text = translate(language, msgid, **LONG)
    assert len(text) <= 160 and is_gsm7(text), text


@pytest.mark.parametrize("language", ["en", "sw"])
def test_a_role_word_is_in_the_member_language(language):
    assert translate(language, notices.ROLE_WORDS["treasurer"]) == {"en": "treasurer", "sw": "mweka hazina"}[language]


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("msgid", [to_officers.ROLL_HEAD, to_officers.PENDING_HEAD, to_officers.LOG_HEAD,
                                   to_members.GOALS_HEAD])
def test_a_view_heading_leaves_room_for_its_lines(msgid, language):
    text = translate(language, msgid, chama=LONG["chama"], due="31/12/2027", paid=100, count=100)
    assert len(text) <= 80 and is_gsm7(text), text
