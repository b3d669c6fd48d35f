"""Batches: region scopes, duplicate refusal, the review's per-value table and confirmations, provenance,
notifications, resubmission links (SQLite and PostgreSQL)."""
import pandas as pd
import pytest
from sqlalchemy import select

from data import schema, store
from data.db import reading
from data.errors import UserError
from data.imports import service
from data.workflow import batches, notify, provenance, review
from figures.batches import describe
from workbooks import single_unit_form, wide_report

QINGHE = single_unit_form()  # 清河县 2024年1-6月: R&D 15400 (D5), 技术合同 32600 (D6), 本地 29300 (D7), 高企 69 (D8)


def analysed(engine, *files):
    with reading(engine) as conn:
        return service.analyse(conn, list(files))


def test_scoped_account_cannot_stage_other_regions(wf_store):
    result = analysed(wf_store, ("邢台.xlsx", wide_report()))
    with pytest.raises(UserError) as err, wf_store.begin() as conn:
        service.stage(conn, result, "staff", submit=True)
    assert err.value.status == 403
    msg = err.value.message_zh
    assert msg.startswith("账号 staff 只能报送清河县的数据，以下地区不在范围内，本次未写入任何数据：")
    for name in ("威县", "沙河市", "襄都区"):
        assert name in msg
    # the 17 other counties (the 合计, with no zone row, is their total, not stored as the city's: docs/IMPORTS.md)
    assert "130534" not in err.value.detail["refused"] and len(err.value.detail["refused"]) == 17
    with reading(wf_store) as conn:
        assert store.list_revisions(conn).empty  # nothing written
    # The same file from an unscoped account goes through; the account's own county from the scoped one too.
    with wf_store.begin() as conn:
        assert service.stage(conn, result, "free", submit=True) > 0
    with wf_store.begin() as conn:
        assert service.stage(conn, analysed(wf_store, ("清河.xlsx", QINGHE)), "staff", submit=True) > 0


def test_duplicate_of_a_pending_or_published_batch_is_refused(wf_store, stage_as):
    early = analysed(wf_store, ("清河.xlsx", QINGHE))  # checked before the first copy was staged
    first = stage_as("staff", ("清河.xlsx", QINGHE))
    with pytest.raises(UserError, match=f"与批次 {first}（待审核）内容相同"), wf_store.begin() as conn:
        service.stage(conn, early, "staff", submit=True)  # the second click of 提交审核 is refused

    def report(name, data):
        errs = analysed(wf_store, (name, data)).errors
        return list(zip(errs["rule"], errs["message_zh"]))
    # every path shows the report first: the same figures (even in another file) are named as a duplicate
    assert report("清河（另存）.xlsx", QINGHE) == [
        ("duplicate_upload", f"与批次 {first}（待审核）内容相同（文件「清河.xlsx」），未重复提交")]
    with wf_store.begin() as conn:
        service.publish_revision(conn, first, "boss")
    assert report("清河.xlsx", QINGHE) == [
        ("duplicate_upload", f"与批次 {first}（已发布）内容相同（文件「清河.xlsx」），未重复提交")]
    with wf_store.begin() as conn:
        service.rollback_revision(conn, first, "boss", "数据有误")
    assert stage_as("staff", ("清河.xlsx", QINGHE)) > first  # withdrawn: may be submitted again


def test_review_rows_effect_and_confirmation_counts(wf_store, stage_as):
    first = stage_as("staff", ("清河.xlsx", QINGHE))
    with wf_store.begin() as conn:
        service.publish_revision(conn, first, "boss")
    rows = [("研究与试验发展(R&D)经费", "万元", "01", 16940, 8383, 102.08),
            ("技术合同登记额", "万元", "02", 32600, 27800, 17.27),
            ("高新技术企业数", "家", "04", 70, 61, 14.75)]
    fixed = single_unit_form(rows=rows)
    second = stage_as("staff", ("清河-更正.xlsx", fixed))
    with reading(wf_store) as conn:
        info = review.batch_review(conn, second)
    got = info["rows"][["indicator", "period", "is_ytd", "new", "old", "change", "change_pct", "sheet", "cell"]]
    expected = pd.DataFrame([
        ["RD_EXP", "2024Q2", True, 16940.0, 15400.0, 1540.0, 10.0, "科技指标表", "D5"],
        ["TECH_CONTRACT", "2024Q2", True, 32600.0, 32600.0, 0.0, 0.0, "科技指标表", "D6"],
        ["HNTE", "2024Q2", False, 70.0, 69.0, 1.0, 100 / 69, "科技指标表", "D7"],
    ], columns=got.columns)
    pd.testing.assert_frame_equal(got.sort_values("cell").reset_index(drop=True).astype(object),
                                  expected.astype(object), check_exact=False, rtol=1e-9)
    assert info["counts"] == {"replace": 2, "add": 0, "same": 1, "total": 3}
    assert [f["name"] for f in info["files"]] == ["清河-更正.xlsx"]
    with wf_store.begin() as conn:
        service.publish_revision(conn, second, "boss")
    with reading(wf_store) as conn:
        # withdrawing the first: its 5 figures, 3 already replaced by the second, 2 left with no earlier value
        assert review.rollback_effect(conn, first) == {"restore": 0, "remove": 2, "shadowed": 3}
        # withdrawing the second: all 3 go back to the first batch's values
        assert review.rollback_effect(conn, second) == {"restore": 3, "remove": 0, "shadowed": 0}


