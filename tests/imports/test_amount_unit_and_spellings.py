"""金额单位：X over a table states the amounts' unit only: a count column (高新技术企业数) keeps its own 家 and is
read, never refused as "万元 does not fit 家"; money columns take X (亿元 scaled to 万元). A plain 单位：万元 over a
count column stays refused (it names one unit for every column). And spellings of structure the
break pass met: 时间 heading a period column, ·56· as a page number."""
import datetime as dt

from import_checks import problems
from workbooks import grid

TODAY = dt.date(2026, 1, 10)


def table(unit_line):
    return grid([["邢台市2024年1-9月县域科技指标"], [unit_line],
                 ["县（市、区）", "R&D经费", "高新技术企业数"], ["清河县", 1.2305, 78], ["威县", 0.83, 52]])


def test_amount_unit_line_leaves_counts_their_own_unit(analyse):
    r = analyse(("t.xlsx", table("金额单位：亿元")), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert sorted((o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value)) for o in r.obs.itertuples()) == [
        ("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
        ("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]


def test_a_plain_unit_line_over_a_count_column_is_still_refused(analyse):
    r = analyse(("t.xlsx", table("单位：亿元")), today=TODAY)
    assert problems(r, "unit_unknown")["cell"].tolist() == ["C3"]   # the column's header, once


def test_a_period_column_headed_shijian_and_a_dotted_page_number(analyse):
    # 时间 heads the long form's period column; ·56· under a yearbook table is its page number, not a stray cell
    from workbooks import long_form

    header = ["地区代码", "地区", "指标代码", "指标", "时间", "是否累计", "数值", "单位", "状态", "备注"]
    r = analyse(("l.xlsx", long_form([["130534", "清河县", "RD_EXP", "", "2024年1-9月", "是", 12305, "万元", "", ""]],
                                     header=header)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert [(o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value)) for o in r.obs.itertuples()] == [
        ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    data = grid([["2024年各县（市、区）高新技术企业数"], ["县（市、区）", "高新技术企业数（家）"], ["清河县", 78], ["威县", 52],
                 [None, "·56·"]])
    r = analyse(("y.xlsx", data), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert len(r.obs) == 2 and r.counts()["cells"]["structure_kinds"].get("page_number") == 1
