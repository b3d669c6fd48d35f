"""A1 (breaker3): a unit written in an indicator's own name ("研究与试验发展(R&D)经费（亿元）") is a unit source like
the row's 计量单位 and the value header's brackets. It was ignored: 1.2305 stored as 1.2305 万元 where the form says
亿元 (12305 万元). Where the name's unit is the only one, the figure is read in it; where another source of the same
figure names a different unit of one kind (the 计量单位 says 万元, the header 本期（万元）, a unit row, the unit line),
the figure is refused as unit_conflict naming both cells, never read by one of them."""
import datetime as dt

import pytest
from import_checks import problems
from workbooks import grid, long_form

TODAY = dt.date(2026, 1, 10)
META = [["县域科技活动情况季报"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"], ["报告期：2024年1-9月"]]


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


def conflicts(result):
    bad = problems(result, "unit_conflict")
    return [(p.cell, p.value, p.message_zh.split("：", 1)[1]) for p in bad.itertuples()]


# ---- a single unit's form (NBS style) ------------------------------------------------------------

@pytest.mark.parametrize(("header", "rows", "expected"), [
    # n06: no 计量单位 column, the name says 亿元
    (["指标名称", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费（亿元）", 1.2305, 0.98], ["高新技术企业数（家）", 78, 69]],
     [("HNTE", "130534", "2024Q3", False, 78.0, "B6"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B5")]),
    # n12: a 计量单位 column, blank on the row whose name says 亿元
    (["指标名称", "计量单位", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费（亿元）", None, 1.2305, 0.98], ["技术合同登记额", "万元", 29311, 25100]],
     [("RD_EXP", "130534", "2024Q3", True, 12305.0, "C5"), ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0, "C6")]),
    # n13: ASCII brackets, 千元 and 亿元
    (["指标名称", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费(千元)", 123050, None], ["技术合同登记额(亿元)", 2.9311, None]],
     [("RD_EXP", "130534", "2024Q3", True, 12305.0, "B5"), ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0, "B6")]),
    # n16: a 其中 sub-item in 亿元 under an item in 万元
    (["指标名称", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费（万元）", 12305, None], ["其中：规模以上工业企业R&D经费（亿元）", 0.98, None]],
     [("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "B6"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B5")]),
])
def test_form_unit_in_the_indicator_name_is_read(analyse, header, rows, expected):
    r = analyse(("f.xlsx", grid([*META, header, *rows])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == expected


def test_form_name_and_unit_column_disagree(analyse):
    """n18: the name says 亿元, the 计量单位 万元: 1.2305 could be either; refused on the unit cell, naming both."""
    rows = [["研究与试验发展(R&D)经费（亿元）", "万元", 1.2305, 0.98], ["高新技术企业数", "家", 78, 69]]
    r = analyse(("f.xlsx", grid([*META, ["指标名称", "计量单位", "本期", "上年同期"], *rows])), today=TODAY)
    assert conflicts(r) == [("B5", "万元", "指标名称 A5 为“亿元”，B5 为“万元”，两种单位读出的数相差 10000 倍")]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C6")]
    assert r.counts()["cells"]["refused"] == 2   # the figure and its 上年同期


def test_form_name_and_value_header_disagree(analyse):
    """The header says 本期（万元）, the name 亿元, no 计量单位 column: refused on the name's cell, naming both."""
    rows = [["研究与试验发展(R&D)经费（亿元）", 1.2305], ["技术合同登记额", 29311]]
    r = analyse(("f.xlsx", grid([*META, ["指标名称", "本期（万元）"], *rows])), today=TODAY)
    assert conflicts(r) == [("A5", "亿元", "表头 B4 为“万元”，指标名称 A5 为“亿元”，两种单位读出的数相差 10000 倍")]
    assert stored(r) == [("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0, "B6")]


# ---- long form -------------------------------------------------------------------------------------

def test_long_form_unit_in_the_indicator_name_where_the_unit_cell_is_blank(analyse):
    """l18: 指标 R&D经费（亿元）, 单位 blank: 1.2305 亿元 = 12305 万元."""
    rows = [["130534", "清河县", "", "研究与试验发展(R&D)经费（亿元）", "2024年1-9月", "是", 1.2305, "", "", ""],
            ["130533", "威县", "", "技术合同登记额(千元)", "2024年1-9月", "是", 280490, "", "", ""]]
    r = analyse(("l.xlsx", long_form(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "G2"),
                         ("TECH_CONTRACT", "130533", "2024Q3", True, 28049.0, "G3")]


def test_long_form_name_and_unit_cell_disagree(analyse):
    rows = [["130534", "清河县", "", "研究与试验发展(R&D)经费（亿元）", "2024年1-9月", "是", 1.2305, "万元", "", ""],
            ["130533", "威县", "", "研究与试验发展(R&D)经费", "2024年1-9月", "是", 8300, "万元", "", ""]]
    r = analyse(("l.xlsx", long_form(rows)), today=TODAY)
    assert conflicts(r) == [("H2", "万元", "指标名称 D2 为“亿元”，H2 为“万元”，两种单位读出的数相差 10000 倍")]
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "G3")]


# ---- wide tables -----------------------------------------------------------------------------------

def test_wide_header_name_and_unit_row_disagree(analyse):
    """R&D经费（亿元） with a unit row 万元 under it: the column states two units; refused on the unit row's cell."""
    data = grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（亿元）", "高新技术企业数"],
                 [None, "万元", "家"], ["清河县", 1.2305, 78], ["威县", 0.83, 52]])
    r = analyse(("w.xlsx", data), today=TODAY)
    assert conflicts(r) == [("B3", "万元", "表头 B2 为“亿元”，表头 B3 为“万元”，两种单位读出的数相差 10000 倍")]
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C5"), ("HNTE", "130534", "2024Q3", False, 78.0, "C4")]
    assert r.counts()["cells"]["refused"] == 2


def test_series_title_names_the_indicator_and_its_unit(analyse):
    """A yearbook series whose title names the indicator with its unit (…经费（亿元）): the period columns are in 亿元."""
    data = grid([["邢台市各县（市、区）研究与试验发展(R&D)经费（亿元）"], ["县（市、区）", "2023年", "2024年"],
                 ["清河县", 0.8381, 1.5398], ["威县", 0.7, 0.83]])
    r = analyse(("s.xlsx", data), today=TODAY)
    assert problems(r, "unit_unknown").empty and problems(r, "unit_conflict").empty
    assert stored(r) == [("RD_EXP", "130533", "2023", False, 7000.0, "B4"), ("RD_EXP", "130533", "2024", False, 8300.0, "C4"),
                         ("RD_EXP", "130534", "2023", False, 8381.0, "B3"), ("RD_EXP", "130534", "2024", False, 15398.0, "C3")]


def test_series_title_unit_and_unit_line_disagree(analyse):
    data = grid([["邢台市各县（市、区）研究与试验发展(R&D)经费（亿元）"], ["单位：万元"], ["县（市、区）", "2023年", "2024年"],
                 ["清河县", 0.8381, 1.5398], ["威县", 0.7, 0.83]])
    r = analyse(("s.xlsx", data), today=TODAY)
    assert conflicts(r) == [("A2", "万元", "标题 A1 为“亿元”，单位行 A2 为“万元”，两种单位读出的数相差 10000 倍")]
    assert r.obs.empty


def test_a_name_and_its_unit_cell_counting_different_things_conflict(analyse):
    # breaker4 un06: 科技特派员（人次） with 计量单位 人 — visits or persons? refused, naming both cells (it was stored,
    # and once refused the message crashed on units of two kinds)
    rows = [["科技特派员（人次）", "人", 35, 30], ["高新技术企业数（家）", "个", 78, 69]]
    r = analyse(("f.xlsx", grid(META + [["指标名称", "计量单位", "本期", "上年同期"], *rows])), today=TODAY)
    assert conflicts(r) == [("B5", "人", "指标名称 A5 为“人次”，B5 为“人”，两种单位计量的不是同一种量")]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C6")]   # 家 and 个 count the same
