"""Crafted requests: a scoped uploader cannot submit another region's figures through the page (a Dash
callback posted by hand), the API or the CLI; the review publishes exactly the batch it restated."""
import json
import os
import subprocess
import sys
from pathlib import Path


from data import store
from data.db import reading
from wf_helpers import client_for
from workbooks import single_unit_form, wide_report

ROOT = Path(__file__).resolve().parents[2]


def n_batches(app) -> int:
    with reading(app.engine) as conn:
        return len(store.list_revisions(conn))


def callback_key(app, fragment: str) -> str:
    keys = [k for k in app.callback_map if fragment in k]
    assert len(keys) == 1, keys
    return keys[0]


def test_api_refuses_other_regions_for_a_scoped_account(app):
    c = app.server.test_client()
    auth = {"Authorization": f"Bearer {app.staff_token}"}
    resp = c.post("/api/v1/imports", headers=auth, data={"file": (__import__("io").BytesIO(wide_report()), "邢台.xlsx")},
                  content_type="multipart/form-data")
    assert resp.status_code == 422, resp.text  # report 5 #8: the report itself refuses them, before submitting
    body = resp.get_json()
    # 17 other counties × 5 figures (the 合计 without a zone row is their total, not the city's: docs/IMPORTS.md)
    assert {e["rule"] for e in body["errors"]} == {"region_scope"} and len(body["errors"]) == 85
    assert body["errors"][0]["message_zh"] == "地区不在本账号的报送范围内：襄都区（账号 staff 只能报送清河县的数据），提交时将被拒绝"
    assert any("威县（账号 staff 只能报送清河县的数据）" in e["message_zh"] for e in body["errors"])
    assert body["revision"] is None and n_batches(app) == 0
    dry = c.post("/api/v1/imports?dry_run=1", headers=auth,
                 data={"file": (__import__("io").BytesIO(wide_report()), "邢台.xlsx")}, content_type="multipart/form-data")
    assert (dry.status_code, dry.get_json()["status"], dry.get_json()["counts"]["errors"]) == (422, "dry-run", 85)
    ok = c.post("/api/v1/imports", headers=auth, data={"file": (__import__("io").BytesIO(single_unit_form()), "清河.xlsx")},
                content_type="multipart/form-data")
    assert ok.status_code == 200 and ok.get_json()["status"] == "submitted"


def test_online_form_callback_refuses_another_region(app):
    """The form's submit callback posted by hand with 威县 (130533) instead of the account's 清河县."""
    c = client_for(app, "staff")
    key = callback_key(app, "upload-form-result.children")
    outputs = [{"id": "upload-form-result", "property": "children"},
               {"id": "upload-form-submit", "property": key.split("upload-form-submit.")[1].rstrip(".")}]

    def body(region):
        ids = [{"type": "upload-form-value", "ind": "RD_EXP"}, {"type": "upload-form-value", "ind": "HNTE"}]
        nids = [{"type": "upload-form-vnote", "ind": "RD_EXP"}, {"type": "upload-form-vnote", "ind": "HNTE"}]
        return {"output": key, "outputs": outputs,
                "inputs": [{"id": "upload-form-submit", "property": "n_clicks", "value": 1}],
                "changedPropIds": ["upload-form-submit.n_clicks"],
                "state": [[{"id": i, "property": "value", "value": v} for i, v in zip(ids, [9000, 40])],
                          [{"id": i, "property": "value", "value": ""} for i in nids],
                          [{"id": i, "property": "id", "value": i} for i in ids],
                          [{"id": i, "property": "id", "value": i} for i in nids],
                          {"id": "upload-form-region", "property": "value", "value": region},
                          {"id": "upload-form-period", "property": "value", "value": "2024Q2"},
                          {"id": "upload-form-note", "property": "value", "value": ""},
                          {"id": "upload-form-ctx", "property": "data", "value": {"lang": "zh"}},
                          [{"id": dict(i, type="upload-form-status"), "property": "value", "value": "final"} for i in ids],
                          [{"id": dict(i, type="upload-form-status"), "property": "id",
                            "value": dict(i, type="upload-form-status")} for i in ids]]}
    resp = c.post("/_dash-update-component", json=body("130533"))
    assert resp.status_code == 200, resp.text
    text = json.dumps(resp.get_json(), ensure_ascii=False)
    assert "只能报送清河县的数据" in text and "威县2 个数值（在线填报-威县-2024Q2 G2、G3）" in text
    assert n_batches(app) == 0
    resp = c.post("/_dash-update-component", json=body("130534"))
    assert "已提交：批次 1" in json.dumps(resp.get_json(), ensure_ascii=False)
    assert n_batches(app) == 1


