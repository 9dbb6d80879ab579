"""The operations files say true things: the compose file is valid YAML that
runs the Procfile's four processes with PostgreSQL and Redis; every alert
and dashboard panel reads metrics Chamabora exports, and every alert says
what to do. (Docker is not run here; its file is checked by parsing.)"""
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
METRIC = re.compile(r"\bchamabora_[a-z0-9_]+")
EXPORTED_SUFFIXES = ("_bucket", "_count", "_sum", "_total")


def exported() -> set[str]:
    """Every family name the code defines: counters and histograms, and the scrape-time gauges."""
    names = set()
    for path in (ROOT / "chamabora" / "ops").glob("*.py"):
        names |= set(re.findall(r'"(chamabora_[a-z0-9_]+)"', path.read_text()))
    return names


def known(name: str) -> bool:
    families = exported()
    return name in families or any(name.endswith(s) and name[: -len(s)] in families for s in EXPORTED_SUFFIXES)


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_the_procfile_runs_web_worker_sweeper_and_scheduler():
    assert procfile() == {
        "web": "gunicorn --config gunicorn.conf.py app:app",
        "worker": "flask --app app worker",
        "sweeper": "flask --app app worker sweep --every 30",
        "scheduler": "flask --app app schedule run"}


def test_the_compose_file_runs_the_same_four_processes_with_postgresql_and_redis():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "sweeper", "scheduler", "postgres", "redis", "migrate"} <= set(services)
    for name, command in procfile().items():
        assert " ".join(services[name]["command"]) == command
        environment = services[name]["environment"]
        assert environment["REDIS_URL"].startswith("redis://redis:")
        assert environment["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["PROMETHEUS_MULTIPROC_DIR"] and services[name]["depends_on"]["migrate"]
    assert services["scheduler"]["deploy"]["replicas"] == 2 and services["worker"]["deploy"]["replicas"] >= 2
    secrets = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY|PASSKEY|CREDENTIAL|DSN")
    for service in services.values():
        for name, value in (service.get("environment") or {}).items():
            assert not secrets.search(name) or str(value).startswith("${"), f"{name} must come from the environment"


def test_every_alert_reads_exported_metrics_and_says_what_to_do():
    rules = yaml.safe_load((ROOT / "docs" / "ops" / "alerts.yml").read_text())["groups"][0]["rules"]
    assert len(rules) >= 6
    for rule in rules:
        names = METRIC.findall(rule["expr"])
        assert names and all(known(n) for n in names), rule["alert"]
        assert len(rule["annotations"]["action"]) > 80 and rule["annotations"]["summary"]
    wanted = {"ChamaboraOutboxStale", "ChamaboraCallbacksUnresolved", "ChamaboraStkFailureRate",
              "ChamaboraQueueLag", "ChamaboraHttp5xx"}
    assert wanted <= {rule["alert"] for rule in rules}


def test_every_dashboard_panel_reads_exported_metrics():
    dashboard = json.loads((ROOT / "docs" / "ops" / "grafana-dashboard.json").read_text())
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert len(dashboard["panels"]) >= 20
    for expr in expressions:
        names = METRIC.findall(expr)
        assert names and all(known(n) for n in names), expr
