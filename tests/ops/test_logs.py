"""Structured logs: one JSON line per request with duration and user; never a password, token or cookie."""
import json
import logging
import re

from app import create_app
from data.events import scrub


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


def test_each_import_is_logged_with_rows_duration_and_user(settings_for, tmp_path):
    import io

    from openpyxl import Workbook

    from data.imports import service

    app = create_app(settings_for())
    wb = Workbook()
    wb.active.append(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    wb.active.append(["130534", "清河县", "HNTE", "高新技术企业数", "2023", "否", 70, "家", "修订", "复核"])
    buf = io.BytesIO()
    wb.save(buf)
    caplog = Collect()
    logging.getLogger("dashboard").addHandler(caplog)
    with app.server.app_context():
        from server.context import engine

        with engine().begin() as conn:
            result = service.analyse(conn, [("hnte.xlsx", buf.getvalue())])
            service.stage(conn, result, "staff", submit=True)
    logging.getLogger("dashboard").removeHandler(caplog)
    events = {x["event"]: x for x in (json.loads(r.getMessage()) for r in caplog.records)}
    assert events["import.analyse"]["rows"] == 1 and events["import.analyse"]["duration_ms"] >= 0
    assert events["import.stage"]["user"] == "staff" and events["import.stage"]["rows"] == 1


def test_scrub_redacts_secret_keys_at_any_depth():
    assert scrub({"user": "li", "password": "x", "detail": {"api_token": "y", "rows": 3}}) == \
        {"user": "li", "password": "[redacted]", "detail": {"api_token": "[redacted]", "rows": 3}}
