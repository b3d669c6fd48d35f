"""br8 c02, s03: a unit stated outside what the table reads was ignored, and the figures it spoke of were read in the
catalogue's unit: a hidden 计量单位 column saying 亿元 beside 1.2305 (stored as 1.2305 万元, 10,000 times too small,
with only a hidden_data warning), and a glossary sheet (指标解释: R&D经费 … 亿元) beside a data sheet whose R&D经费 states
no unit. Now such a unit refuses the figures it may speak of, naming where it is said (unit_hidden, unit_elsewhere:
build._outside_unit, service._hidden_units, service._sheet_units); figures stating their own unit, and units the
same size as the catalogue's, are read."""
import datetime as dt

import openpyxl
from import_checks import refusals, stored
from workbooks import save

TODAY = dt.date(2026, 1, 10)


def form(hidden: bool, unit_rd: str = "亿元") -> tuple[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["清河县2024年1-9月科技创新主要指标"], ["指标名称", "计量单位", "数值"],
                ["研究与试验发展(R&D)经费", unit_rd, 1.2305], ["高新技术企业数", "家", 78]):
        ws.append(row)
    ws.column_dimensions["B"].hidden = hidden
    return "f.xlsx", save(wb)


def test_a_hidden_unit_column_refuses_the_figures_it_may_speak_of(analyse):
    r = analyse(form(hidden=True), today=TODAY)
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C4")]
    assert [(p.rule, p.cell, p.message_zh.split("：", 1)[1]) for p in r.errors.itertuples()] == [
        ("unit_hidden", "A3", "隐藏的 B 列 B3「亿元」写明单位为“亿元”")]
    assert "取消隐藏" in r.errors["fix_zh"].iloc[0]


def test_unhidden_the_same_form_is_read_in_its_unit(analyse):
    r = analyse(form(hidden=False), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]


def test_a_hidden_unit_the_size_of_the_catalogues_refuses_nothing(analyse):
    r = analyse(form(hidden=True, unit_rd="万元"), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C4"),
                         ("RD_EXP", "130534", "2024Q3", True, 1.2305, "C3")]


def book(glossary_unit: str, header: str = "R&D经费") -> tuple[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in (["邢台市2024年1-9月县域科技指标"], ["县（市、区）", header, "高新技术企业数"], ["清河县", 1.2305, 78],
                ["威县", 0.83, 52]):
        ws.append(row)
    gl = wb.create_sheet("指标解释")
    for row in (["指标解释"], ["指标", "解释", "单位"], ["R&D经费", "全社会研究与试验发展经费内部支出", glossary_unit],
                ["高新技术企业数", "有效期内高新技术企业", "家"]):
        gl.append(row)
    return "g.xlsx", save(wb)


def test_a_glossary_sheets_unit_refuses_that_indicators_figures_stating_none(analyse):
    r = analyse(book("亿元"), today=TODAY)
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130534", "2024Q3", False, 78.0, "C3")]
    assert [(p.rule, p.cell, p.message_zh.split("：", 1)[1]) for p in r.errors.itertuples()] == [
        ("unit_elsewhere", "B2", "工作表「指标解释」C3「亿元」写明单位为“亿元”")]


def test_a_column_stating_its_own_unit_or_a_glossary_of_the_catalogues_unit_is_read(analyse):
    r = analyse(book("亿元", header="R&D经费（亿元）"), today=TODAY)
    assert refusals(r) == []
    assert [s[:5] for s in stored(r) if s[0] == "RD_EXP"] == [("RD_EXP", "130533", "2024Q3", True, 8300.0),
                                                              ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    r = analyse(book("万元"), today=TODAY)
    assert refusals(r) == []
    assert [s[:5] for s in stored(r) if s[0] == "RD_EXP"] == [("RD_EXP", "130533", "2024Q3", True, 0.83),
                                                              ("RD_EXP", "130534", "2024Q3", True, 1.2305)]


def test_br8_u08_a_unit_line_in_the_header_s_unit_row_is_that_columns_unit(analyse):
    """金额单位：元 in the unit row under R&D经费 was an unknown indicator (its fix could not work); it is the column's
    unit: 123050000 元 = 12305 万元."""
    from workbooks import grid

    g = grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费", "高新技术企业数"], ["", "金额单位：元", "家"],
              ["清河县", 123050000, 78], ["威县", 83000000, 52]])
    r = analyse(("u.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C5"), ("HNTE", "130534", "2024Q3", False, 78.0, "C4"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4")]


def test_br9_a_glossary_naming_the_unit_in_brackets_or_a_cover_sheets_unit_line(analyse):
    """br9 u04, u10: 指标解释 A2 R&D经费（亿元）：全社会…, or a cover sheet's 金额单位：亿元 (no indicator named: every
    amount stating no unit), refuse the amounts stating none; a header stating its own unit stands (br9 u06)."""
    def book2(sheet_name, lines, header="R&D经费"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "数据"
        for row in (["邢台市2024年1-9月县域科技指标"], ["县（市、区）", header, "高新技术企业数"], ["清河县", 1.2305, 78]):
            ws.append(row)
        other = wb.create_sheet(sheet_name)
        for row in lines:
            other.append(row)
        return "b.xlsx", save(wb)

    for name, lines, cell in (("指标解释", [["指标解释"], ["R&D经费（亿元）：全社会研究与试验发展经费内部支出"]], "A2"),
                              ("封面", [["邢台市2024年1-9月县域科技指标"], ["金额单位：亿元"]], "A2")):
        r = analyse(book2(name, lines), today=TODAY)
        assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C3")], name
        assert [(p.rule, p.cell) for p in r.errors.itertuples()] == [("unit_elsewhere", "B2")], name
        assert f"工作表「{name}」{cell}「" in r.errors["message_zh"].iloc[0]
    r = analyse(book2("指标解释", [["R&D经费", "万元"]], header="R&D经费（亿元）"), today=TODAY)
    assert refusals(r) == []
    assert [s[:5] for s in stored(r) if s[0] == "RD_EXP"] == [("RD_EXP", "130534", "2024Q3", True, 12305.0)]


def test_review_a_glossary_with_a_serial_column_still_states_its_units(analyse):
    """A 指标解释 sheet with a 序号 column (1, 2 …) was taken for a sheet of figures and its units ignored."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in (["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费", "高新技术企业数"], ["清河县", 1.2305, 78]):
        ws.append(row)
    gl = wb.create_sheet("指标解释")
    for row in (["序号", "指标", "单位"], [1, "R&D经费", "亿元"], [2, "高新技术企业数", "家"]):
        gl.append(row)
    r = analyse(("g.xlsx", save(wb)), today=TODAY)
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C3")]
    assert [(p.rule, p.cell) for p in r.errors.itertuples()] == [("unit_elsewhere", "B2")]


def test_a_name_with_its_unit_line_in_brackets_keeps_its_name(analyse):
    """breaker6 un02: R&D经费（单位：亿元） is the column's name and unit; taking the whole cell for a unit line (as 金额单位：元
    is) lost the name and left the column unread."""
    from workbooks import grid

    r = analyse(("u.xlsx", grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（单位：亿元）", "高新技术企业数"],
                                 ["清河县", 1.2305, 78], ["威县", 0.83, 52]])), today=TODAY)
    assert refusals(r) == []
    assert [s[:5] for s in stored(r) if s[0] == "RD_EXP"] == [("RD_EXP", "130533", "2024Q3", True, 8300.0),
                                                              ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
