"""Report 5 (#4, #5, #7, #8): a form figure keeps its 快报/正式 status and the review shows a change of it; a pending
batch older than a published correction is flagged with what it would undo; the submitter withdraws (作废) a
pending batch; a rollback needs a reason and tells the submitter who, when and why; the validation report names a
scoped account's rows of other regions (SQLite and PostgreSQL)."""
from datetime import datetime, timezone

import pandas as pd
import pytest
from sqlalchemy import select

from data import schema, store
from data.db import reading
from data.errors import UserError
from data.imports import service
from data.workflow import batches, form, notify, review
from workbooks import long_form

# the moment every action of these tests happens: 2026-12-02 00:20 on the bureau's clock (UTC+8)
NOW = datetime(2026, 12, 1, 16, 20, tzinfo=timezone.utc)


def qinghe_rd(value, status="正式", period="2025Q3"):
    """A long-form file: 清河县 R&D 2025年1—3季度 累计 (data row 2: its value is cell G2)."""
    return long_form([["130534", "清河县", "RD_EXP", "研究与试验发展(R&D)经费", period, "是", value, "万元", status, ""]])


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(store, "now", lambda: NOW)


def stage(engine, user, name, data):
    with reading(engine) as conn:
        result = service.analyse(conn, [(name, data)], user=user)
    assert result.errors.empty, result.errors[["cell", "message_zh"]].to_dict("records")
    with engine.begin() as conn:
        return service.stage(conn, result, user, submit=True)


def test_form_file_writes_each_figures_status_and_offers_the_replaced_one(wf_store):
    name, data = form.form_file("130534", "清河县", "2025Q3", {"RD_EXP": 16300.0, "HNTE": 95.0},
                                statuses={"RD_EXP": "preliminary"})
    assert name == "在线填报-清河县-2025Q3.csv"
    assert data.decode("utf-8-sig").splitlines() == [
        "地区代码,地区,指标代码,指标,期别,是否累计,数值,单位,状态,备注",
        "130534,清河县,RD_EXP,研究与试验发展(R&D)经费,2025Q3,是,16300,万元,快报,",
        "130534,清河县,HNTE,高新技术企业数,2025Q3,否,95,家,正式,",
    ]
    with pytest.raises(UserError, match="未知的数据状态：draft"):
        form.form_file("130534", "清河县", "2025Q3", {"RD_EXP": 1.0}, statuses={"RD_EXP": "draft"})
    # the status of the published figure an input replaces is the default; 正式 where none is published
    first = stage(wf_store, "staff", "快报.xlsx", qinghe_rd(15898, "快报"))
    with wf_store.begin() as conn:
        service.publish_revision(conn, first, "boss")
    with reading(wf_store) as conn:
        assert form.published_statuses(conn, "130534", "2025Q3", ["RD_EXP", "HNTE"]) == {
            "RD_EXP": "preliminary", "HNTE": "final"}
        assert form.published_statuses(conn, "130533", "2025Q3", ["RD_EXP"]) == {"RD_EXP": "final"}