def test_upload_page_callback_refuses_another_region(app):
    from data.imports import service

    sha = service.save_upload(app.settings_.instance_path, "邢台.xlsx", wide_report())
    c = client_for(app, "staff")
    key = callback_key(app, "upload-submit-result.children")
    resp = c.post("/_dash-update-component", json={
        "output": key, "outputs": {"id": "upload-submit-result", "property": "children"},
        "inputs": [{"id": "upload-submit", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["upload-submit.n_clicks"],
        "state": [{"id": "upload-staged", "property": "data", "value": {"sha": sha, "name": "邢台.xlsx"}},
                  {"id": "upload-note", "property": "value", "value": ""},
                  {"id": "upload-lang", "property": "data", "value": "zh"}]})
    assert resp.status_code == 200
    assert "只能报送清河县的数据" in json.dumps(resp.get_json(), ensure_ascii=False)
    assert n_batches(app) == 0


def test_cli_refuses_other_regions_for_a_scoped_account(app, tmp_path):
    f = tmp_path / "邢台.xlsx"
    f.write_bytes(wide_report())
    env = {**os.environ, "INSTANCE_PATH": str(app.settings_.instance_path), "DATABASE_URL": f"sqlite:///{app.db_path}",
           "DEMO_DATA": "0"}
    run = subprocess.run([sys.executable, "app.py", "import", "--user", "staff", str(f)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr  # report 5 #8: errors of the report itself
    assert "威县（账号 staff 只能报送清河县的数据），提交时将被拒绝" in run.stdout and "错误 85 个" in run.stdout
    assert n_batches(app) == 0
    mine = tmp_path / "清河.xlsx"
    mine.write_bytes(single_unit_form())
    run = subprocess.run([sys.executable, "app.py", "import", "--user", "staff", "--publish", str(mine)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "制单与审核分离" in run.stderr  # a named account never publishes its own batch
    run = subprocess.run([sys.executable, "app.py", "import", "--user", "staff", str(mine)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    with reading(app.engine) as conn:
        assert store.list_revisions(conn)[["submitted_by", "status"]].values.tolist() == [["staff", "submitted"]]


def test_review_publishes_exactly_the_batch_it_restated(app):
    """Publish is asked for the batch shown (A); the list then changes; the confirmation still acts on A."""
    from data.db import reading as rd
    from data.imports import service

    ids = []
    for name, data in (("A.xlsx", single_unit_form()), ("B.xlsx", single_unit_form(rows=[
            ("高新技术企业数", "家", "04", 70, 61, 14.75)]))):
        with rd(app.engine) as conn:
            result = service.analyse(conn, [(name, data)])
        with app.engine.begin() as conn:
            ids.append(service.stage(conn, result, "staff", submit=True))
    a, b = ids
    c = client_for(app, "boss")
    key = callback_key(app, "review-modal.opened")
    outs = [p.rsplit(".", 1) for p in key[2:-2].split("...")]
    outputs = [{"id": i, "property": p} for i, p in outs]

    def post(trigger, shown, pending, comment=""):
        return c.post("/_dash-update-component", json={
            "output": key, "outputs": outputs,
            "inputs": [{"id": f"review-{x}", "property": "n_clicks", "value": 1 if f"review-{x}" == trigger else None}
                       for x in ("publish", "reject", "rollback", "confirm", "cancel")],
            "changedPropIds": [f"{trigger}.n_clicks"],
            "state": [{"id": "review-shown", "property": "data", "value": shown},
                      {"id": "review-rollback-select", "property": "value", "value": None},
                      {"id": "review-comment", "property": "value", "value": comment},
                      {"id": "review-pending", "property": "data", "value": pending},
                      {"id": "review-lang", "property": "data", "value": "zh"},
                      {"id": "review-rollback-reason", "property": "value", "value": ""}]}).get_json()["response"]

    asked = post("review-publish", {"rev": a}, None, "同意")
    assert asked["review-modal"]["opened"] is True
    assert asked["review-modal-text"]["children"] == f"发布批次 {a}：发布后 0 个数值替换已发布数据，新增 5 个数值（0 个与已发布相同）。"
    pending = asked["review-pending"]["data"]
    assert pending == {"action": "publish", "rev": a, "comment": "同意"}
    # meanwhile the page shows B (the list refreshed); confirming still publishes A, with A's comment
    done = post("review-confirm", {"rev": b}, pending, "")
    assert done["review-comment"]["value"] == ""  # the comment is cleared after the action
    with reading(app.engine) as conn:
        revs = store.list_revisions(conn).set_index("id")
    assert revs.loc[a, "status"] == "published" and revs.loc[a, "review_comment"] == "同意"
    assert revs.loc[b, "status"] == "submitted"
    # rejecting needs a reason, asked before any confirmation
    refused = post("review-reject", {"rev": b}, None, "")
    assert refused["review-modal"]["opened"] is False
    assert "退回时请填写退回意见" in json.dumps(refused["review-result"], ensure_ascii=False)
