"""A9: a figure whose unit two places state differently is refused, naming both cells (the header's 本期（亿元）
and the row's 计量单位 万元); a figure whose cell format scales what Excel shows (0!.0000, #,##0,,) is refused,
naming the format. Never one of the readings silently (0.83 万元 where the truth is 8300 万元)."""
import datetime as dt

import openpyxl
import pytest
from import_checks import problems
from workbooks import LONG_HEADER, grid, long_form, save

TODAY = dt.date(2026, 1, 10)


def form(value_header, rows, base_header="上年同期") -> bytes:
    return grid([["县域科技活动情况季报"], ["综合机关名称：威县科学技术局", None, None, "行政区划代码：130533"],
                 ["2024年1-9月"], ["指标名称", "计量单位", value_header, base_header], *rows])


def table(result):
    o = result.obs.sort_values(["indicator", "region"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value)) for r in o.itertuples()]


@pytest.mark.parametrize(("head", "unit", "values", "cell_msgs"), [
    # f25c: header 亿元, unit column 万元, values in 亿元 (0.83 stored as 0.83 万元 before)
    ("本期（亿元）", "万元", [0.83, 2.8049], ["C4", "亿元", "万元"]),
    # f25b: header 亿元, unit column 万元, values in 万元
    ("本期（亿元）", "万元", [8300, 28049], ["C4", "亿元", "万元"]),
    # f25: header 万元, unit column 亿元
    ("本期（万元）", "亿元", [0.83, 2.8049], ["C4", "万元", "亿元"]),
    ("本期(千元)", "万元", [83000, 280490], ["C4", "千元", "万元"]),
])
def test_form_header_unit_and_unit_column_disagree(analyse, head, unit, values, cell_msgs):
    rows = [["研究与试验发展(R&D)经费", unit, values[0], None], ["技术合同登记额", unit, values[1], None],
            ["高新技术企业数", "家", 52, 47]]
    r = analyse(("f.xlsx", form(head, rows)), today=TODAY)
    bad = problems(r, "unit_conflict")
    assert bad[["cell", "value"]].values.tolist() == [["B5", unit], ["B6", unit]]
    msg = bad["message_zh"].iloc[0]
    assert f"表头 {cell_msgs[0]} 为“{cell_msgs[1]}”，B5 为“{cell_msgs[2]}”" in msg
    # the count row under 本期（万元） is read in its own 家; no money figure is stored
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0)]
    assert r.counts()["cells"]["refused"] == 2


def test_form_header_unit_applies_where_the_unit_column_is_blank_or_agrees(analyse):
    rows = [["研究与试验发展(R&D)经费", None, 0.83, 0.741], ["技术合同登记额", "亿元", 2.8049, 2.51]]
    r = analyse(("f.xlsx", form("本期（亿元）", rows, "上年同期（亿元）")), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0), ("TECH_CONTRACT", "130533", "2024Q3", True, 28049.0)]
    assert sorted(r.obs["base_value"].round(6)) == [7410.0, 25100.0]


def test_long_value_header_unit_and_unit_column_disagree(analyse):
    header = [h if h != "数值" else "数值（亿元）" for h in LONG_HEADER]
    rows = [["130534", "清河县", "", "研究与试验发展(R&D)经费", "2024年1-9月", "是", 1.2305, "万元", "", ""],
            ["130533", "威县", "", "研究与试验发展(R&D)经费", "2024年1-9月", "是", 0.83, "", "", ""]]
    r = analyse(("l.xlsx", long_form(rows, header=header)), today=TODAY)
    assert problems(r, "unit_conflict")[["cell", "value"]].values.tolist() == [["H2", "万元"]]
    assert table(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0)]


def wide_with_format(fmt) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "邢台市2024年1-9月县域科技指标"
    ws["A2"], ws["B2"], ws["C2"] = "县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"
    for r, (name, rd, hnte) in enumerate([("清河县", 123050000, 78), ("威县", 83000000, 52)], 3):
        ws.cell(r, 1, name)
        ws.cell(r, 2, rd).number_format = fmt
        ws.cell(r, 3, hnte)
    return save(wb)


@pytest.mark.parametrize("fmt", ["0!.0000", "0\\.0000", '0"."0000', "#,##0,,", "#,##0,", "0.0,,", '0!.0000"万元"'])
def test_value_cell_whose_format_scales_the_display_is_refused(analyse, fmt):
    """f26: 123050000 shown as 12305.0000 by the format 0!.0000 under R&D经费（万元）: the stored figure is not
    the one shown; neither is taken (123050000 万元 was stored)."""
    r = analyse(("f26.xlsx", wide_with_format(fmt)), today=TODAY)
    bad = problems(r, "scaled_format")
    assert bad[["cell", "value"]].values.tolist() == [["B3", "123050000"], ["B4", "83000000"]]
    assert f"数字格式「{fmt}」" in bad["message_zh"].iloc[0]
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0)]
    assert r.counts()["cells"]["refused"] == 2


@pytest.mark.parametrize("fmt", ["#,##0", "0.00", "#,##0.00", "0", "#,##0_ ", "[Red]#,##0;-#,##0"])
def test_ordinary_number_formats_are_read(analyse, fmt):
    r = analyse(("f.xlsx", wide_with_format(fmt)), today=TODAY)
    assert problems(r, "scaled_format").empty
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("RD_EXP", "130533", "2024Q3", True, 83000000.0), ("RD_EXP", "130534", "2024Q3", True, 123050000.0)]


def test_scaled_base_cell_of_a_form_is_refused(analyse):
    rows = [["研究与试验发展(R&D)经费", "万元", 8300, 74100000], ["高新技术企业数", "家", 52, 47]]
    book = openpyxl.load_workbook(__import__("io").BytesIO(form("本期", rows)))
    book.active["D5"].number_format = "0!.0000"
    r = analyse(("f.xlsx", save(book)), today=TODAY)
    assert problems(r, "scaled_format")[["cell", "value"]].values.tolist() == [["D5", "74100000"]]
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0)]