def test_a_status_change_shows_on_review_and_is_not_a_duplicate(wf_store):
    first = stage(wf_store, "staff", "快报.xlsx", qinghe_rd(15898, "快报"))
    with wf_store.begin() as conn:
        service.publish_revision(conn, first, "boss")
    # the same value confirmed as 正式: a batch of its own (not "内容相同"), the review shows 快报→正式
    name, data = form.form_file("130534", "清河县", "2025Q3", {"RD_EXP": 15898.0}, statuses={"RD_EXP": "final"})
    second = stage(wf_store, "staff", name, data)
    with reading(wf_store) as conn:
        rows = review.batch_review(conn, second)["rows"]
    assert rows[["indicator", "new", "old", "status_new", "status_old", "cell"]].to_dict("records") == [
        {"indicator": "RD_EXP", "new": 15898.0, "old": 15898.0, "status_new": "final", "status_old": "preliminary",
         "cell": "G2"}]
    from layouts.review import status_cell

    assert [status_cell("final", "preliminary", "zh"), status_cell("final", "preliminary", "en"),
            status_cell("preliminary", "preliminary", "zh"), status_cell("final", None, "zh")] == [
        "快报→正式", "Preliminary→Final", "快报", "正式"]
    # a 快报 figure kept 快报 through the form stays 快报 when published
    name, data = form.form_file("130534", "清河县", "2025Q3", {"RD_EXP": 16300.0}, statuses={"RD_EXP": "preliminary"})
    third = stage(wf_store, "staff", name, data)
    with wf_store.begin() as conn:
        service.publish_revision(conn, third, "boss")
    with reading(wf_store) as conn:
        pub = store.published_observations(conn, indicators=["RD_EXP"], regions=["130534"])
    assert pub[["period", "value", "status", "revision_id"]].to_dict("records") == [
        {"period": "2025Q3", "value": 16300.0, "status": "preliminary", "revision_id": third}]


def test_an_older_pending_batch_names_the_newer_published_correction_it_would_undo(wf_store, clock):
    older = stage(wf_store, "staff", "更正.xlsx", qinghe_rd(16200, "快报"))
    newer = stage(wf_store, "staff", "再次更正.xlsx", qinghe_rd(16300))
    with reading(wf_store) as conn:
        assert review.superseding(conn, older) == []  # nothing published yet
    later = datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc)  # published 40 minutes after both were submitted
    with wf_store.begin() as conn:
        store.publish(conn, newer, "boss", at=later)
    with reading(wf_store) as conn:
        got = review.superseding(conn, older)
        info = review.batch_review(conn, older)
    assert [(g["rev"], g["published_by"], g["keys"], g["undo"]) for g in got] == [(newer, "boss", 1, 1)]
    assert got[0]["rows"].to_dict("records") == [
        {"indicator": "RD_EXP", "region": "130534", "period": "2025Q3", "is_ytd": True, "old": 16300.0, "new": 16200.0,
         "status_old": "final", "status_new": "preliminary"}]
    assert [x["rev"] for x in info["superseded"]] == [newer]
    from layouts.review import superseded_text

    assert superseded_text(got[0], "zh") == (
        f"本批次提交之后，批次 {newer} 已由 boss 于 2026-12-02 01:00 发布；发布本批次将撤销其中 1 个数值（已发布值→本批次值）："
        "研究与试验发展(R&D)经费 清河县 2025年1—3季度 16300→16200（正式→快报）。")
    assert superseded_text(got[0], "en") == (
        f"After this batch was submitted, boss published batch {newer} on 2026-12-02 01:00; publishing this "
        "batch would undo 1 figure of it (published → this batch): R&D expenditure Qinghe County Q1–Q3 2025 "
        "16,300→16,200 (Final→Preliminary).")
    # a batch submitted after the publish is not flagged: it knew the published figure
    fresh = stage(wf_store, "staff", "第三次.xlsx", qinghe_rd(16400))
    with wf_store.begin() as conn:
        conn.execute(schema.revisions.update().where(schema.revisions.c.id == fresh)
                     .values(submitted_at=datetime(2026, 12, 1, 18, 0, tzinfo=timezone.utc)))
    with reading(wf_store) as conn:
        assert review.superseding(conn, fresh) == []


