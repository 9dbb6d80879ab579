"""The service from outside: settings, health, and the operator command line."""
import pytest

from chamabora.settings import Settings, SettingsError


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_healthz_checks_redis_where_it_is_configured(engine, make_app):
    import os

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=url)
    assert app.test_client().get("/healthz").get_json()["checks"]["redis"] == "ok"


def test_healthz_reports_503_when_the_database_is_gone(tmp_path, make_app):
    # a directory where the database file should be: SQLite cannot open it
    (tmp_path / "db").mkdir()
    app = make_app(f"sqlite:///{tmp_path}/db", redis_url="redis://127.0.0.1:1/0")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"].startswith("error") and checks["redis"].startswith("error")


def test_unknown_paths_get_a_json_404_not_a_crash(client):
    response = client.post("/nowhere", data="x")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("environ, problem", [
    ({"CHAMABORA_ENV": "production", "WEBHOOK_SECRET": "s", "MPESA_MODE": "sandbox"}, "PostgreSQL"),
    ({"CHAMABORA_ENV": "production", "DATABASE_URL": "postgresql://db/chamabora", "MPESA_MODE": "sandbox"},
     "WEBHOOK_SECRET"),
    ({"CHAMABORA_ENV": "production", "DATABASE_URL": "postgresql://db/c", "WEBHOOK_SECRET": "s"}, "simulator"),
    ({"CHAMABORA_ENV": "staging"}, "CHAMABORA_ENV"),
    ({"CHAMABORA_ENV": "production", "DATABASE_URL": "postgresql://db/c", "WEBHOOK_SECRET": "s",
      "MPESA_MODE": "sandbox", "SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"CHAMABORA_ENV": "production", "DATABASE_URL": "postgresql://db/c", "WEBHOOK_SECRET": "s",
      "MPESA_MODE": "sandbox", "SECRET_KEY": "k" * 40, "WEB_SECURE_COOKIES": "false"}, "WEB_SECURE_COOKIES"),
])
def test_production_refuses_to_start_unsafe(environ, problem):
    with pytest.raises(SettingsError, match=problem):
        Settings.from_env(environ)


def test_production_starts_with_postgres_and_its_secrets():
    mpesa = {"MPESA_CONSUMER_KEY": "key", "MPESA_CONSUMER_SECRET": "secret", "MPESA_PASSKEY": "passkey",
             "MPESA_INITIATOR_NAME": "api", "MPESA_SECURITY_CREDENTIAL": "credential",
             "MPESA_CALLBACK_BASE_URL": "https://chama.example"}
    settings = Settings.from_env({"CHAMABORA_ENV": "production", "DATABASE_URL": "postgresql://db/c",
                                  "WEBHOOK_SECRET": "s", "MPESA_MODE": "production", "SECRET_KEY": "web-key-" * 5,
                                  **mpesa})
    assert settings.is_production and not settings.is_sqlite and settings.web.secure_cookies
    assert "webhook_secret" not in repr(settings)
    assert not any(secret in repr(settings) for secret in ("'secret'", "passkey=", "'credential'", "web-key-"))


def test_the_local_default_is_sqlite_under_instance():
    settings = Settings.from_env({})
    assert settings.env == "development" and settings.is_sqlite and "instance" in settings.database_url


def test_an_operator_runs_a_month_from_the_command_line(app):
    cli = app.test_cli_runner()

    def ok(*args):
        result = cli.invoke(args=["chama", *args])
        assert result.exit_code == 0, result.output
        return result.output

    ok("register", "0712000001", "Jane Wanjiru")
    ok("register", "0712000002", "Otieno Ouma", "--lang", "sw")
    assert "join code UMOJA" in ok("create", "Umoja", "--founder", "0712000001", "--amount", "1,000",
                                   "--anchor", "2027-01-31", "--grace", "3", "--fine", "100", "--code", "umoja")
    assert "number 2" in ok("join", "UMOJA", "0712000002", "--date", "2027-01-10")
    assert "credit KES 500" in ok("pay", "UMOJA", "0712000002", "1500", "--ref", "QGH7XK2L9P", "--date", "2027-01-20")
    assert "nothing changed" in ok("pay", "UMOJA", "0712000002", "1500", "--ref", "QGH7XK2L9P", "--date", "2027-01-20")
    assert "pot KES 2,000" in ok("close-cycle", "UMOJA", "--by", "0712000001", "--date", "2027-02-05")
    statement = ok("statement", "UMOJA", "0712000002")
    assert "contributed KES 1,500" in statement and "payment" in statement
    assert "cash" in ok("balances", "UMOJA")
    refused = cli.invoke(args=["chama", "close-cycle", "UMOJA", "--by", "0712000002", "--date", "2027-03-05"])
    assert refused.exit_code != 0 and "forbidden" in refused.output
    bad_phone = cli.invoke(args=["chama", "register", "12345", "Someone"])
    assert bad_phone.exit_code != 0 and "invalid_phone" in bad_phone.output
