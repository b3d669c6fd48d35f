"""Series breaks and notes recorded over HTTP by an approver or admin: audited, seen at once by the figures
(同比 and CAGR across the break are "—" with the reason); viewers and uploaders are refused; bad input is a 400."""
from __future__ import annotations

import pytest

from app import create_app


def _token(app, username, roles):
    from server.auth import tokens, users

    with app.server.app_context():
        from server.context import engine

        with engine().begin() as conn:
            users.create(conn, username, "Pw-" + username + "-2026-long", roles, actor="test",
                         must_change_password=False)
            return tokens.create(conn, username, "test", actor="test")[1]


@pytest.fixture
def app(settings_for):
    return create_app(settings_for("", demo=True))


def _post(client, token, body):
    return client.post("/api/v1/annotations", json=body, headers={"Authorization": f"Bearer {token}"})


def test_approver_records_a_series_break_that_the_figures_use(app):
    client = app.server.test_client()
    approver = _token(app, "checker", ["approver"])
    body = {"indicator": "HNTE", "region": "130534", "period": "2023", "kind": "series_break",
            "text": "2023年起按新认定办法统计"}
    before = client.get("/api/v1/rankings?indicator=HNTE&period=2023&measure=value",
                        headers={"Authorization": f"Bearer {approver}"}).json
    assert "同比增长" in before["sentence"]
    resp = _post(client, approver, body)
    assert resp.status_code == 200, resp.data
    assert resp.json["annotation"]["kind"] == "series_break"
    listed = client.get("/api/v1/annotations", headers={"Authorization": f"Bearer {approver}"}).json["items"]
    assert any(a["indicator"] == "HNTE" and a["period"] == "2023" and a["region"] == "130534" for a in listed)
    after = client.get("/api/v1/rankings?indicator=HNTE&period=2023&measure=value",
                       headers={"Authorization": f"Bearer {approver}"}).json
    assert "因统计口径调整，同比不可比" in after["sentence"]   # the break reaches the sentence at once
    with app.server.app_context():
        from sqlalchemy import text

        from server.context import engine

        with engine().connect() as conn:
            rows = conn.execute(text("select username, action, target from audit_log where action = 'annotation.add'")).all()
    assert [tuple(r) for r in rows][-1] == ("checker", "annotation.add", "HNTE/130534/2023")


@pytest.mark.parametrize("roles", [["viewer"], ["uploader"]])
def test_others_are_refused(app, roles):
    token = _token(app, "someone", roles)
    resp = _post(app.server.test_client(), token, {"indicator": "HNTE", "period": "2023", "kind": "note",
                                                   "text": "x"})
    assert resp.status_code == 403


@pytest.mark.parametrize("body, word", [
    ({"indicator": "NOPE", "period": "2023", "kind": "note", "text": "x"}, "指标"),
    ({"indicator": "HNTE", "period": "2023Q5", "kind": "note", "text": "x"}, "期别"),
    ({"indicator": "HNTE", "period": "2023", "kind": "other", "text": "x"}, "kind"),
    ({"indicator": "HNTE", "period": "2023", "kind": "note", "text": ""}, "说明"),
    ({"indicator": "HNTE", "region": "999999", "period": "2023", "kind": "note", "text": "x"}, "地区"),
])
def test_bad_input_is_a_clear_400(app, body, word):
    token = _token(app, "admin2", ["admin"])
    resp = _post(app.server.test_client(), token, body)
    assert resp.status_code == 400 and word in resp.json["message_zh"] and resp.json["message_en"]