def test_the_submitter_withdraws_a_pending_batch(wf_store, clock):
    rev = stage(wf_store, "staff", "清河.xlsx", qinghe_rd(16200))
    with pytest.raises(UserError) as other, wf_store.begin() as conn:
        service.cancel_revision(conn, rev, "free")
    assert (other.value.status, other.value.message_zh) == (403, f"批次 {rev} 由 staff 提交，只有提交人本人可以作废。")
    with wf_store.begin() as conn:
        service.cancel_revision(conn, rev, "staff", "数据填错了")
    with reading(wf_store) as conn:
        r = store.get_revision(conn, rev)
        audit = conn.execute(select(schema.audit_log.c.action, schema.audit_log.c.username, schema.audit_log.c.detail)
                             .where(schema.audit_log.c.target == f"revision:{rev}")
                             .order_by(schema.audit_log.c.id)).all()
        boss_notes = [(n["kind"], n["text_zh"]) for n in notify.list_for(conn, "boss")]
        mine = batches.submissions_of(conn, "staff")
    assert (r["status"], r["cancelled_by"], r["cancel_comment"]) == ("cancelled", "staff", "数据填错了")
    assert [a.action for a in audit] == ["revision.create", "revision.submit", "revision.cancel"]
    assert (audit[-1].username, audit[-1].detail) == ("staff", '{"comment": "数据填错了", "from": "submitted"}')
    assert boss_notes[0] == ("cancelled", f"批次 {rev} 已由提交人 staff 撤回作废，无需审核。说明：数据填错了")
    from layouts.submissions import closing_line

    assert closing_line(mine[0], "zh") == "staff 于 2026-12-02 00:20 撤回作废，说明：数据填错了"
    assert closing_line(mine[0], "en") == "Cancelled by staff on 2026-12-02 00:20. Note: 数据填错了"
    # a withdrawn batch cannot be published, nor withdrawn twice; its figures may be submitted again
    with pytest.raises(UserError, match=f"批次 {rev} 当前状态为「已作废」，不能发布。"), wf_store.begin() as conn:
        service.publish_revision(conn, rev, "boss")
    with pytest.raises(UserError, match=f"批次 {rev} 当前状态为「已作废」，不能作废。"), wf_store.begin() as conn:
        service.cancel_revision(conn, rev, "staff")
    assert stage(wf_store, "staff", "清河.xlsx", qinghe_rd(16200)) > rev


def test_a_rollback_needs_a_reason_and_tells_the_submitter_who_when_why(wf_store, clock):
    rev = stage(wf_store, "staff", "清河.xlsx", qinghe_rd(16200))
    with wf_store.begin() as conn:
        service.publish_revision(conn, rev, "boss")
    for blank in (None, "", "   "):
        with pytest.raises(UserError) as err, wf_store.begin() as conn:
            service.rollback_revision(conn, rev, "boss2", blank)
        assert err.value.message_zh == "撤回已发布的批次时请填写撤回原因，提交人会看到它。"
    with wf_store.begin() as conn:
        service.rollback_revision(conn, rev, "boss2", " 与统计局年报不符 ")
    with reading(wf_store) as conn:
        r = store.get_revision(conn, rev)
        note = notify.list_for(conn, "staff")[0]
        mine = batches.submissions_of(conn, "staff")[0]
    assert (r["status"], r["rolled_back_by"], r["rollback_comment"]) == ("rolled_back", "boss2", "与统计局年报不符")
    assert (note["kind"], note["text_zh"], note["text_en"]) == (
        "rolled_back", f"批次 {rev} 已于 2026-12-02 00:20 被 boss2 撤回，其数值不再作为已发布数据。撤回原因：与统计局年报不符",
        f"Batch {rev} was rolled back by boss2 on 2026-12-02 00:20; its figures are no longer published. "
        "Reason: 与统计局年报不符")
    from figures.batches import describe
    from layouts.submissions import closing_line

    assert closing_line(mine, "zh") == "boss2 于 2026-12-02 00:20 撤回，原因：与统计局年报不符"
    assert closing_line(mine, "en") == "Withdrawn by boss2 on 2026-12-02 00:20. Reason: 与统计局年报不符"
    with reading(wf_store) as conn:
        assert describe(conn, mine, "en").endswith(
            "; published by boss on 2026-12-02 00:20; withdrawn by boss2 on 2026-12-02 00:20")