def test_rollback_list_describes_batches_in_words_never_nan(wf_store, stage_as):
    from data.bootstrap import load_demo_data

    with wf_store.begin() as conn:
        load_demo_data(conn)
    # below the demo's own 2024年1—9月 累计 (12059 …): a 1—6月 above a published 1—9月 is refused (ytd_decrease)
    rev = stage_as("staff", ("清河.xlsx", single_unit_form(rows=[
        ("研究与试验发展(R&D)经费", "万元", "01", 10400, 8383, 24.06), ("技术合同登记额", "万元", "02", 22600, 27800, -18.71),
        ("  其中：本地技术合同登记额", "万元", "03", 19300, 24900, -22.49), ("高新技术企业数", "家", "04", 69, 61, 13.11),
        ("企业技术中心", "个", "05", 10, 9, 11.11)])))
    with reading(wf_store) as conn:
        revs = store.list_revisions(conn).astype(object)
        revs = revs.where(revs.notna(), None).to_dict("records")
        words = {r["id"]: describe(conn, r) for r in revs}
    assert all("nan" not in w and "None" not in w for w in words.values()), words
    assert words[1].startswith("批次 1：") and "示例数据" in words[1] and "个地区" in words[1]
    assert words[rev].startswith(f"批次 {rev}：清河县 2024年1—2季度，5 个数值（清河.xlsx）；staff 提交于 ")
    with reading(wf_store) as conn:  # English pages name the regions in English
        en = {r["id"]: describe(conn, r, "en") for r in revs}
        p = provenance.provenance(conn, "RD_EXP", "130534", "2024Q2", True)
    assert en[rev].startswith(f"Batch {rev}: Qinghe County Q1–Q2 2024, 5 figures (清河.xlsx); submitted by staff on ")
    assert en[1].startswith("Batch 1: Xingtai City, Xiangdu District, Xindu District and others (20 regions) ")
    assert (p["region_name"], p["region_name_en"]) == ("清河县", "Qinghe County")
    demo = next(r for r in revs if r["id"] == 1)  # the demo batch was not made after it was published
    assert (demo["published_at"] - demo["created_at"]).total_seconds() == 0


def test_provenance_names_file_cell_people_and_replaced_values(wf_store, stage_as):
    first = stage_as("staff", ("清河.xlsx", QINGHE))
    with wf_store.begin() as conn:
        service.publish_revision(conn, first, "boss")
    second = stage_as("staff", ("清河-更正.xlsx", single_unit_form(rows=[
        ("研究与试验发展(R&D)经费", "万元", "01", 16940, 8383, 102.08)])))
    with wf_store.begin() as conn:
        service.publish_revision(conn, second, "boss2", "核实无误")
    with reading(wf_store) as conn:
        p = provenance.provenance(conn, "RD_EXP", "130534", "2024Q2", True)
        name, data = batches.file_content(conn, second, p["files"][0]["sha256"])
    assert (p["value"], p["file"], p["sheet"], p["cell"]) == (16940.0, "清河-更正.xlsx", "科技指标表", "D5")
    b = p["batch"]
    assert (b["id"], b["submitted_by"], b["approved_by"], b["comment"]) == (second, "staff", "boss2", "核实无误")
    assert [(r["batch"], r["value"], r["approved_by"]) for r in p["replaced"]] == [(first, 15400.0, "boss")]
    assert name == "清河-更正.xlsx" and data[:2] == b"PK"  # the original workbook, byte for byte
    with pytest.raises(UserError) as err, reading(wf_store) as conn:
        provenance.provenance(conn, "RD_EXP", "130533", "2024Q2", True)
    assert err.value.status == 404


