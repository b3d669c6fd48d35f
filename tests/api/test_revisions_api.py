"""Revisions over HTTP: maker–checker publish, reject, rollback; viewers get 403 and nothing changes."""
import io

import pytest
from openpyxl import Workbook

from app import create_app
from data import store
from data.db import reading


def _token(app, username, roles):
    from server.auth import tokens, users

    with app.server.app_context():
        from server.context import engine

        with engine().begin() as conn:
            users.create(conn, username, "Pw-" + username + "-2026-long", roles, actor="test",
                         must_change_password=False)
            return tokens.create(conn, username, "test", actor="test")[1]


@pytest.fixture
def app(settings_for, db_url):
    return create_app(settings_for(db_url))


def _workbook(value: float) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    ws.append(["130534", "清河县", "HNTE", "高新技术企业数", "2023", "否", value, "家", "正式", "复核后更正"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_upload_submit_publish_and_rollback_over_http(app):
    client = app.server.test_client()
    staff = {"Authorization": f"Bearer {_token(app, 'staff', ['uploader'])}"}
    boss = {"Authorization": f"Bearer {_token(app, 'boss', ['approver'])}"}
    viewer = {"Authorization": f"Bearer {_token(app, 'leader', ['viewer'])}"}
    up = client.post("/api/v1/imports", headers=staff,
                     data={"file": (io.BytesIO(_workbook(70)), "hnte.xlsx")}, content_type="multipart/form-data")
    assert up.status_code == 200, up.get_json()
    rev = up.get_json()["revision"]

    assert client.post(f"/api/v1/revisions/{rev}/publish", headers=viewer).status_code == 403
    assert client.post(f"/api/v1/revisions/{rev}/publish", headers=staff).status_code == 403
    published = client.post(f"/api/v1/revisions/{rev}/publish", headers=boss, json={"comment": "同意"})
    assert published.status_code == 200 and published.get_json()["revision"]["status"] == "published"

    def hnte():
        body = client.get("/api/v1/observations?region=130534&indicator=HNTE&period=2023", headers=viewer).get_json()
        return [r["value"] for r in body["items"]]

    assert hnte() == [70]
    assert client.post(f"/api/v1/revisions/{rev}/rollback", headers=viewer).status_code == 403
    no_reason = client.post(f"/api/v1/revisions/{rev}/rollback", headers=boss)  # a rollback needs a reason
    assert (no_reason.status_code, no_reason.get_json()["message_zh"]) == (
        400, "撤回已发布的批次时请填写撤回原因，提交人会看到它。")
    assert hnte() == [70]
    rolled = client.post(f"/api/v1/revisions/{rev}/rollback", headers=boss, json={"comment": "高企数待核实"})
    assert rolled.status_code == 200
    assert (rolled.get_json()["revision"]["rolled_back_by"], rolled.get_json()["revision"]["rollback_comment"]) == (
        "boss", "高企数待核实")
    assert hnte() == [69]
    statuses = {r["id"]: r["status"] for r in client.get("/api/v1/revisions", headers=viewer).get_json()["items"]}
    assert statuses[rev] == "rolled_back"


def test_reject_needs_a_comment_and_errors_are_json(app):
    client = app.server.test_client()
    boss = {"Authorization": f"Bearer {_token(app, 'boss', ['approver'])}"}
    with app.server.app_context():
        from server.context import engine

        with engine().begin() as conn:
            rev = store.create_revision(conn, store.published_observations(conn, regions=["130534"]).head(1),
                                        created_by="staff")
            store.submit(conn, rev, "staff")
    refused = client.post(f"/api/v1/revisions/{rev}/reject", headers=boss, json={})
    assert refused.status_code == 400 and "退回意见" in refused.get_json()["error"]
    assert client.post(f"/api/v1/revisions/{rev}/reject", headers=boss, json={"comment": "单位有误"}).status_code == 200
    missing = client.post("/api/v1/revisions/999/publish", headers=boss)
    assert missing.status_code in (400, 404) and "999" in missing.get_json()["error"]
    with app.server.app_context(), reading(engine()) as conn:
        assert store.get_revision(conn, rev)["status"] == "rejected"


def test_only_the_submitter_cancels_over_http_and_the_approvers_hear_of_it(app):
    """POST /api/v1/revisions/<id>/cancel: another uploader 403, an approver or a viewer 403 (uploader only), the
    submitter 200 (status cancelled, 已作废); a second cancel 400; the approver's notification names the batch."""
    from data.workflow import notify

    client = app.server.test_client()
    staff = {"Authorization": f"Bearer {_token(app, 'staff', ['uploader'])}"}
    other = {"Authorization": f"Bearer {_token(app, 'staff2', ['uploader'])}"}
    boss = {"Authorization": f"Bearer {_token(app, 'boss', ['approver'])}"}
    viewer = {"Authorization": f"Bearer {_token(app, 'leader', ['viewer'])}"}
    up = client.post("/api/v1/imports", headers=staff,
                     data={"file": (io.BytesIO(_workbook(71)), "hnte.xlsx")}, content_type="multipart/form-data")
    rev = up.get_json()["revision"]
    for who in (other, boss, viewer):
        assert client.post(f"/api/v1/revisions/{rev}/cancel", headers=who).status_code == 403
    done = client.post(f"/api/v1/revisions/{rev}/cancel", headers=staff, json={"comment": "报错了，作废重报"})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["revision"]["status"] == "cancelled"
    again = client.post(f"/api/v1/revisions/{rev}/cancel", headers=staff)
    assert again.status_code == 400
    assert again.get_json()["message_zh"] == f"批次 {rev} 当前状态为「已作废」，不能作废。"
    with reading(app.server.extensions["county_dashboard"].engine) as conn:
        texts = [n["text_zh"] for n in notify.list_for(conn, "boss")]
    assert any(f"批次 {rev}" in x and "作废" in x for x in texts), texts