def test_the_validation_report_names_rows_outside_the_accounts_regions(wf_store):
    rows = [["130534", "清河县", "HNTE", "高新技术企业数", "2025Q3", "否", 95, "家", "正式", ""],
            ["130533", "威县", "HNTE", "高新技术企业数", "2025Q3", "否", 40, "家", "正式", ""],
            ["130581", "南宫市", "HNTE", "高新技术企业数", "2025Q3", "否", 75, "家", "正式", ""]]
    data = long_form(rows)
    with reading(wf_store) as conn:
        scoped = service.analyse(conn, [("q3_scope.xlsx", data)], user="staff")
        free = service.analyse(conn, [("q3_scope.xlsx", data)], user="free")
        nobody = service.analyse(conn, [("q3_scope.xlsx", data)])
    errs = scoped.errors[["sheet", "cell", "rule", "message_zh", "message_en"]].to_dict("records")
    assert errs == [
        {"sheet": "数据", "cell": "G3", "rule": "region_scope",
         "message_zh": "地区不在本账号的报送范围内：威县（账号 staff 只能报送清河县的数据），提交时将被拒绝",
         "message_en": "Region outside this account's scope: Wei County (account staff may submit figures for "
                       "Qinghe County only); submitting would be refused"},
        {"sheet": "数据", "cell": "G4", "rule": "region_scope",
         "message_zh": "地区不在本账号的报送范围内：南宫市（账号 staff 只能报送清河县的数据），提交时将被拒绝",
         "message_en": "Region outside this account's scope: Nangong City (account staff may submit figures for "
                       "Qinghe County only); submitting would be refused"}]
    assert scoped.errors["fix_zh"].tolist() == ["请删去这些行（列），或请管理员调整账号 staff 的报送地区"] * 2
    assert free.errors.empty and nobody.errors.empty  # an unscoped account, and no account, are not limited
    # the report and the refusal are the same rule (scopes.outside); submitting says it in the rule's own words
    for result in (scoped, nobody):
        with pytest.raises(UserError) as refused, wf_store.begin() as conn:
            service.stage(conn, result, "staff", submit=True)
        assert (refused.value.status, refused.value.detail) == (403, {"allowed": ["130534"],
                                                                      "refused": ["130533", "130581"]})
        assert refused.value.message_zh == (
            "账号 staff 只能报送清河县的数据，以下地区不在范围内，本次未写入任何数据：威县1 个数值（数据 G3）；"
            "南宫市1 个数值（数据 G4）。请删去这些行后重新提交，或请管理员调整账号的报送地区。")
    with reading(wf_store) as conn:
        assert store.list_revisions(conn).empty


def test_migration_0010_rehashes_batches_holding_figures_that_are_not_final(engine):
    from data.db import migrate

    migrate(engine, "0004")
    obs = pd.DataFrame([["RD_EXP", "130534", "2025Q3", "Q", True, 15898.0, "preliminary"],
                        ["HNTE", "130534", "2025Q3", "Q", False, 95.0, "final"]],
                       columns=["indicator", "region", "period", "period_kind", "is_ytd", "value", "status"])
    from sqlalchemy import text

    with engine.begin() as conn:
        for i, frame in ((1, obs), (2, obs.assign(status="final"))):
            conn.execute(text("INSERT INTO revisions (id, kind, status, created_at, row_count, content_sha256) "
                              "VALUES (:i, 'import', 'published', :now, 2, 'old')"), {"i": i, "now": NOW})
            for r in frame.itertuples():
                conn.execute(text("INSERT INTO observations (revision_id, indicator, region, period, period_kind, "
                                  "is_ytd, value, status) VALUES (:rid, :ind, :reg, :per, 'Q', :ytd, :v, :st)"),
                             {"rid": i, "ind": r.indicator, "reg": r.region, "per": r.period, "ytd": r.is_ytd,
                              "v": r.value, "st": r.status})
    migrate(engine)
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT id, content_sha256 FROM revisions")).all())
    assert got == {1: service.content_hash(obs), 2: "old"}  # an all-正式 batch hashes as before: untouched
    assert service.content_hash(obs) != service.content_hash(obs.assign(status="final"))
