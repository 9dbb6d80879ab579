"""Every notice and reply about a loan decision fits one 160-character SMS in
English and Swahili with the longest realistic values (names cut by
`labels.label`, amounts in the millions, six-digit loan numbers)."""
import pytest

from chamabora.i18n.gsm7 import gsm7_length, is_gsm7
from chamabora.i18n.catalogs import translate
from chamabora.i18n.members import LOAN_WITHDRAWN
from chamabora.i18n.officers import LOAN_ALREADY, LOAN_UNKNOWN
from chamabora.services.lending import loan_notices
from chamabora.services.notices import money as notices
from chamabora.services.labels import label

LONG = {"chama": label("Umoja Women Self Help Group of Kibera Ward"), "borrower": label("Jane Wanjiru Kamau-Otieno"),
        "guarantor": label("Jane Wanjiru Kamau-Otieno"), "officer": label("Jane Wanjiru Kamau-Otieno"),
        "amount": "KES 1,234,567", "threshold": "KES 1,000,000", "months": 60, "loan": 123456}
TEMPLATES = [loan_notices.LOAN_WAITS, loan_notices.LOAN_GUARANTEED, loan_notices.GUARANTEE_REFUSED,
             loan_notices.LOAN_TURNED_DOWN, notices.LOAN_NEEDS_CHAIR, LOAN_UNKNOWN,
             LOAN_WITHDRAWN, *LOAN_ALREADY.values()]


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("msgid", TEMPLATES)
def test_the_loan_notice_fits_one_sms(msgid, language):
    text = translate(language, msgid, **LONG)
    assert gsm7_length(text) <= 160 and is_gsm7(text), text
    assert language == "en" or text != msgid
