"""A7 (breaker5): Excel error values (#N/A, #DIV/0!, #VALUE!, #REF!, #NAME?, #NULL!, #NUM!) vanished: python-calamine
returns an error cell (typed, or a formula's cached error) as blank, so the cell was neither imported nor refused nor
counted, and the import was ok. Now read.py writes the error's text into the grid (from the sheet XML's t="e" cells,
an .xls's BOOLERR and FORMULA records), as a CSV saved from Excel holds it; a value cell holding one is formula_error
(an error naming the cell, counted as refused); a 上年同期 or 同比 cell holding one is formula_error_beside (a warning:
that cell is not read, the figure stands). In a CSV the typed text "#N/A" is the same error, no longer a 缺报 marker."""
import datetime as dt
import io

import openpyxl
import pytest
import xlsxwriter
from import_checks import problems
from workbooks import csv_bytes, long_form, save

TODAY = dt.date(2026, 1, 10)
TITLE = "邢台市2024年1-9月县域科技指标"
ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NULL!", "#NUM!"]


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


def errors_of(result, rule="formula_error"):
    return [(p.severity, p.cell, p.value, p.message_zh) for p in problems(result, rule).itertuples()]


def wide_openpyxl(b3, c4) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ([TITLE], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", b3, 78], ["威县", 8300, c4],
                ["临西县", 5722, 40]):
        ws.append(row)
    return save(wb)


REST = [("HNTE", "130534", "2024Q3", False, 78.0, "C3"), ("HNTE", "130535", "2024Q3", False, 40.0, "C5"),
        ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"), ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B5")]


@pytest.mark.parametrize(("b3", "c4"), list(zip(ERRORS, ERRORS[1:] + ERRORS[:1])))
def test_error_cells_are_refused_and_counted(analyse, b3, c4):
    """nt20: typed error cells (openpyxl writes them as t="e")."""
    r = analyse(("f.xlsx", wide_openpyxl(b3, c4)), today=TODAY)
    assert errors_of(r) == [("error", "B3", b3, f"公式计算出错，数值未知，未导入：单元格显示 {b3}"),
                            ("error", "C4", c4, f"公式计算出错，数值未知，未导入：单元格显示 {c4}")]
    assert problems(r, "not_number").empty
    assert stored(r) == REST
    assert {k: r.counts()["cells"][k] for k in ("total", "imported", "structure", "refused")} == \
        {"total": 13, "imported": 4, "structure": 7, "refused": 2}


def test_a_formula_with_a_cached_error(analyse):
    """nt28: =VLOOKUP(…) whose cached result is #N/A (xlsxwriter writes <f>…</f><v>#N/A</v>)."""
    bio = io.BytesIO()
    wb = xlsxwriter.Workbook(bio)
    ws = wb.add_worksheet("Sheet1")
    for r, row in enumerate([[TITLE], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", None, 78],
                             ["威县", 8300, None], ["临西县", 5722, 40]]):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    ws.write_formula("B3", "=VLOOKUP(A3,数据!A:B,2,0)", None, "#N/A")
    ws.write_formula("C4", "=1/0", None, "#DIV/0!")
    wb.close()
    r = analyse(("f.xlsx", bio.getvalue()), today=TODAY)
    assert errors_of(r) == [("error", "B3", "#N/A", "公式计算出错，数值未知，未导入：单元格显示 #N/A"),
                            ("error", "C4", "#DIV/0!", "公式计算出错，数值未知，未导入：单元格显示 #DIV/0!")]
    assert stored(r) == REST
    assert r.counts()["cells"]["refused"] == 2


