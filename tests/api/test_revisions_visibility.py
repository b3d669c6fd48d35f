"""Issue 11 finding 12: GET /api/v1/revisions answers strict JSON (null, never NaN or "NaT") and shows
drafts, submissions and rejected batches only to those entitled: approvers and admins all, uploaders
their own, viewers none (published and rolled-back batches only)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import json

import pytest

from app import create_app
from data import store

if TYPE_CHECKING:
    from dash import Dash


def _strict(text: str):
    def refuse(name: str) -> None:
        raise AssertionError(f"bare {name} in the JSON body")
    body = json.loads(text, parse_constant=refuse)
    assert "NaT" not in text and "NaN" not in text
    return body


@pytest.fixture
def app(settings_for, db_url):
    return create_app(settings_for(db_url))


def _token(app: Dash, username: str, roles: list[str]) -> dict[str, str]:
    from server.auth import tokens, users
    from server.context import EXT

    with app.server.extensions[EXT].engine.begin() as conn:
        users.create(conn, username, "Pw-" + username + "-2026-long", roles, actor="test", must_change_password=False)
        return {"Authorization": f"Bearer {tokens.create(conn, username, 'test', actor='test')[1]}"}


def test_who_sees_which_revisions_in_strict_json(app):
    from server.context import EXT

    engine = app.server.extensions[EXT].engine
    with engine.begin() as conn:
        rows = store.published_observations(conn, regions=["130534"]).head(1)
        draft = store.create_revision(conn, rows, created_by="staff", file_name="秘密草稿.xlsx", note="内部")
        mine_submitted = store.create_revision(conn, rows, created_by="staff")
        store.submit(conn, mine_submitted, "staff")
        other = store.create_revision(conn, rows, created_by="staff2")
        store.submit(conn, other, "staff2")
        rejected = store.create_revision(conn, rows, created_by="staff2")
        store.reject(conn, rejected, "boss", "单位有误")
        published = [int(i) for i in store.list_revisions(conn, ("published",))["id"]]
    headers = {"viewer": _token(app, "viewer1", ["viewer"]), "staff": _token(app, "staff", ["uploader"]),
               "boss": _token(app, "boss", ["approver"]), "root": _token(app, "root", ["admin"])}
    client = app.server.test_client()

    def ids(who: str, query: str = "") -> list[int]:
        resp = client.get("/api/v1/revisions" + query, headers=headers[who])
        assert resp.status_code == 200 and resp.mimetype == "application/json"
        return sorted(r["id"] for r in _strict(resp.text)["items"])

    assert ids("viewer") == sorted(published)
    assert ids("viewer", "?status=draft") == []
    assert ids("staff") == sorted(published + [draft, mine_submitted])
    assert ids("boss") == ids("root") == sorted(published + [draft, mine_submitted, other, rejected])
    # Missing dates and names are null.
    body = _strict(client.get("/api/v1/revisions?status=draft", headers=headers["boss"]).text)
    item = body["items"][0]
    assert item["id"] == draft and item["submitted_by"] is None and item["published_at"] is None
    assert item["rolled_back_at"] is None and item["file_name"] == "秘密草稿.xlsx"
    # A status that does not exist is refused, not answered with everything.
    bad = client.get("/api/v1/revisions?status=drafts", headers=headers["boss"])
    assert bad.status_code == 400 and "status" in bad.json["message_en"]


def test_action_answers_are_strict_json(app):
    from server.context import EXT

    boss = _token(app, "boss", ["approver"])
    with app.server.extensions[EXT].engine.begin() as conn:
        rows = store.published_observations(conn, regions=["130534"]).head(1)
        rev = store.create_revision(conn, rows, created_by="staff")
        store.submit(conn, rev, "staff")
    resp = app.server.test_client().post(f"/api/v1/revisions/{rev}/reject", headers=boss, json={"comment": "重报"})
    assert resp.status_code == 200
    body = _strict(resp.text)
    assert body["revision"]["status"] == "rejected" and body["revision"]["rolled_back_at"] is None
    assert body["revision"]["published_at"] is None


def test_every_jsonify_answer_is_strict(app):
    """Routes answering with Flask's jsonify (the import API, workflow) get null for NaN/NaT too."""
    import math

    import pandas as pd
    from flask import jsonify

    with app.server.test_request_context("/api/v1/x"):
        body = jsonify(value=float("nan"), inf=math.inf, at=pd.NaT, na=pd.NA, when=pd.Timestamp("2026-03-01"),
                       nested=[{"v": float("nan")}], name="清河县").get_data(as_text=True)
    assert _strict(body) == {"value": None, "inf": None, "at": None, "na": None, "when": "2026-03-01T00:00:00",
                             "nested": [{"v": None}], "name": "清河县"}
