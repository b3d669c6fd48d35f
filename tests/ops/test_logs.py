"""Structured logs: one JSON line per request with duration and user; never a password, token or cookie."""
import json
import logging
import re

from app import create_app
from server.ops.logs import scrub


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_request_lines_carry_duration_and_user_and_no_secrets(settings_for):
    app = create_app(settings_for())
    client = app.server.test_client()
    with app.server.app_context():
        from server.auth import users
        from server.context import engine

        with engine().begin() as conn:
            users.create(conn, "li", "Secret-Passw0rd-li", ["viewer"], actor="test", must_change_password=False)
    caplog = Collect()
    logging.getLogger("dashboard").addHandler(caplog)  # the app's logger does not propagate to root
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "li", "password": "Secret-Passw0rd-li", "csrf_token": token})
    client.get("/api/v1/indicators?token=should-not-appear", headers={"Authorization": "Bearer cst_should-not-appear"})
    client.get("/health")
    logging.getLogger("dashboard").removeHandler(caplog)
    lines = [json.loads(r.getMessage()) for r in caplog.records]
    requests = [x for x in lines if x["event"] == "request"]
    assert {"/login", "/api/v1/indicators", "/health"} <= {x["path"] for x in requests}
    assert all(isinstance(x["duration_ms"], float) and x["status"] for x in requests)
    api = next(x for x in requests if x["path"] == "/api/v1/indicators")
    assert api["user"] == "li"  # the session's user
    raw = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("Secret-Passw0rd-li", "should-not-appear", token, "session="):
        assert secret not in raw


def test_scrub_redacts_secret_keys_at_any_depth():
    assert scrub({"user": "li", "password": "x", "detail": {"api_token": "y", "rows": 3}}) == \
        {"user": "li", "password": "[redacted]", "detail": {"api_token": "[redacted]", "rows": 3}}
