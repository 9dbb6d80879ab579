"""What an operator sees: one structured log line per webhook with its
request id and nothing a member would not want logged, Prometheus metrics
behind their token, readiness, and errors in each caller's own format."""
import io
import json
import re
import logging
import os
import shutil

import pytest
from rq import Worker

from chamabora.ops import logs
from chamabora.config.ops import OpsSettings
from tests.e2e.messaging import JANE, TOKEN, at_sms, messaging, signed, twilio_form
from tests.e2e.ussd_client import Dialer, register

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AT = f"/sms/africastalking?token={TOKEN}"


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path))


@pytest.fixture
def log_lines(app):
    stream = io.StringIO()
    handler = logs.configure("INFO", "json", stream)
    yield stream
    logging.getLogger().removeHandler(handler)


def parsed(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_one_json_line_per_webhook_with_its_request_id_and_no_phone_pin_or_money_words(app, log_lines):
    client = app.test_client()
    register(Dialer(client, JANE), pin="4826")
    client.post(AT, data=at_sms(JANE, "PAY 750"), headers={"X-Request-Id": "req-from-gateway-1"})
    written = log_lines.getvalue()
    # a generated request id is random hex and may hold "750" or "4826"; what we wrote may not
    ours = re.sub(r'"request_id": "[0-9a-f]{16}"', '"request_id": ""', written)
    assert JANE not in ours and "4826" not in ours and "750" not in ours and TOKEN not in ours
    requests = [line for line in parsed(log_lines) if line["logger"] == "chamabora.http"]
    assert [r["route"] for r in requests] == ["/ussd/africastalking"] * 5 + ["/sms/africastalking"]
    sms = requests[-1]
    assert (sms["request_id"], sms["channel"], sms["status"]) == ("req-from-gateway-1", "sms", 200)
    assert sms["member_id"] and isinstance(sms["duration_ms"], float)
    assert len({r["request_id"] for r in requests}) == 6


def test_each_outside_call_is_one_line_with_provider_duration_and_outcome(app, log_lines):
    app.test_client().post(AT, data=at_sms(JANE, "REGISTER Jane Wanjiru"))
    [call] = [line for line in parsed(log_lines) if line["logger"] == "chamabora.outside"]
    assert (call["provider"], call["operation"], call["outcome"], call["purpose"]) == (
        "simulator", "send_sms", "ok", "reply")
    assert call["duration_ms"] >= 0 and call["member_id"] and call["request_id"]


def test_the_request_id_is_echoed_or_made(app):
    client = app.test_client()
    assert client.get("/healthz", headers={"X-Request-Id": "lb-trace-0042"}).headers["X-Request-Id"] == "lb-trace-0042"
    made = client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"}).headers["X-Request-Id"]
    assert len(made) == 16 and " " not in made


def metric(text, name, **labels):
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
        if not labels and line.startswith(f"{name} "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0 if wanted else None


def test_metrics_need_the_token_as_bearer_or_query(app):
    client = app.test_client()
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get(f"/metrics?token={TOKEN}").status_code == 200


def test_metrics_token_can_differ_from_the_webhook_secret(engine, make_app):
    app = make_app(engine.url.render_as_string(hide_password=False), ops=OpsSettings(metrics_token="scrape-only"))
    client = app.test_client()
    assert client.get(f"/metrics?token={TOKEN}").status_code == 403
    assert client.get("/metrics?token=scrape-only").status_code == 200


def test_metrics_count_webhooks_ussd_hops_messages_and_read_the_outbox(app):
    client = app.test_client()
    before = client.get(f"/metrics?token={TOKEN}").get_data(as_text=True)
    jane = Dialer(client, JANE)
    register(jane)
    jane.dial()
    jane.press("1")
    assert jane.press("NOPE1").startswith("CON No chama has that code")  # asked again
    for typed in ("00", "2", "Umoja", "500"):  # she starts one instead
        jane.press(typed)
    assert jane.press("2").startswith("END Umoja is ready")
    client.post(AT, data=at_sms(JANE, "BAL"))
    text = client.get(f"/metrics?token={TOKEN}").get_data(as_text=True)

    def grew(name, **labels):
        return metric(text, name, **labels) - metric(before, name, **labels)

    assert grew("chamabora_http_request_duration_seconds_count", route="/sms/africastalking", method="POST") == 1
    assert grew("chamabora_http_responses_total", route="/ussd/africastalking", status="200") == 13
    assert grew("chamabora_ussd_hops_total", screen="con") == 12 and grew("chamabora_ussd_hops_total", screen="end") == 1
    assert grew("chamabora_ussd_session_ends_total", how="end_screen") == 1
    assert grew("chamabora_inbound_messages_total", channel="sms", provider="africastalking") == 1
    assert grew("chamabora_messages_sent_total", channel="sms", provider="simulator", outcome="sent") >= 1
    for family in ("chamabora_outbox_depth", "chamabora_outbox_oldest_seconds", "chamabora_inbound_waiting",
                   "chamabora_reconciliation_backlog", "chamabora_fraud_reviews"):
        assert f"# TYPE {family} gauge" in text
    assert metric(text, "chamabora_reconciliation_backlog", kind="stk") == 0


def test_metrics_read_rq_queue_lag_where_redis_runs(engine, make_app):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    text = app.test_client().get(f"/metrics?token={TOKEN}").get_data(as_text=True)
    assert metric(text, "chamabora_queue_depth", queue="reply") == 0
    assert metric(text, "chamabora_queue_lag_seconds", queue="money") == 0
    assert metric(text, "chamabora_workers_alive") == 0


def test_readyz_wants_the_schema_at_head_and_a_worker_seen_lately(engine, make_app):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    client = app.test_client()
    waiting = client.get("/readyz")
    assert waiting.status_code == 503
    checks = waiting.get_json()["checks"]
    assert checks["database"] == checks["migrations"] == checks["redis"] == "ok"
    assert checks["workers"].startswith("error: no RQ worker seen")
    worker = Worker(["reply"], connection=connection)
    worker.register_birth()
    worker.heartbeat()
    assert client.get("/readyz").get_json() == {"status": "ok", "checks": {
        "database": "ok", "migrations": "ok", "redis": "ok", "workers": "ok"}}
    worker.register_death()


def test_readyz_refuses_a_schema_behind_the_code(sqlite_template, tmp_path, make_app):
    from sqlalchemy import create_engine, text

    path = tmp_path / "behind.db"
    shutil.copy(sqlite_template, path)
    with create_engine(f"sqlite:///{path}").begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    response = make_app(f"sqlite:///{path}").test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["migrations"].startswith("error: schema at 0001")


def test_a_browser_gets_an_html_page_and_a_script_gets_json(app):
    client = app.test_client()
    page = client.get("/nowhere", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 404 and page.mimetype == "text/html" and "There is nothing here." in page.get_data(as_text=True)
    api = client.get("/nowhere", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.get_json()["error"] == "not_found"


@pytest.fixture
def broken_app(tmp_path, make_app):
    (tmp_path / "db").mkdir()   # a directory where the database file should be: every query fails
    return make_app(f"sqlite:///{tmp_path}/db", messaging=messaging(tmp_path))


def test_a_failing_webhook_answers_in_its_providers_format_without_a_stack_trace(broken_app):
    client = broken_app.test_client()
    at = client.post(AT, data=at_sms(JANE, "BAL"))
    assert at.status_code == 503 and at.get_data() == b""        # Africa's Talking delivers it again
    form = twilio_form(JANE, "BAL")
    twilio = client.post("/sms/twilio", data=form, headers=signed("/sms/twilio", form))
    assert twilio.status_code == 200 and twilio.get_data(as_text=True).endswith("<Response></Response>")
    page = client.get("/simulator/outbox", headers={"Accept": "text/html"})
    assert page.status_code == 500 and "Something went wrong" in page.get_data(as_text=True)
    for response in (at, twilio, page):
        assert b"Traceback" not in response.get_data() and b"sqlite" not in response.get_data().lower()
