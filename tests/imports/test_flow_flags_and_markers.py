"""Three kinds of silent wrong figures found by a fresh tester, refused or flagged with literal outcomes:
a flow quarter whose 累计 status is unsaid, a no-data marker that would blank a published figure, and a key
given two different values (the message names both)."""
from __future__ import annotations

from datetime import date

import pytest

from workbooks import long_form

TODAY = date(2026, 11, 30)
HEADER_NO_FLAG = ["地区", "指标", "期别", "数值"]


def _rules(result, severity):
    frame = result.errors if severity == "error" else result.warnings
    return frame[["rule", "cell"]].values.tolist()


def test_a_flow_quarter_that_says_neither_ytd_nor_single_is_refused_at_its_period_cell(analyse):
    data = long_form([["清河县", "R&D经费", "2024Q3", 12305], ["威县", "R&D经费", "2024Q3", 8300],
                      ["清河县", "高新技术企业数", "2024Q3", 78]], header=HEADER_NO_FLAG)
    r = analyse(("x.xlsx", data), today=TODAY)
    assert _rules(r, "error") == [["ytd_unsaid", "C2"], ["ytd_unsaid", "C3"]]  # the stock (HNTE) is fine
    # said in words, it is read: 1—9月 is 累计, 第三季度 the single quarter
    for period, ytd in (("2024年1—9月", True), ("2024年第三季度", False)):
        r = analyse(("y.xlsx", long_form([["清河县", "R&D经费", period, 12305]], header=HEADER_NO_FLAG)), today=TODAY)
        assert r.errors.empty, r.errors[["rule", "message_zh"]].to_string()
        assert r.obs[["indicator", "region", "period", "is_ytd", "value"]].values.tolist() == \
            [["RD_EXP", "130534", "2024Q3", ytd, 12305.0]]
    # the template's 是否累计 column says it
    r = analyse(("z.xlsx", long_form([["130534", "清河县", "RD_EXP", "R&D经费", "2024Q3", "否", 4406, "万元", "正式", ""]])),
                today=TODAY)
    assert r.errors.empty and r.obs[["period", "is_ytd", "value"]].values.tolist() == [["2024Q3", False, 4406.0]]


def test_a_marker_where_a_figure_is_published_is_a_warning_naming_the_published_figure(analyse, sqlite_store):
    from data.imports import service

    first = analyse(("a.xlsx", long_form([["130535", "临西县", "HNTE", "高新技术企业数", "2024Q3", "", 40, "家", "正式", ""]])),
                    today=TODAY)
    assert first.errors.empty
    with sqlite_store.begin() as conn:
        rev = service.stage(conn, first, "staff", submit=True)
        service.publish_revision(conn, rev, "boss")
    r = analyse(("b.xlsx", long_form([["130535", "临西县", "HNTE", "高新技术企业数", "2024Q3", "", "-", "家", "正式", ""]])),
                today=TODAY)
    w = r.warnings[r.warnings["rule"] == "value_cleared"]
    assert w[["cell", "message_zh"]].values.tolist() == [
        ["G2", "该单元格是“无数据”标记，而该数已经发布：已发布的数值为 40，发布后将变为空"]]


def test_a_key_given_two_values_names_both_on_each_cell(analyse):
    data = long_form([["130534", "清河县", "RD_EXP", "R&D经费", "2024Q3", "是", 12305, "万元", "正式", ""],
                      ["130534", "清河县", "RD_EXP", "R&D经费", "2024Q3", "是", 9999, "万元", "正式", ""]])
    r = analyse(("d.xlsx", data), today=TODAY)
    e = r.errors[r.errors["rule"] == "duplicate_conflict"]
    assert e["cell"].tolist() == ["G2", "G3"]
    assert all(m.endswith("同一地区、指标和期别出现多次，数值分别为 12305、9999") for m in e["message_zh"]), e["message_zh"].tolist()


def test_br8_a_title_stating_only_a_code_leaves_a_flows_accumulation_unsaid(analyse):
    """br8 p26: the title 邢台市县域科技指标 2024Q3 stored the flow (R&D经费) as 7—9月 alone. A code says neither 累计
    nor 当季, as a long form's bare period cell: the flow's figures are refused on the title's cell (ytd_unsaid); the
    stock (高新技术企业数, at the end of Q3) is read. Said in words, the title is read."""
    from workbooks import grid

    def table(title):
        return ("t.xlsx", grid([[title], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", 12305, 78],
                                ["威县", 8300, 52]]))

    r = analyse(table("邢台市县域科技指标 2024Q3"), today=TODAY)
    assert _rules(r, "error") == [["ytd_unsaid", "A1"]]
    r = analyse(table("邢台市县域科技指标（2024M09）"), today=TODAY)
    assert _rules(r, "error") == [["ytd_unsaid", "A1"]]
    for title, period, ytd in (("邢台市2024年1—9月县域科技指标", "2024Q3", True),
                               ("邢台市县域科技指标（2024年1-9月）", "2024Q3", True),
                               ("邢台市2024年第三季度县域科技指标", "2024Q3", False)):
        r = analyse(table(title), today=TODAY)
        assert r.errors.empty, (title, r.errors[["rule", "cell"]].values.tolist())
        rd = r.obs[r.obs["indicator"] == "RD_EXP"].sort_values("region")
        assert rd[["region", "period", "is_ytd", "value"]].values.tolist() == [
            ["130533", period, ytd, 8300.0], ["130534", period, ytd, 12305.0]], title


@pytest.mark.parametrize("title, sheet, file", [("邢台市2024年Q3县域科技指标", "Sheet1", "t.xlsx"),
                                               ("邢台市县域科技指标 2024-Q3", "Sheet1", "t.xlsx"),
                                               ("邢台市县域科技指标", "2024Q3", "t.xlsx"),
                                               ("邢台市县域科技指标", "Sheet1", "科技指标_2024Q3.xlsx")])
def test_br9_a_code_in_the_title_sheet_or_file_name_leaves_a_flow_unsaid(analyse, title, sheet, file):
    from workbooks import grid

    data = grid([[title], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", 12305, 78],
                 ["威县", 8300, 52]], title=sheet)
    r = analyse((file, data), today=TODAY)
    assert _rules(r, "error") == [["ytd_unsaid", "A1"]]
    assert r.obs[r.obs["indicator"] == "HNTE"][["region", "period", "value"]].values.tolist() == [
        ["130534", "2024Q3", 78.0], ["130533", "2024Q3", 52.0]]
