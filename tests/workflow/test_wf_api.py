"""The reporting-round HTTP endpoints: provenance, rounds, my submissions, notifications, region scopes,
the batch file download (approvers only) and the pre-filled template."""
import hashlib
from datetime import datetime, timezone
import io

import openpyxl

from data.db import reading
from data.imports import service
from wf_helpers import client_for
from workbooks import single_unit_form


def submit_and_publish(app):
    with reading(app.engine) as conn:
        result = service.analyse(conn, [("清河.xlsx", single_unit_form())])
    with app.engine.begin() as conn:
        rev = service.stage(conn, result, "staff", submit=True)
        service.publish_revision(conn, rev, "boss", "同意")
    return rev


def test_provenance_in_one_call_and_file_for_approvers_only(app):
    rev = submit_and_publish(app)
    reader = client_for(app, "reader")
    r = reader.get("/api/v1/provenance?indicator=RD_EXP&region=130534&period=2024Q2&ytd=1")
    assert r.status_code == 200, r.text
    p = r.get_json()
    assert (p["value"], p["file"], p["sheet"], p["cell"]) == (15400.0, "清河.xlsx", "科技指标表", "D5")
    assert (p["batch"]["id"], p["batch"]["submitted_by"], p["batch"]["approved_by"]) == (rev, "staff", "boss")
    assert p["batch"]["words"]["zh"].startswith(f"批次 {rev}：清河县 2024年1—2季度，5 个数值（清河.xlsx）；staff 提交于 ")
    assert p["replaced"] == []
    url = p["files"][0]["url"]
    assert reader.get(url).status_code == 403  # a viewer sees where it came from, not the file
    assert client_for(app, "staff").get(url).status_code == 403
    got = client_for(app, "boss").get(url)
    assert got.status_code == 200 and hashlib.sha256(got.data).hexdigest() == p["files"][0]["sha256"] == url[-64:]
    assert "filename*=UTF-8''%E6%B8%85%E6%B2%B3.xlsx" in got.headers["Content-Disposition"]
    bad = client_for(app, "boss").get(url.replace(url[-64:], "0" * 64))
    assert bad.status_code == 404
    missing = reader.get("/api/v1/provenance?indicator=RD_EXP&region=130533&period=2024Q2&ytd=1")
    assert missing.status_code == 404 and "没有已发布的数值" in missing.get_json()["message_zh"]
    assert reader.get("/api/v1/provenance?indicator=RD_EXP").status_code == 400


def test_rounds_submissions_and_notifications(app):
    rev = submit_and_publish(app)
    staff = client_for(app, "staff")
    rounds = staff.get("/api/v1/rounds?period=2024Q2").get_json()
    assert (rounds["period"], rounds["deadline"], rounds["expected"]) == ("2024Q2", "2024-07-15", 18)
    units = {u["region"]: u["state"] for u in rounds["units"]}
    assert units["130534"] == "published" and units["130533"] == "overdue"
    assert staff.get("/api/v1/rounds?period=2024X9").status_code == 400
    subs = staff.get("/api/v1/submissions").get_json()["items"]
    assert [(s["id"], s["status"], s["reviewed_by"], s["review_comment"]) for s in subs] == [(rev, "published", "boss", "同意")]
    notes = staff.get("/api/v1/notifications").get_json()
    assert notes["unread"] == 1 and notes["items"][0]["text_zh"] == f"批次 {rev} 已由 boss 发布。意见：同意"
    assert staff.post("/api/v1/notifications/read", headers={"X-CSRF-Token": "x"}, json={}).status_code == 200
    assert staff.get("/api/v1/notifications").get_json()["unread"] == 0


def test_region_scopes_are_set_by_administrators_only(app):
    body = {"regions": ["130534", "130533"]}
    assert client_for(app, "staff").put("/api/v1/users/staff/regions", json=body).status_code == 403
    root = client_for(app, "root")
    r = root.put("/api/v1/users/staff/regions", json=body)
    assert r.status_code == 200 and r.get_json()["regions"] == ["130533", "130534"]
    bad = root.put("/api/v1/users/staff/regions", json={"regions": ["999999"]})
    assert bad.status_code == 400 and "未知的地区代码：999999" in bad.get_json()["message_zh"]
    assert root.put("/api/v1/users/nobody/regions", json=body).status_code == 404


