"""Every withdrawal, share-out, rule and push-code notice fits one 160-character
SMS in English and Swahili, with the longest realistic values (names cut by
`labels.label`, amounts in the millions, six-digit references)."""
import pytest

from chamabora.i18n.gsm7 import is_gsm7
from chamabora.i18n.catalogs import translate
from chamabora.i18n import mpesa as texts
from chamabora.services.people import push_enrolment as enrolment
from chamabora.i18n import members as to_members
from chamabora.i18n import officers as to_officers
from chamabora.services.labels import label

LONG = {"chama": label("Umoja Women Self Help Group of Kibera Ward"), "member": label("Jane Wanjiru Kamau-Otieno"),
        "who": label("Jane Wanjiru Kamau-Otieno"), "amount": "KES 1,234,567.89", "total": "KES 12,345,678",
        "pool": "KES 1,234,567.89", "savings": "KES 1,234,567.89", "share": "KES 123,456.78", "left": "KES 1,234,567.89",
        "ref": "W123456", "count": 100, "receipt": "QGH7XK2L9P", "reason": ("x" * 80 + ", 2001")[:30], "code": "123456",
        "when": "05/02/2027", "rules": "fine 5.5% of the unpaid a day late, at most KES 100,000"}
TEMPLATES = [to_officers.WITHDRAWAL_ASKED, to_members.WITHDRAWAL_REJECTED, to_officers.SHAREOUT_ASKED,
             to_officers.SHAREOUT_REJECTED, texts.WITHDRAWAL_SENT, texts.SHARE_OUT_SENT,
             texts.WITHDRAWAL_NOT_SENT, texts.OFFICERS_WITHDRAWAL_NOT_SENT, enrolment.CODE_SMS,
             to_members.RULES_CHANGED, to_members.RULES_CHANGED_NOW]


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("msgid", TEMPLATES)
def test_the_notice_fits_one_sms(msgid, language):
    text = translate(language, msgid, **LONG)
    assert len(text) <= 160 and is_gsm7(text), text