def test_notifications_and_resubmission_link(wf_store, stage_as):
    first = stage_as("staff", ("清河.xlsx", QINGHE))
    with reading(wf_store) as conn:
        assert [n["text_zh"] for n in notify.list_for(conn, "boss")] == [f"批次 {first} 已由 staff 提交，等待审核。"]
        assert notify.unread_count(conn, "boss2") == 1 and notify.unread_count(conn, "staff") == 0
    with wf_store.begin() as conn:
        service.reject_revision(conn, first, "boss", "R&D经费与统计局快报不符")
    with reading(wf_store) as conn:
        notes = notify.list_for(conn, "staff")
    assert [(n["kind"], n["text_zh"]) for n in notes] == [
        ("rejected", f"批次 {first} 被 boss 退回。退回意见：R&D经费与统计局快报不符。请在“我的提交”中更正后重新提交。")]
    # a correction keeps its link to the original; only a rejected batch can be corrected
    second = stage_as("staff", ("清河-更正.xlsx", single_unit_form(rows=[
        ("研究与试验发展(R&D)经费", "万元", "01", 16940, 8383, 102.08)])), resubmits=first)
    with reading(wf_store) as conn:
        subs = batches.submissions_of(conn, "staff")
    assert [(s["id"], s["status"], s["resubmits"], s["corrected_by"], s["review_comment"]) for s in subs] == [
        (second, "submitted", first, None, None), (first, "rejected", None, second, "R&D经费与统计局快报不符")]
    with pytest.raises(UserError, match="未被退回"):
        stage_as("staff", ("清河-再次.xlsx", single_unit_form(rows=[
            ("高新技术企业数", "家", "04", 70, 61, 14.75)])), resubmits=second)
    with wf_store.begin() as conn:
        notify.mark_read(conn, "staff")
        service.publish_revision(conn, second, "boss")
    with reading(wf_store) as conn:
        assert notify.unread_count(conn, "staff") == 1
        assert notify.list_for(conn, "staff")[0]["text_zh"] == f"批次 {second} 已由 boss 发布。"


def test_original_files_are_kept_content_addressed(wf_store, stage_as):
    a = stage_as("staff", ("清河.xlsx", QINGHE))
    with wf_store.begin() as conn:
        service.reject_revision(conn, a, "boss", "退回")
    b = stage_as("staff", ("清河（重交）.xlsx", QINGHE))  # same bytes: one stored copy, two batches
    with reading(wf_store) as conn:
        n = conn.execute(select(schema.stored_files.c.sha256)).all()
        links = conn.execute(select(schema.revision_files.c.revision_id, schema.revision_files.c.name)
                             .order_by(schema.revision_files.c.revision_id)).all()
    assert len(n) == 1
    assert [tuple(x) for x in links] == [(a, "清河.xlsx"), (b, "清河（重交）.xlsx")]


def test_review_yoy_and_previous_period_follow_the_engine_rules(wf_store):
    """The approver's 同比 is the one the pages will show (indicators.growth.change_kernel): a reported 同比
    first, else against the 同口径 base given with the figure, else last year's published figure; and a 累计
    figure of Q1 has no previous period (last year's 1—4季度 累计 is a whole year, not comparable)."""
    cols = ["indicator", "region", "period", "period_kind", "is_ytd", "value", "reported_yoy", "base_value"]
    old = pd.DataFrame([
        ["RD_EXP", "130534", "2025Q1", "Q", True, 4000.0, None, None],
        ["RD_EXP", "130534", "2025Q4", "Q", True, 20000.0, None, None],
        ["RD_EXP", "130534", "2025Q3", "Q", True, 15000.0, None, None],
        ["RD_EXP", "130534", "2025Q2", "Q", True, 9000.0, None, None],
        ["HNTE", "130534", "2025Q1", "Q", False, 55.0, None, None],
        ["HNTE", "130534", "2025Q4", "Q", False, 60.0, None, None],
        ["SUPER_DEDUCT_FIRMS", "130534", "2025Q1", "Q", False, 20.0, None, None],
        ["TSME", "130534", "2025Q1", "Q", False, 0.0, None, None],
    ], columns=cols)
    new = pd.DataFrame([
        ["RD_EXP", "130534", "2026Q1", "Q", True, 5000.0, None, None],
        ["RD_EXP", "130534", "2025Q3", "Q", True, 15600.0, None, None],
        ["HNTE", "130534", "2026Q1", "Q", False, 66.0, None, None],
        ["SUPER_DEDUCT_FIRMS", "130534", "2026Q1", "Q", False, 30.0, None, 24.0],
        ["TSME", "130534", "2026Q1", "Q", False, 90.0, 12.5, None],
        ["PLATFORMS", "130534", "2026Q1", "Q", False, 26.0, None, None],
    ], columns=cols)
    with wf_store.begin() as conn:
        first = store.create_revision(conn, old.assign(status="final"), created_by="free")
        store.submit(conn, first, "free")
        store.publish(conn, first, "boss")
        second = store.create_revision(conn, new.assign(status="final"), created_by="free")
        store.submit(conn, second, "free")
    with reading(wf_store) as conn:
        got = review.batch_review(conn, second)["rows"]
    got = got[["indicator", "period", "is_ytd", "new", "last_year", "yoy_pct", "last_period"]]
    nan = float("nan")
    expected = pd.DataFrame([
        ["RD_EXP", "2026Q1", True, 5000.0, 4000.0, 25.0, nan],             # Q1 累计: no previous period
        ["RD_EXP", "2025Q3", True, 15600.0, nan, nan, 9000.0],             # within the year: 1—2季度 累计
        ["HNTE", "2026Q1", False, 66.0, 55.0, 20.0, 60.0],                 # a stock: last year-end is comparable
        ["SUPER_DEDUCT_FIRMS", "2026Q1", False, 30.0, 20.0, 25.0, nan],    # against the 同口径 base 24, not 20
        ["TSME", "2026Q1", False, 90.0, 0.0, 12.5, nan],                   # the reported 同比, not "base 0"
        ["PLATFORMS", "2026Q1", False, 26.0, nan, nan, nan],
    ], columns=got.columns)
    key = ["indicator", "period"]
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True).astype(object),
                                  expected.sort_values(key).reset_index(drop=True).astype(object),
                                  check_exact=False, rtol=1e-9)


