"""Helpers the reporting-round tests import by name."""
from __future__ import annotations

PASSWORD = "a-long-test-password-1"


def client_for(app, username):
    import re

    c = app.server.test_client()
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    resp = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert resp.status_code == 302, resp.text
    return c
