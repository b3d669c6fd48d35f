"""The statistics forms' short words for 本期 and 上年同期 (本期数 | 同期数 | 增减%, 本年 | 去年, 今年 | 去年,
本年累计 | 上年累计), as groups over the indicators or around one indicator's name (R&D经费同期数, R&D经费（本期数）,
R&D经费同比增长（%）): the 上年同期 column is the indicator's base_value and the 同比 its reported 同比, never a second
value of the same key (duplicate_conflict, "请只保留一个正确数值", whose fix could not work) nor an unknown indicator.
A 上年同期 or 同比 column whose indicator has no column of this period is refused on its header cell
(side_without_value), not left as unread cells (table_shapes._period_lead, _refuse_sides_alone)."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
TITLE = ["邢台市2024年1-9月县域科技指标"]
TWO = [("HNTE", "130533", "2024Q3", False, 52.0, "C5"), ("HNTE", "130534", "2024Q3", False, 78.0, "C4"),
       ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4")]
TWO_BASES = [("HNTE", "130533", 47.0), ("HNTE", "130534", 73.0), ("RD_EXP", "130533", 7300.0),
             ("RD_EXP", "130534", 11305.0)]


def bases(result):
    o = result.obs.sort_values(["indicator", "region"])
    return [(r.indicator, r.region, float(r.base_value)) for r in o.itertuples()]


@pytest.mark.parametrize("this, last", [("本期数", "同期数"), ("本期", "同期"), ("本年", "去年"), ("今年", "去年"),
                                        ("本年累计", "上年累计")])
def test_groups_over_the_indicators(analyse, this, last):
    g = grid([TITLE, ["县（市、区）", this, None, last, None],
              [None, "R&D经费（万元）", "高新技术企业数（家）", "R&D经费（万元）", "高新技术企业数（家）"],
              ["清河县", 12305, 78, 11305, 73], ["威县", 8300, 52, 7300, 47]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == TWO
    assert bases(r) == TWO_BASES


@pytest.mark.parametrize("header", [("R&D经费本期数", "R&D经费同期数"), ("R&D经费（本期数）", "R&D经费（同期数）"),
                                    ("今年R&D经费", "去年R&D经费"), ("R&D经费（万元）", "同期数"),
                                    ("R&D经费（万元）", "去年")])
def test_one_row_headers(analyse, header):
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", *header], ["清河县", 12305, 11305], ["威县", 8300, 7300]])),
                today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]
    assert bases(r) == [("RD_EXP", "130533", 7300.0), ("RD_EXP", "130534", 11305.0)]


def test_a_form_with_this_and_same_period_columns(analyse):
    g = grid([["清河县科技指标"], ["报告期：2024年1-9月"], ["指标名称", "计量单位", "本期数", "同期数", "增减%"],
              ["R&D经费", "万元", 12305, 11305, 8.8], ["高新技术企业数", "家", 78, 73, 6.8]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C5"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C4")]
    assert bases(r) == [("HNTE", "130534", 73.0), ("RD_EXP", "130534", 11305.0)]


def test_a_growth_column_named_after_its_indicator_is_its_reported_yoy(analyse):
    g = grid([TITLE, ["县（市、区）", "R&D经费（万元）", "R&D经费同比增长（%）", "高新技术企业数", "高新技术企业数增速%"],
              ["清河县", 12305, 8.8, 78, 6.8], ["威县", 8300, 13.7, 52, 10.6]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "D4"), ("HNTE", "130534", "2024Q3", False, 78.0, "D3"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]
    o = r.obs.sort_values(["indicator", "region"])
    assert [(x.indicator, x.region, float(x.reported_yoy)) for x in o.itertuples()] == [
        ("HNTE", "130533", 10.6), ("HNTE", "130534", 6.8), ("RD_EXP", "130533", 13.7), ("RD_EXP", "130534", 8.8)]


@pytest.mark.parametrize("rows, refused", [
    ([TITLE, ["县（市、区）", "上年同期R&D经费（万元）"], ["清河县", 11305], ["威县", 7300]],
     [("side_without_value", "B2", "上年同期R&D经费（万元）")]),
    ([TITLE, ["县（市、区）", "R&D经费同比增长%"], ["清河县", 8.8], ["威县", 13.7]],
     [("side_without_value", "B2", "R&D经费同比增长%")]),
    ([TITLE, ["县（市、区）", "同期数", None], [None, "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", 11305, 73],
      ["威县", 7300, 47]],
     [("side_without_value", "B3", "同期数 / R&D经费（万元）"), ("side_without_value", "C3", "同期数 / 高新技术企业数（家）")]),
])
def test_a_same_period_or_growth_column_alone_is_refused_on_its_header(analyse, rows, refused):
    r = analyse(("f.xlsx", grid(rows)), today=TODAY)
    assert stored(r) == []
    assert [x for x in refusals(r) if x[0] != "no_values"] == refused
    msg = r.errors[r.errors["rule"] == "side_without_value"].iloc[0]
    assert "没有该指标本期数的列" in msg["message_zh"] and "作为上年的本期数单独上传" in msg["fix_zh"]


def test_beside_a_value_column_of_another_indicator_only_its_own_column_is_refused(analyse):
    g = grid([TITLE, ["县（市、区）", "高新技术企业数", "同期数", "R&D经费同期数"], ["清河县", 78, 73, 11305],
              ["威县", 52, 47, 7300]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "B4"), ("HNTE", "130534", "2024Q3", False, 78.0, "B3")]
    assert refusals(r) == [("side_without_value", "D2", "R&D经费同期数")]
    assert bases(r) == [("HNTE", "130533", 47.0), ("HNTE", "130534", 73.0)]


def test_br9_a_same_period_column_stating_its_own_unit_is_read_in_it(analyse):
    """br9 s13: 上年同期 over R&D经费（亿元） beside 本期 over R&D经费（万元）: the base was stored as 1.1305 万元 (the
    value's unit), and 同比 warned +1088356%."""
    g = grid([TITLE, ["县（市、区）", "本期", "上年同期"], [None, "R&D经费（万元）", "R&D经费（亿元）"],
              ["清河县", 12305, 1.1305], ["威县", 8300, 0.73]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == [] and r.warnings.empty
    assert bases(r) == [("RD_EXP", "130533", 7300.0), ("RD_EXP", "130534", 11305.0)]


def test_br9_bare_this_and_last_year_after_the_name_and_a_forms_last_year_months(analyse):
    """br9 s07: R&D经费本年（万元） | R&D经费上年（万元） were unknown indicators; s09: a form's 今年1-9月 | 去年1-9月 under
    清河县2024年科技指标 was 期别不一致 (去年1-9月 read as this year's 1-9月). Now value and 上年同期."""
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费本年（万元）", "R&D经费上年（万元）"],
                                 ["清河县", 12305, 11305], ["威县", 8300, 7300]])), today=TODAY)
    assert refusals(r) == []
    assert bases(r) == [("RD_EXP", "130533", 7300.0), ("RD_EXP", "130534", 11305.0)]
    g = grid([["清河县2024年科技指标"], ["指标名称", "计量单位", "今年1-9月", "去年1-9月"],
              ["R&D经费", "万元", 12305, 11305], ["高新技术企业数", "家", 78, 73]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C4"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]
    assert bases(r) == [("HNTE", "130534", 73.0), ("RD_EXP", "130534", 11305.0)]
