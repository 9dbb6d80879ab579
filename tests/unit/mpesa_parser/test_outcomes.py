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
    "tampered",
    [GENUINE.replace("KIPRONO VINCENT", "KIPRONO on 5/6/26 VINCENT"), GENUINE.replace("VINCENT", "VINCENT 1/2/24"),
     GENUINE.replace("on 27/12/22 at 9:25 PM", "on 27/12/22"), GENUINE.replace("at 9:25 PM", "on 9:25 PM")],
)
def test_a_date_or_time_that_is_not_a_whole_one_breaks_the_text_rather_than_joining_a_name(tampered):
    # WHEN reads a whole "on date at time" as one token; its parts must still break a text that has a
    # stray date inside the payee's name, as they did before they were one token
    with pytest.raises(UnrecognisedMessage) as caught:
        parse_mpesa(tampered)
    assert caught.value.receipt_code == "QLR45W5W0K"


def test_a_code_and_confirmed_read_as_one_token_or_two_give_the_same_message():
    together = parse_mpesa(GENUINE)
    apart = parse_mpesa(GENUINE.replace("QLR45W5W0K Confirmed.", "Confirmed."))
    assert together.code == "QLR45W5W0K" and apart.code is None
    assert together.occurred_at == apart.occurred_at and together.amount == apart.amount
    failed = classify("QLR45W5W0K Failed. Insufficient funds in your M-PESA account")
    assert failed[0] is Outcome.PARSED and failed[1].code == "QLR45W5W0K"


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
