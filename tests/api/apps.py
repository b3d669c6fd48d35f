"""An app on the demo data with a viewer account and its API token (shared by tests/api and tests/exports)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import secrets
from dataclasses import dataclass

from server.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class ApiApp:
    app: object
    token: str

    @property
    def server(self):
        return self.app.server

    def client(self, token: bool = True):
        c = self.server.test_client()
        if token:
            c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return c

    def engine(self):
        from server.context import EXT

        return self.server.extensions[EXT].engine


def make_api_app(instance: Path, db_url: str = "", **settings) -> ApiApp:
    from app import create_app
    from server.auth import tokens, users

    app = create_app(Settings(instance_path=instance, database_url=db_url, **settings))
    from server.context import EXT

    with app.server.extensions[EXT].engine.begin() as conn:
        users.create(conn, "api-reader", secrets.token_urlsafe(16), ["viewer"], actor="test",
                     must_change_password=False)
        _, token = tokens.create(conn, "api-reader", "tests", actor="test")
    return ApiApp(app, token)


def login_session(api: ApiApp, username: str = "page-viewer"):
    """A browser-like client signed in through the login form (for /export/ links)."""
    import re

    from server.auth import users

    password = secrets.token_urlsafe(16)
    with api.engine().begin() as conn:
        users.create(conn, username, password, ["viewer"], actor="test", must_change_password=False)
    c = api.server.test_client()
    page = c.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    resp = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf})
    assert resp.status_code in (302, 303), resp.text
    return c
