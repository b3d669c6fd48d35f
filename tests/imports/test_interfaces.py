"""The same report through the CLI, the HTTP API, template downloads and the upload/review callbacks."""
import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from workbooks import single_unit_form, wide_report

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "auth"))
from auth_helpers import UPLOAD_OUTPUTS, add_user, callback_body, login, upload_transfer  # noqa: E402


def text(resp) -> str:
    return json.dumps(resp.get_json(), ensure_ascii=False)


def token_for(app, username):
    from server.auth import tokens
    from server.context import EXT

    with app.server.extensions[EXT].engine.begin() as conn:
        return tokens.create(conn, username, "test", actor="test")[1]


def test_api_import_dry_run_errors_and_submit(app):
    add_user(app, "staff", ["uploader"])
    add_user(app, "viewer1", ["viewer"])
    client = app.server.test_client()
    auth = {"Authorization": "Bearer " + token_for(app, "staff")}
    bad = wide_report(override={"D7": "abc"})
    r = client.post("/api/v1/imports?dry_run=1", headers=auth, data={"file": (__import__("io").BytesIO(bad), "w.xlsx")})
    assert r.status_code == 422
    body = r.get_json()
    assert [e["cell"] for e in body["errors"]] == ["D7"] and body["revision"] is None
    r = client.post("/api/v1/imports", headers=auth,
                    data={"file": (__import__("io").BytesIO(single_unit_form()), "f.xlsx")})
    body = r.get_json()
    assert r.status_code == 200 and body["status"] == "submitted" and body["revision"]
    assert body["counts"]["rows"] == 5 and body["warnings"][0]["cell"] == "D5"
    # A viewer token is refused; no file is a 400.
    v = {"Authorization": "Bearer " + token_for(app, "viewer1")}
    assert client.post("/api/v1/imports", headers=v, data={}).status_code == 403
    assert client.post("/api/v1/imports", headers=auth, data={}).status_code == 400


def test_template_downloads_need_a_login(app):
    pw = add_user(app, "viewer1", ["viewer"])
    anon = app.server.test_client()
    assert anon.get("/download/template/long.xlsx").status_code in (302, 401)
    client = app.server.test_client()
    assert login(client, "viewer1", pw).status_code == 302
    for kind in ("long", "wide"):
        r = client.get(f"/download/template/{kind}.xlsx")
        assert r.status_code == 200 and r.data[:2] == b"PK"
        wb = openpyxl.load_workbook(__import__("io").BytesIO(r.data))
        ws = wb["数据"]
        assert ws.protection.sheet and ws.data_validations.dataValidation  # protected header, dropdowns
        assert "填写说明" in wb.sheetnames
    assert client.get("/download/template/x.xlsx").status_code == 404


def test_upload_and_review_callbacks_with_maker_checker(app, tmp_path):

    pw_staff = add_user(app, "staff", ["uploader"])
    pw_boss = add_user(app, "boss", ["approver"])
    staff = app.server.test_client()
    login(staff, "staff", pw_staff)
    transfer = upload_transfer(staff, "清河.xlsx", single_unit_form())
    assert transfer["status"] == 200, transfer
    body = callback_body(app, UPLOAD_OUTPUTS,
                         inputs={"upload-transfer.data": transfer, "upload-map-apply.n_clicks": None,
                                 "upload-include-hidden.checked": False},
                         state={"upload-staged.data": None, "upload-lang.data": "zh"})
    body["state"] += [[], []]  # the mapping selects (pattern-matching ALL): none on the page yet
    r = staff.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.text
    out = r.get_json()["response"]
    staged = out["upload-staged"]["data"]
    assert len(staged["sha"]) == 64 and (Path(app.server.extensions["county_dashboard"].settings.instance_path)
                                         / "uploads" / staged["sha"]).exists()
    assert "同比变化幅度过大" in json.dumps(out, ensure_ascii=False)
    body = callback_body(app, "upload-submit-result.children", inputs={"upload-submit.n_clicks": 1},
                         state={"upload-staged.data": staged, "upload-note.value": "R&D 增幅已核实", "upload-lang.data": "zh"})
    r = staff.post("/_dash-update-component", json=body)
    assert "已提交" in text(r), text(r)
    # The uploader may not publish (role guard) ...
    review_out = ("..review-modal.opened...review-modal-text.children...review-modal-comment.children..."
                  "review-pending.data...review-result.children...review-select.data...review-select.value..."
                  "review-rollback-select.data...review-comment.value...review-modal-warning.children..."
                  "review-rollback-reason.value...review-select.placeholder..")
    key = next(k for k in app.callback_map if k.startswith("..review-modal.opened"))

    def review_body(trigger, pending):
        b = callback_body(app, review_out, inputs={f"review-{x}.n_clicks": 1 if x == trigger else None
                                                   for x in ("publish", "reject", "rollback", "confirm", "cancel")},
                          state={"review-shown.data": {"rev": 1}, "review-rollback-select.value": None,
                                 "review-comment.value": "", "review-pending.data": pending, "review-lang.data": "zh",
                                 "review-rollback-reason.value": ""})
        b["output"] = key  # the comment output is declared allow_duplicate (Dash suffixes its property)
        b["changedPropIds"] = b["parsedChangedPropsIds"] = [f"review-{trigger}.n_clicks"]
        return b
    pub = review_body("publish", None)
    assert staff.post("/_dash-update-component", json=pub).status_code == 403
    boss = app.server.test_client()
    login(boss, "boss", pw_boss)
    # ... the approver is asked to confirm what publishing changes, then publishes that batch.
    asked = boss.post("/_dash-update-component", json=pub).get_json()["response"]
    assert asked["review-modal-text"]["children"].startswith("发布批次 1：发布后 0 个数值替换已发布数据，新增 5 个数值")
    r = boss.post("/_dash-update-component", json=review_body("confirm", asked["review-pending"]["data"]))
    assert "已发布" in text(r), text(r)


def test_cli_import_json_exit_codes_and_mappings(tmp_path):
    env = {"INSTANCE_PATH": str(tmp_path / "inst"), "DEMO_DATA": "0", "PATH": "/usr/bin:/bin"}
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(wide_report(override={"D7": "abc", "C9": -5}))
    good = tmp_path / "good.xlsx"
    good.write_bytes(single_unit_form())

    def run(*args):
        return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
    r = run("import", str(bad), "--json")
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert sorted(e["cell"] for e in out["errors"]) == ["C9", "D7"] and out["revision"] is None
    r = run("import", str(bad))
    assert r.returncode == 1 and "D7" in r.stdout and "不是有效数字" in r.stdout
    r = run("import", str(good), "--dry-run", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["status"] == "dry-run"
    # Maker–checker on the CLI shortcut: --publish alone is refused; with --approver two people are recorded.
    r = run("import", str(good), "--publish", "--json")
    assert r.returncode != 0 and "--approver" in r.stderr + r.stdout
    r = subprocess.run([sys.executable, "app.py", "user", "add", "boss", "--role", "approver", "--password-stdin"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, input="boss-secret-4567\n")
    assert r.returncode == 0, r.stderr
    r = run("import", str(good), "--publish", "--approver", "boss", "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out["status"] == "published"
    r = run("import-mappings")
    assert r.returncode == 0 and "暂无" in r.stdout
    # the same file again: refused as a duplicate, a file-level problem printed without an empty sheet, cell or value
    r = run("import", str(good), "--dry-run")
    line = next(x for x in r.stdout.splitlines() if "与批次" in x)
    assert r.returncode == 1 and line.strip().startswith("good.xlsx  与批次") and "值「」" not in r.stdout, r.stdout
