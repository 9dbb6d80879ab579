"""What never reaches a log line or Sentry: PINs, OTPs, tokens, full phone
numbers and the words of a money command, whoever logs them."""
import io
import json
import logging

import pytest

from chamabora.ops import logs
from chamabora.ops.sentry import scrub


@pytest.fixture
def lines():
    stream = io.StringIO()
    handler = logs.configure("INFO", "json", stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


@pytest.mark.parametrize("said, secret", [
    ("member entered pin=4321", "4321"), ("OTP: 998877 sent", "998877"), ("token=s3cr3t-value", "s3cr3t-value"),
    ('{"api_key": "k-123456"}', "k-123456"), ("Authorization: Bearer abcdef123456", "abcdef123456"),
    ("new_pin=2468 confirmed", "2468"),
])
def test_secrets_in_free_text_are_redacted(said, secret):
    assert secret not in logs.redact(said) and "[redacted]" in logs.redact(said)


@pytest.mark.parametrize("phone", ["+254712345678", "254712345678", "0712345678", "0112345678"])
def test_full_phone_numbers_are_masked_in_every_form_we_accept(phone):
    masked = logs.redact(f"message from {phone} answered")
    assert phone not in masked and masked.endswith("678 answered") and "****" in masked


@pytest.mark.parametrize("command", ["PAY 500 UMOJA", "lipa 1,500", "REPAY 1000", "WITHDRAW 2000",
                                     "LOAN 5000 6 MONTHS", "MKOPO 5000 MIEZI 6", "SAVE 500 School fees"])
def test_a_money_commands_words_never_reach_a_line(command):
    redacted = logs.redact(f"could not answer {command}")
    assert "[money command]" in redacted and command.split()[1] not in redacted.split("[")[0].split()[-1:]
    assert not any(ch.isdigit() for ch in redacted)


def test_sql_parameters_in_an_exception_are_not_logged(lines):
    try:
        raise RuntimeError("(psycopg.errors.UniqueViolation) duplicate key [SQL: INSERT INTO members (phone) "
                           "VALUES (%(phone)s)] [parameters: {'phone': '+254712345678', 'pin_hash': 'x'}]")
    except RuntimeError:
        logging.getLogger("chamabora.test").exception("insert failed")
    [line] = lines()
    assert "+254712345678" not in json.dumps(line) and "pin_hash" not in json.dumps(line)
    assert "UniqueViolation" in line["exception"]


def test_fields_named_for_secrets_or_bodies_are_dropped_and_the_context_is_on_every_line(lines):
    with logs.scope(request_id="req-123456", channel="sms"):
        logs.bind(member_id=7, chama_id=3)
        logging.getLogger("chamabora.test").info("answered", extra={"pin": "1234", "text": "PAY 500",
                                                                   "phone": "+254712345678"})
    [line] = lines()
    assert line["pin"] == "[redacted]" and line["text"] == "[7 chars]" and line["phone"] == "+25471****678"
    assert (line["request_id"], line["channel"], line["member_id"], line["chama_id"]) == ("req-123456", "sms", 7, 3)
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "chamabora.test", "answered")


def test_the_context_ends_with_its_scope():
    with logs.scope(request_id="one-request"):
        logs.bind(member_id=1)
        with logs.scope(inherit=True, inbound_id=5):
            logs.bind(member_id=2)
            assert logs.current() == {"request_id": "one-request", "member_id": 2, "inbound_id": 5}
        assert logs.current() == {"request_id": "one-request", "member_id": 1}
    assert logs.current() == {}


def test_readable_lines_locally_carry_the_same_fields():
    stream = io.StringIO()
    handler = logs.configure("INFO", "text", stream)
    try:
        with logs.scope(request_id="req-abcdef"):
            logging.getLogger("chamabora.test").info("request", extra={"status": 200, "route": "/healthz"})
    finally:
        logging.getLogger().removeHandler(handler)
    line = stream.getvalue().strip()
    assert "INFO    chamabora.test request" in line and "status=200" in line and "request_id=req-abcdef" in line


def test_sentry_events_lose_bodies_headers_local_variables_and_secrets():
    event = {"request": {"url": "https://x/sms", "data": {"text": "PAY 500"}, "headers": {"X-Webhook-Token": "t"},
                         "query_string": "token=abc", "cookies": {"s": "1"}},
             "exception": {"values": [{"value": "pin=1234 for +254712345678",
                                       "stacktrace": {"frames": [{"function": "f", "vars": {"pin": "1234"}}]}}]},
             "breadcrumbs": {"values": [{"message": "PAY 500 UMOJA from 0712345678"}]}}
    cleaned = json.dumps(scrub(event, {}))
    assert not any(s in cleaned for s in ("1234", "+254712345678", "0712345678", "PAY 500", "token=abc", '"t"'))
    assert '"url": "https://x/sms"' in cleaned
