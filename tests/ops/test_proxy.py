"""Behind nginx (TRUSTED_PROXIES=1) the audit log and login throttling see the client's address."""
import re

from sqlalchemy import select

from app import create_app
from data import schema
from data.db import reading


def _failed_login_ip(app, headers):
    client = app.server.test_client()
    page = client.get("/login", headers=headers)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "admin", "password": "wrong-password", "csrf_token": token},
                headers=headers)
    with app.server.app_context():
        from server.context import engine

        with reading(engine()) as conn:
            a = schema.audit_log.c
            return conn.execute(select(a.ip).where(a.action == "login.failure").order_by(a.id.desc())).scalar()


def test_forwarded_for_is_trusted_only_when_configured(settings_for):
    forwarded = {"X-Forwarded-For": "10.1.2.3", "X-Forwarded-Proto": "https"}
    assert _failed_login_ip(create_app(settings_for(proxies=1)), forwarded) == "10.1.2.3"
    assert _failed_login_ip(create_app(settings_for(proxies=0)), forwarded) == "127.0.0.1"
