"""Issue 11 finding 6: an administrator lists and revokes remembered import mappings over the API (and on
the admin page); other roles are refused."""
from __future__ import annotations
from typing import TYPE_CHECKING

from datetime import datetime, timezone

import pytest

from app import create_app
from data import schema

if TYPE_CHECKING:
    from dash import Dash


@pytest.fixture
def app(settings_for, db_url):
    return create_app(settings_for(db_url, demo=False))


def _token(app: Dash, username: str, roles: list[str]) -> dict[str, str]:
    from server.auth import tokens, users
    from server.context import EXT

    with app.server.extensions[EXT].engine.begin() as conn:
        users.create(conn, username, "Pw-" + username + "-2026-long", roles, actor="test", must_change_password=False)
        return {"Authorization": f"Bearer {tokens.create(conn, username, 'test', actor='test')[1]}"}


def test_list_and_revoke(app):
    from server.context import EXT

    with app.server.extensions[EXT].engine.begin() as conn:
        conn.execute(schema.import_mappings.insert().values(
            layout="wide:0123456789abcdef", kind="region", label="市本级", code="130500", action="map",
            created_by="staff", created_at=datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)))
    admin, staff = _token(app, "root", ["admin"]), _token(app, "staff", ["uploader", "approver"])
    client = app.server.test_client()
    assert client.get("/api/v1/import-mappings", headers=staff).status_code == 403
    listed = client.get("/api/v1/import-mappings", headers=admin)
    assert listed.status_code == 200
    items = listed.json["items"]
    assert [(i["kind"], i["label"], i["action"], i["code"], i["created_by"]) for i in items] == [
        ("region", "市本级", "map", "130500", "staff")]
    assert items[0]["created_at"].startswith("2026-03-01")
    mid = items[0]["id"]
    assert client.post(f"/api/v1/import-mappings/{mid}/revoke", headers=staff).status_code == 403
    done = client.post(f"/api/v1/import-mappings/{mid}/revoke", headers=admin)
    assert done.status_code == 200 and done.json["revoked"]["label"] == "市本级"
    assert client.get("/api/v1/import-mappings", headers=admin).json["items"] == []
    assert client.post(f"/api/v1/import-mappings/{mid}/revoke", headers=admin).status_code == 404
    assert client.post("/api/v1/import-mappings/abc/revoke", headers=admin).status_code == 404
