"""A4, A6, C3 (breaker5): unit lines above a wide table.

A line naming a unit the reader did not know (单位：亿, 单位：千万元, 单位：万美元) was dropped and still counted as an
understood unit line, so the figures took the catalogue's 万元; two lines that disagree (A2 单位：万元, C2 单位：亿元)
let the first win silently. Now the common spellings read as the units they are (亿 = 亿元, 亿元人民币 = 亿元,
人民币万元 = 万元, 千万元 = ×1000 万元), a foreign currency or a word not understood is unit_line_unknown on the line's
cell (the line refused, never counted as understood), and two lines naming different units of one kind are
unit_conflict naming both cells."""
import datetime as dt

import pytest
from import_checks import problems
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
TITLE = ["邢台市2024年1-9月县域科技指标"]


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


def table(lines, rd, hn=(78, 52, 40), header=("R&D经费", "高新技术企业数")):
    return grid([TITLE, *lines, ["县（市、区）", *header],
                 *[[n, a, b] for n, a, b in zip(["清河县", "威县", "临西县"], rd, hn)]])


def rd_rows(values, first_row):
    regions = ["130534", "130533", "130535"]
    out = [("RD_EXP", reg, "2024Q3", True, v, f"B{first_row + i}") for i, (reg, v) in enumerate(zip(regions, values))]
    return sorted(out, key=lambda t: t[1])


def hn_rows(first_row):
    regions = ["130534", "130533", "130535"]
    return sorted([("HNTE", reg, "2024Q3", False, v, f"C{first_row + i}")
                   for i, (reg, v) in enumerate(zip(regions, [78.0, 52.0, 40.0]))], key=lambda t: t[1])


