"""The three outcomes: parsed, unrecognised (looks like M-Pesa, matches no kind) and not a confirmation."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chamabora.core.errors import ChamaError
from chamabora.parser.mpesa_errors import UnrecognisedMessage, MpesaParseFailure, NotAConfirmation
from chamabora.parser.mpesa_parser import Outcome, classify, parse_mpesa

GENUINE = ("QLR45W5W0K Confirmed. Ksh2,528.00 sent to KIPRONO VINCENT 0725390765 on 27/12/22 at 9:25 PM. "
           "New M-PESA balance is Ksh585.26. Transaction cost, Ksh51.00.")


@pytest.mark.parametrize(
    "tampered",
    [GENUINE.replace("Ksh2,528.00", "Ksh25,28.00"), GENUINE.replace("Ksh2,528.00", "Ksh 2 528.00"),
     GENUINE.replace("Ksh2,528.00", "Ksh2,528.000"), GENUINE.replace("27/12/22", "32/12/22"),
     GENUINE.replace(" sent to", ""), GENUINE.replace("Confirmed.", "Confirmed. Confirmed."),
     GENUINE[:60], GENUINE.replace("9:25 PM", "9.25 PM")],
)
def test_tampered_confirmations_are_reported_as_unrecognised_with_their_code(tampered):
    with pytest.raises(UnrecognisedMessage) as caught:
        parse_mpesa(tampered)
    assert caught.value.receipt_code == "QLR45W5W0K"
    assert caught.value.code == "mpesa_unrecognised"


@pytest.mark.parametrize(
    "chat",
    ["Habari yako, nimetuma pesa jana", "PAY 500 UMOJA", "I sent the money yesterday", "BAL", "Sawa asante sana",
     "Meeting on 27/12/22 at 9:25 PM", "  ", "Call me on 0725390765"],
)
def test_plain_chat_is_not_a_confirmation(chat):
    with pytest.raises(NotAConfirmation) as caught:
        parse_mpesa(chat)
    assert caught.value.code == "mpesa_not_a_confirmation"


def test_non_text_input_is_not_a_confirmation():
    with pytest.raises(NotAConfirmation):
        parse_mpesa(None)


def test_classify_reports_each_outcome_without_raising():
    outcomes = [classify(text)[0] for text in (GENUINE, GENUINE.replace("Ksh2,528.00", "Ksh2,5280.00"), "hello")]
    assert outcomes == [Outcome.PARSED, Outcome.UNRECOGNISED, Outcome.NOT_A_CONFIRMATION]


def test_both_failures_share_one_root_under_chama_error_with_a_hint():
    for failure in (UnrecognisedMessage, NotAConfirmation):
        assert issubclass(failure, MpesaParseFailure) and issubclass(failure, ChamaError)
        assert failure().hint


def test_an_overlong_text_is_refused_not_parsed():
    assert classify(GENUINE * 40)[0] is Outcome.UNRECOGNISED


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_raises_nothing_but_a_parse_failure(text):
    try:
        parse_mpesa(text)
    except MpesaParseFailure as failure:
        assert failure.code in {"mpesa_unrecognised", "mpesa_not_a_confirmation"}


WORDS = st.sampled_from(["Confirmed.", "Ksh1,000.00", "sent", "to", "on", "at", "27/12/22", "9:25", "PM", "New",
                         "M-PESA", "balance", "is", "QLR45W5W0K", "0725390765", "from", "You", "have", "received",
                         "Imethibitishwa", "Umepokea", "kutoka", "Failed.", "Transaction", "cost,", "Ksh0.00", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_shuffled_confirmation_words_raise_nothing_but_a_parse_failure(text):
    try:
        message = parse_mpesa(text)
    except MpesaParseFailure:
        return
    assert message.raw == text