def test_the_form_shows_the_comparable_figures_beside_each_input(wf_store):
    """在线填报 for 2026Q1: 累计 R&D has last year's Q1 beside it but no previous period; the stock HNTE has both."""
    from data.workflow import form

    old = pd.DataFrame([
        ["RD_EXP", "130534", "2025Q1", "Q", True, 4000.0],
        ["RD_EXP", "130534", "2025Q4", "Q", True, 20000.0],
        ["HNTE", "130534", "2025Q1", "Q", False, 55.0],
        ["HNTE", "130534", "2025Q4", "Q", False, 60.0],
    ], columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"]).assign(status="final")
    with wf_store.begin() as conn:
        rev = store.create_revision(conn, old, created_by="free")
        store.submit(conn, rev, "free")
        store.publish(conn, rev, "boss")
    with reading(wf_store) as conn:
        got = form.reference(conn, "130534", "2026Q1", ["RD_EXP", "HNTE", "TSME"])
    expected = pd.DataFrame({"indicator": ["RD_EXP", "HNTE", "TSME"], "last_period": [float("nan"), 60.0, float("nan")],
                             "last_year": [4000.0, 55.0, float("nan")]})
    pd.testing.assert_frame_equal(got, expected)


def test_duplicate_of_a_form_batch_names_its_file_in_both_languages(wf_store, stage_as):
    """brk5 #13: the refusal names the earlier batch's file in zh and en; the online form's generated name is
    shown in English in en ("Online form, Qinghe County, Q2 2024", texts.i18n.batch_file_name), also in the
    batch's words; an uploaded file's own name stays as it is."""
    from data.workflow.form import form_file
    from texts.i18n import batch_file_name

    name, data = form_file("130534", "清河县", "2024Q2", {"RD_EXP": 15400.0, "HNTE": 69.0})
    assert name == "在线填报-清河县-2024Q2.csv"
    early = analysed(wf_store, (name, data))  # checked before the first copy was staged
    first = stage_as("staff", (name, data))
    with reading(wf_store) as conn:
        errs = service.analyse(conn, [("copy.csv", data)], file_label=batch_file_name).errors
        words_en = describe(conn, store.get_revision(conn, first), "en")
    assert list(zip(errs["rule"], errs["message_zh"], errs["message_en"])) == [(
        "duplicate_upload", f"与批次 {first}（待审核）内容相同（文件「在线填报-清河县-2024Q2.csv」），未重复提交",
        f"Same content as batch {first} (submitted, file “Online form, Qinghe County, Q2 2024”); not submitted again")]
    assert "(Online form, Qinghe County, Q2 2024)" in words_en and "在线填报" not in words_en
    with pytest.raises(UserError) as err, wf_store.begin() as conn:
        service.stage(conn, early, "staff", submit=True, file_label=batch_file_name)
    assert err.value.message_en == (f"Same content as batch {first} (submitted, file “Online form, Qinghe County, "
                                    "Q2 2024”); not submitted again.")
    assert err.value.message_zh.startswith(f"与批次 {first}（待审核）内容相同（文件「在线填报-清河县-2024Q2.csv」），")
    assert batch_file_name("清河.xlsx", "en") == "清河.xlsx" and batch_file_name(name, "zh") == name
    assert batch_file_name("在线填报-威县-2026M10.csv、在线填报-清河县-2026.csv", "en") == \
        "Online form, Wei County, Oct 2026; Online form, Qinghe County, 2026"