def test_error_cells_in_an_xls(analyse):
    """The same in a BIFF8 .xls (BOOLERR records)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    for r, row in enumerate([[TITLE], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", None, 78],
                             ["威县", 8300, None], ["临西县", 5722, 40]]):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    ws.row(2).set_cell_error(1, 0x2A)   # #N/A (xlwt's own map has no "#N/A" text)
    ws.row(3).set_cell_error(2, "#REF!")
    bio = io.BytesIO()
    book.save(bio)
    r = analyse(("f.xls", bio.getvalue()), today=TODAY)
    assert [(c, v) for _s, c, v, _m in errors_of(r)] == [("B3", "#N/A"), ("C4", "#REF!")]
    assert stored(r) == REST
    assert r.counts()["cells"]["refused"] == 2


def test_csv_error_text_is_the_same_error(analyse):
    """A CSV saved from Excel writes the error as its text: "#N/A" is formula_error too, never a 缺报 marker."""
    rows = [["130534", "清河县", "RD_EXP", "", "2024年1-9月", "是", "#N/A", "万元", "", ""],
            ["130533", "威县", "RD_EXP", "", "2024年1-9月", "是", "#DIV/0!", "万元", "", ""],
            ["130535", "临西县", "RD_EXP", "", "2024年1-9月", "是", "5722", "万元", "", ""]]
    r = analyse(("f.csv", csv_bytes(rows)), today=TODAY)
    assert [(c, v) for _s, c, v, _m in errors_of(r)] == [("G2", "#N/A"), ("G3", "#DIV/0!")]
    assert stored(r) == [("RD_EXP", "130535", "2024Q3", True, 5722.0, "G4")]


def test_long_form_and_report_form(analyse):
    """nt31 (a long form's 数值) and nt30 (a form's 本期)."""
    lf = long_form([["130534", "清河县", "RD_EXP", "", "2024年1-9月", "是", 12305, "万元", "", ""],
                    ["130533", "威县", "RD_EXP", "", "2024年1-9月", "是", "#DIV/0!", "万元", "", ""]])
    r = analyse(("long.xlsx", lf), today=TODAY)
    assert [(c, v) for _s, c, v, _m in errors_of(r)] == [("G3", "#DIV/0!")]
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "G2")]
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["县域科技活动情况季报"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"],
                ["报告期：2024年1-9月"], ["指标名称", "计量单位", "本期", "上年同期"],
                ["研究与试验发展(R&D)经费", "万元", "#VALUE!", 9800], ["高新技术企业数", "家", 78, 69]):
        ws.append(row)
    r = analyse(("form.xlsx", save(wb)), today=TODAY)
    assert [(c, v) for _s, c, v, _m in errors_of(r)] == [("C5", "#VALUE!")]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C6")]


def test_an_error_beside_the_figure_is_a_warning(analyse):
    """nt33: a #DIV/0! 同比 (上年同期 0) and a #N/A 上年同期: those cells are not read (a warning each, counted as
    refused), the figures are imported."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ([TITLE], ["县（市、区）", "R&D经费（万元）", "上年同期", "同比增长%"], ["清河县", 12305, 0, "#DIV/0!"],
                ["威县", 8300, "#N/A", 5.1], ["临西县", 5722, 5000, 14.4]):
        ws.append(row)
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert sorted((s, c, v) for s, c, v, _m in errors_of(r, "formula_error_beside")) == [
        ("warning", "C4", "#N/A"), ("warning", "D3", "#DIV/0!")]
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3"),
                         ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B5")]
    cells = r.counts()["cells"]
    assert (cells["total"], cells["refused"]) == (cells["imported"] + cells["structure"] + 2, 2)


def test_an_error_in_the_total_row_is_refused_not_checked(analyse):
    """nt29: all 18 units, the zone and a 合计 whose R&D cell is #REF!: the cell is formula_error, counted as refused
    (never a checked total); the 合计's other figure is the city's as before."""
    from workbooks import XINGTAI

    rows = [[TITLE], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]]
    rows += [[n, 1000 + i, 10 + i] for i, n in enumerate(XINGTAI)] + [["河北邢台经济开发区", 900, 5]]
    rows += [["合计", "#REF!", sum(10 + i for i in range(18)) + 5]]
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    assert errors_of(r) == [("error", "B22", "#REF!", "公式计算出错，数值未知，未导入：单元格显示 #REF!")]
    city = [t for t in stored(r) if t[1] == "130500"]
    assert city == [("HNTE", "130500", "2024Q3", False, 338.0, "C22")]
    cells = r.counts()["cells"]
    assert (cells["refused"], cells["structure_kinds"].get("total")) == (1, None)