def test_prefilled_template_for_the_accounts_regions(app):
    from data.workflow.periods import latest_ended

    r = client_for(app, "staff").get("/download/template/mine.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.data))["数据"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=ws.max_row) if row[0].value]
    period = latest_ended("Q")
    # no figures published yet: every reported indicator is expected, one row each, for 清河县 only
    assert rows and all(r_[0] == "130534" and r_[1] == "清河县" and r_[4] == period for r_ in rows)
    assert all(r_[6] is None and r_[8] == "正式" for r_ in rows)
    assert {r_[2] for r_ in rows} >= {"RD_EXP", "HNTE"}
    assert ws.cell(2, 7).protection.locked is False  # 数值 can be typed in the protected sheet
    assert client_for(app, "reader").get("/download/template/mine.xlsx").status_code == 403


def test_viewing_an_old_round_notifies_nobody(app):
    """breakrank3 #1: a viewer opening /rounds?period=2019Q1 sent 清河县's uploader "2019年第1季度数据已逾期…" (and an
    e-mail): the page's callback notified on every view, for any period a link held. A view now only reads; the
    round still shows 清河县 逾期."""
    from data.workflow import notify
    from layouts import rounds

    with app.server.test_request_context("/rounds?period=2019Q1"):
        st = rounds.compute("2019Q1")
        rounds.body("2019Q1", "zh")
    assert "130534" in st["overdue"]
    with reading(app.engine) as conn:
        assert notify.list_for(conn, "staff") == []


def test_the_cli_notifies_overdue_uploaders_once_in_both_languages(app, monkeypatch, capsys):
    """Overdue notices come from `python app.py rounds PERIOD --notify` (a scheduled job): once per unit and period,
    the English text naming the county in English (it carried 清河县)."""
    import json

    from data.workflow import notify
    from server.cli import run

    monkeypatch.setenv("INSTANCE_PATH", str(app.settings_.instance_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{app.db_path}")
    monkeypatch.setenv("DEMO_DATA", "0")
    assert run(["rounds", "2024Q3", "--notify", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notified"] == 1
    assert run(["rounds", "2024Q3", "--notify"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  已通知逾期单位的填报人员：0 条"
    with reading(app.engine) as conn:
        got = [(n["kind"], n["text_zh"], n["text_en"]) for n in notify.list_for(conn, "staff")]
    # the round's period as officials write it (texts.i18n.period_name: its flows are 1—3季度 累计), never 第3季度
    assert got == [("overdue", "清河县2024年1—3季度数据已逾期（截止日期 2024-10-15），请尽快报送。",
                    "Qinghe County: figures for Q1–Q3 2024 are overdue (due 2024-10-15).")]


def test_a_second_tabs_confirmation_of_a_batch_already_published_refuses(app):
    """breakrank3 #8: a second /review tab restated "发布后…新增 1 个数值" for a batch the first tab had published;
    the confirmation now names its state, as the action itself refuses it."""
    import pytest

    from data.errors import UserError
    from layouts import review

    rev = submit_and_publish(app)
    with app.server.test_request_context("/review"):
        for action, word in (("publish", "发布"), ("reject", "退回")):
            with pytest.raises(UserError) as e:
                review._ask(action, {"rev": rev}, None, "理由", "zh")
            assert e.value.message_zh == f"批次 {rev} 当前状态为「已发布」，不能{word}。"


def test_provenance_404_names_the_figure_and_its_rollback(app):
    """rk7 #3: "没有已发布的数值：RD_EXP / 130534 / 2026M10" named codes, and not the rollback that removed it."""
    from data import schema as t
    from data import store
    from sqlalchemy import update

    rev = submit_and_publish(app)
    with app.engine.begin() as conn:
        store.rollback(conn, rev, "boss", "数据有误")
        conn.execute(update(t.revisions).where(t.revisions.c.id == rev)
                     .values(rolled_back_at=datetime(2026, 12, 1, 2, 5, tzinfo=timezone.utc)))
    reader = client_for(app, "reader")
    body = reader.get("/api/v1/provenance?indicator=RD_EXP&region=130534&period=2024Q2&ytd=1").get_json()
    assert body["message_zh"] == f"没有已发布的数值：清河县2024年1—2季度R&D经费（批次 {rev} 已于 2026-12-01 10:05 撤回）"
    assert body["message_en"] == (f"No published figure for R&D expenditure of Qinghe County, Q1–Q2 2024 "
                                  f"(batch {rev} was rolled back on 2026-12-01 10:05)")
    gone = body["detail"]["rolled_back"]
    at = datetime.fromisoformat(gone.pop("at"))  # the instant stored above (SQLite keeps it naive, in UTC)
    assert (at if at.tzinfo else at.replace(tzinfo=timezone.utc)) == datetime(2026, 12, 1, 2, 5, tzinfo=timezone.utc)
    assert gone == {"batch": rev, "by": "boss"}
    never = reader.get("/api/v1/provenance?indicator=HNTE&region=130533&period=2024Q2").get_json()
    assert never["message_zh"] == "没有已发布的数值：威县2024年二季度末高新技术企业"
    assert never["message_en"] == "No published figure for High-tech enterprises of Wei County, end of Q2 2024"