# 清河县, 威县, 临西县 in 万元 and 家, whatever unit line the R&D figures were written under
CONVERTED = [("HNTE", "130533", "2024Q3", False, 52.0, "C5"), ("HNTE", "130534", "2024Q3", False, 78.0, "C4"),
             ("HNTE", "130535", "2024Q3", False, 40.0, "C6"),
             ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"),
             ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4"),
             ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B6")]


@pytest.mark.parametrize(("line", "rd"), [
    (["单位：亿"], [1.2305, 0.83, 0.5722]),                       # un30
    (["（单位：亿）"], [1.2305, 0.83, 0.5722]),                    # un33
    (["单位：亿元人民币"], [1.2305, 0.83, 0.5722]),                # un28
    (["单位：千万元"], [1.2305, 0.83, 0.5722]),                    # un29
    (["单位：人民币亿元"], [1.2305, 0.83, 0.5722]),
])
def test_spellings_of_a_money_unit_convert(analyse, line, rd):
    r = analyse(("f.xlsx", table([line], [x * (10 if "千万" in line[0] else 1) for x in rd],
                                 header=("R&D经费", "高新技术企业数（家）"))), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == CONVERTED
    assert r.counts()["cells"]["structure_kinds"]["unit_line"] == 1


@pytest.mark.parametrize("line", [
    "金额单位：千万元",           # un21: counts keep their own
    "单位：人民币万元、家",        # un25
    "单位：亿元人民币、家",        # un27
])
def test_spellings_beside_a_count_unit(analyse, line):
    rd = [1.2305, 0.83, 0.5722] if "亿" in line else [12.305, 8.3, 5.722] if "千万" in line else [12305, 8300, 5722]
    r = analyse(("f.xlsx", table([[line]], rd)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == CONVERTED


FOREIGN_FIX = "请把数值换算为人民币（万元）后填写，并把单位行改为“单位：万元”（同时列出其他单位，如“单位：万元、家”）"
OTHER_FIX = "请把单位行改为指标目录的单位，如“单位：万元”“单位：亿元”或“单位：万元、家”，数值按所写单位填写"


@pytest.mark.parametrize(("line", "why", "fix", "kept"), [
    ("单位：万美元", "“万美元”是外币，不是人民币单位", FOREIGN_FIX, []),                    # un20
    ("单位：亿美元", "“亿美元”是外币，不是人民币单位", FOREIGN_FIX, []),                    # un31
    ("单位：万美元、家", "“万美元”是外币，不是人民币单位", FOREIGN_FIX, []),                # un03
    ("单位：万港元", "“万港元”是外币，不是人民币单位", FOREIGN_FIX, []),
    ("单位：万", "无法识别其中的单位“万”", OTHER_FIX, []),                                  # un32
    ("单位：千万", "无法识别其中的单位“千万”", OTHER_FIX, []),
    ("单位：万元、千户", "无法识别其中的单位“千户”", OTHER_FIX, []),
])
def test_a_unit_not_understood_refuses_the_line(analyse, line, why, fix, kept):
    r = analyse(("f.xlsx", table([[line]], [4100, 3000, 2000], header=("技术合同成交额", "高新技术企业数"))),
                today=TODAY)
    bad = problems(r, "unit_line_unknown")
    assert [(p.cell, p.value, p.message_zh, p.fix_zh) for p in bad.itertuples()] == [
        ("A2", line, f"单位行「{line}」{why}，表中数值的单位无法确定，未导入", fix)]
    assert stored(r) == kept
    assert problems(r, "unit_unknown").empty and problems(r, "unit_ambiguous").empty
    cells = r.counts()["cells"]
    assert "unit_line" not in cells["structure_kinds"]
    assert cells["refused"] == 7   # the line and the six figures


def test_a_count_column_with_its_own_unit_stays_read_under_an_unknown_line(analyse):
    """The line's unit is not understood: the columns that would take it are refused; a column stating its own
    unit (高新技术企业数（家）) does not need the line."""
    r = analyse(("f.xlsx", table([["单位：万美元"]], [4100, 3000, 2000],
                                 header=("技术合同成交额", "高新技术企业数（家）"))), today=TODAY)
    assert [p.cell for p in problems(r, "unit_line_unknown").itertuples()] == ["A2"]
    assert stored(r) == hn_rows(4)


def test_an_office_after_the_word_is_no_unit_line(analyse):
    """单位：清河县科学技术局 names the reporting office, not a unit: no unit line, as before."""
    r = analyse(("f.xlsx", table([["单位：清河县科学技术局"]], [12305, 8300, 5722],
                                 header=("R&D经费（万元）", "高新技术企业数（家）"))), today=TODAY)
    assert problems(r, "unit_line_unknown").empty
    assert stored(r) == [*hn_rows(4), *rd_rows([12305.0, 8300.0, 5722.0], 4)]


@pytest.mark.parametrize(("lines", "cells_named", "value"), [
    ([["单位：万元", None, "单位：亿元"]], ("A2", "C2"), "亿元"),          # un24 / un10: one row, two cells
    ([["单位：亿元"], ["单位：万元"]], ("A2", "A3"), "万元"),               # un22: two rows
    ([["（单位：亿元）", None, "单位：万元、家"]], ("A2", "C2"), "万元"),     # un23: a list beside
])
def test_two_unit_lines_that_disagree(analyse, lines, cells_named, value):
    first = 3 + len(lines)
    r = analyse(("f.xlsx", table(lines, [1.2305, 0.83, 0.5722], header=("R&D经费", "高新技术企业数（家）"))),
                today=TODAY)
    a, b = cells_named
    ua = "亿元" if value == "万元" else "万元"
    bad = problems(r, "unit_conflict")
    assert [(p.cell, p.value, p.message_zh.split("：", 1)[1]) for p in bad.itertuples()] == [
        (b, value, f"单位行 {a} 为“{ua}”，单位行 {b} 为“{value}”，两种单位读出的数相差 10000 倍")]
    assert stored(r) == hn_rows(first)


def test_lines_that_agree_or_name_other_kinds_read_as_one(analyse):
    r = analyse(("f.xlsx", table([["单位：万元", None, "单位：家"]], [12305, 8300, 5722])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [*hn_rows(4), *rd_rows([12305.0, 8300.0, 5722.0], 4)]


@pytest.mark.parametrize(("rd_header", "factor"), [
    ("R&D经费（亿）", 1),               # the unit line's spellings, in the header's own brackets: one road
    ("R&D经费(亿元人民币)", 1),
    ("R&D经费（千万元）", 10),
    ("R&D经费（人民币亿元）", 1),
])
def test_header_bracket_spellings_convert(analyse, rd_header, factor):
    """A header's brackets were read only for the literal units (万元|亿元|…): "R&D经费（亿）" and "（千万元）" were
    unknown indicators, and mapping that label on the page would have stored 亿 figures as 万元. The brackets now
    read through clean.unit_word, as a unit line does."""
    rd = [x * factor for x in (1.2305, 0.83, 0.5722)]
    r = analyse(("f.xlsx", table([], rd, header=(rd_header, "高新技术企业数（家）"))), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [(i, reg, p, y, v, f"{cell[0]}{int(cell[1:]) - 1}") for i, reg, p, y, v, cell in CONVERTED]


@pytest.mark.parametrize(("rd_header", "unit"), [("R&D经费（万美元）", "万美元"), ("R&D经费（万）", "万"),
                                                   ("R&D经费（千万）", "千万")])
def test_header_brackets_naming_no_known_unit_are_refused_as_a_unit(analyse, rd_header, unit):
    """A foreign currency or a bare magnitude in a header's brackets is a unit not understood: refused as a unit on
    the header cell (nothing of the column stored), never left in the name, where mapping the label to R&D经费 on the
    page would store the figures in the catalogue's 万元."""
    r = analyse(("f.xlsx", table([], [1.2305, 0.83, 0.5722], header=(rd_header, "高新技术企业数（家）"))), today=TODAY)
    assert sorted(set(zip(r.errors["rule"], r.errors["cell"]))) == [("unit_unknown", "B2")]
    assert f"“{unit}”" in r.errors["message_zh"].iloc[0]
    assert stored(r) == [t[:5] + (f"C{int(t[5][1:]) - 1}",) for t in hn_rows(4)]


LONG_HEAD = ["地区", "指标", "期别", "数值"]
FORM_META = [["科技统计快报表"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"]]


@pytest.mark.parametrize(("lines", "first", "count_refused"), [
    ([["单位：亿元"]], 4, True),
    ([["金额单位：亿元"]], 4, False),                       # counts keep their own unit
    ([["2024年1-9月", None, "单位：亿"]], 3, True),          # on the title's row, a spelling of 亿元
    ([["单位：亿元、家"]], 4, False),
])
def test_a_long_forms_unit_line_states_its_figures_unit(analyse, lines, first, count_refused):
    """A long form under "单位：亿元" without a 计量单位 column stored 1.2305 as 1.2305 万元: the unit lines were
    read for wide tables only. Rows stating no unit of their own now take the line's (a list resolved per indicator;
    金额单位 for amounts only). As in a wide table, a count under a line naming only 亿元 is refused (unit_unknown)."""
    title = [] if lines[0][0] == "2024年1-9月" else [["2024年1-9月科技指标"]]
    rows = [["清河县", "研究与试验发展(R&D)经费", "2024年1-9月", 1.2305], ["威县", "研究与试验发展(R&D)经费", "2024年1-9月", 0.83],
            ["清河县", "高新技术企业数", "2024年1-9月", 78]]
    r = analyse(("l.xlsx", grid([*title, *lines, LONG_HEAD, *rows])), today=TODAY)
    assert sorted(zip(r.errors["rule"], r.errors["cell"])) == ([("unit_unknown", f"B{first + 2}")] if count_refused else [])
    hn = [] if count_refused else [("HNTE", "130534", "2024Q3", False, 78.0, f"D{first + 2}")]
    assert stored(r) == [*hn, ("RD_EXP", "130533", "2024Q3", True, 8300.0, f"D{first + 1}"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, f"D{first}")]
    assert r.counts()["cells"]["structure_kinds"]["unit_line"] >= 1


def test_a_long_forms_own_unit_against_the_line_is_a_conflict(analyse):
    """A row's 计量单位 亿元 under "单位：万元" could be either (10,000 times apart): unit_conflict on the row's unit
    cell, naming the line; rows whose unit agrees with the line (or is of another kind, 家) are read."""
    rows = [["清河县", "研究与试验发展(R&D)经费", "2024年1-9月", 1.2305, "亿元"],
            ["威县", "研究与试验发展(R&D)经费", "2024年1-9月", 8300, "万元"], ["威县", "高新技术企业数", "2024年1-9月", 52, "家"]]
    r = analyse(("l.xlsx", grid([["2024年1-9月科技指标"], ["单位：万元"], [*LONG_HEAD, "计量单位"], *rows])), today=TODAY)
    assert sorted(zip(r.errors["rule"], r.errors["cell"])) == [("unit_conflict", "E4")]
    assert "单位行 A2 为“万元”，E4 为“亿元”" in r.errors["message_zh"].iloc[0]
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "D6"), ("RD_EXP", "130533", "2024Q3", True, 8300.0, "D5")]


@pytest.mark.parametrize(("lines", "rule", "cell"), [
    ([["2024年1-9月科技指标"], ["单位：万美元"]], "unit_line_unknown", "A2"),
    ([["2024年1-9月科技指标", None, "单位：万元"], [None, None, "单位：亿元"]], "unit_conflict", "C2"),
])
def test_a_long_forms_unit_line_not_understood_or_in_conflict_refuses_its_rows(analyse, lines, rule, cell):
    r = analyse(("l.xlsx", grid([*lines, LONG_HEAD, ["清河县", "研究与试验发展(R&D)经费", "2024年1-9月", 1.2305]])),
                today=TODAY)
    assert (rule, cell) in set(zip(r.errors["rule"], r.errors["cell"]))
    assert stored(r) == []


@pytest.mark.parametrize("line", [["报告期：2024年1-9月", None, "金额单位：亿元"], ["单位：亿元、家"]])
def test_a_forms_unit_line_states_its_figures_unit(analyse, line):
    """The same in a single unit's NBS-style form: "金额单位：亿元" in its header block, no 计量单位 column; the
    上年同期 in the same unit."""
    period = [] if "报告期" in line[0] else [["报告期：2024年1-9月"]]
    r = analyse(("f.xlsx", grid([*FORM_META, *period, line, ["指标名称", "代码", "本期", "上年同期"],
                                 ["研究与试验发展(R&D)经费", "01", 1.2305, 1.1005], ["高新技术企业数", "02", 78, 69]])),
                today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    h = 4 + len(period)
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, f"C{h + 2}"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, f"C{h + 1}")]
    assert r.obs.set_index("indicator")["base_value"].to_dict() == {"RD_EXP": 11005.0, "HNTE": 69.0}


@pytest.mark.parametrize(("unit", "value"), [("亿", 1.2305), ("亿 元", 1.2305), ("万元（人民币）", 12305),
                                             ("人民币亿元", 1.2305), ("千万元", 1.2305 * 10)])
def test_a_unit_cells_spellings_convert(analyse, unit, value):
    """C3 (breaker6): a long form's 计量单位 cell "亿" (or 亿 元, 万元（人民币）) was unit_unknown "改用目录单位", though a
    unit line's 亿 reads as 亿元: clean.unit_factor now reads the cell through clean.unit_word."""
    r = analyse(("l.xlsx", grid([[*LONG_HEAD, "计量单位"],
                                 ["清河县", "研究与试验发展(R&D)经费", "2024年1-9月", value, unit]])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "D2")]
