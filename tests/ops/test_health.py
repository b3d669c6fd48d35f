"""/health and /ready answer JSON; /ready says when migrations are pending or the database is gone."""
from app import create_app
from data.db import make_engine, migrate


def test_health_and_ready_on_a_fresh_instance(settings_for):
    client = create_app(settings_for()).server.test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ok"


def test_ready_reports_pending_migrations(settings_for, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate(make_engine(url), "0001")
    client = create_app(settings_for(url), bootstrap=False).server.test_client()
    body = client.get("/ready")
    assert body.status_code == 503 and body.get_json()["status"] == "migrations_pending"


def test_ready_reports_an_unreachable_database(settings_for):
    url = "postgresql://nobody@127.0.0.1:9/none"
    client = create_app(settings_for(url), bootstrap=False).server.test_client()
    body = client.get("/ready")
    assert body.status_code == 503 and body.get_json()["database"] == "unreachable"
