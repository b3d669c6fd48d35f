"""A3 (breaker5): a number format that writes a unit ('0.0000"亿元"': Excel shows 1.2305 as "1.2305亿元") is a unit
source of the figure like its header, unit row, unit line and name (read.format_unit, build._format_units). It was
ignored: 1.2305 shown as 1.2305亿元 under a 万元 header was stored as 1.2305 万元. A format unit that disagrees with
another source is unit_conflict on the value cell naming both; where it is the only source the figure is read in it
(亿元 -> ×10000 万元), or refused where the kinds differ (人次 is not 人); formats that agree are read as before."""
import datetime as dt
import io

import openpyxl
import pytest
import xlsxwriter
from import_checks import problems
from workbooks import save

TODAY = dt.date(2026, 1, 10)
COUNTIES = [("清河县", "130534"), ("威县", "130533"), ("临西县", "130535")]


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


def wide(header, values, fmt, *, second=("高新技术企业数（家）", [78, 52, 40], None), writer="openpyxl"):
    """邢台市2024年1-9月县域科技指标 | 县（市、区） | header | second header, a row per county; `fmt` the number format
    of the first value column's cells (None: General)."""
    rows = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", header, second[0]]]
    rows += [[n, v, s] for (n, _c), v, s in zip(COUNTIES, values, second[1])]
    if writer == "xlsxwriter":
        bio = io.BytesIO()
        wb = xlsxwriter.Workbook(bio)
        ws = wb.add_worksheet("Sheet1")
        f = wb.add_format({"num_format": fmt}) if fmt else None
        g = wb.add_format({"num_format": second[2]}) if second[2] else None
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                ws.write(r, c, v, f if (c == 1 and r >= 2) else g if (c == 2 and r >= 2) else None)
        wb.close()
        return bio.getvalue()
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            cell = ws.cell(r, c, v)
            if r >= 3 and c == 2 and fmt:
                cell.number_format = fmt
            if r >= 3 and c == 3 and second[2]:
                cell.number_format = second[2]
    return save(wb)


HNTE = [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130534", "2024Q3", False, 78.0, "C3"),
        ("HNTE", "130535", "2024Q3", False, 40.0, "C5")]


def conflicts(result):
    return [(p.cell, p.value, p.message_zh.split("：", 1)[1]) for p in problems(result, "unit_conflict").itertuples()]


@pytest.mark.parametrize(("header", "values", "fmt", "head_unit", "shown", "apart"), [
    # nf01: 亿元 shown under a 万元 header
    ("R&D经费（万元）", [1.2305, 0.83, 0.5722], '0.0000"亿元"', "万元", ["1.2305亿元", "0.83亿元", "0.5722亿元"],
     "相差 10000 倍"),
    # nf07: the short 亿
    ("R&D经费（万元）", [1.2305, 0.83, 0.5722], '0.0000"亿"', "万元", ["1.2305亿元", "0.83亿元", "0.5722亿元"],
     "相差 10000 倍"),
    # nf08: 元 shown under 万元
    ("R&D经费（万元）", [123050000, 83000000, 57220000], '#,##0"元"', "万元",
     ["123050000元", "83000000元", "57220000元"], "相差 10000 倍"),
    # nf09: another amount
    ("技术合同成交额（万元）", [2.9311, 1.1, 0.9], '0.0000"亿元"', "万元", ["2.9311亿元", "1.1亿元", "0.9亿元"],
     "相差 10000 倍"),
    # nf11: 人次 is not 人
    ("科技特派员（人）", [35, 30, 28], '0"人次"', "人", ["35人次", "30人次", "28人次"], "两种单位计量的不是同一种量"),
])
def test_a_format_unit_against_the_header_is_a_conflict(analyse, header, values, fmt, head_unit, shown, apart):
    r = analyse(("f.xlsx", wide(header, values, fmt)), today=TODAY)
    unit = fmt.split('"')[1].replace("亿", "亿元").replace("元元", "元")
    assert conflicts(r) == [(f"B{3 + i}", unit, f"单位 B2 为“{head_unit}”，数字格式 B{3 + i} 为“{unit}”（Excel 显示为 "
                             f"{s}），两种单位{'读出的数' if '倍' in apart else ''}{apart}".replace(
                                 "两种单位两种单位", "两种单位"))
                            for i, s in enumerate(shown)]
    assert stored(r) == HNTE
    assert r.counts()["cells"]["refused"] == 3


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
@pytest.mark.parametrize(("fmt", "values"), [('0.0000"亿元"', [1.2305, 0.83, 0.5722]),
                                             ('0.0000"亿"', [1.2305, 0.83, 0.5722]),
                                             ('#,##0"元"', [123050000, 83000000, 57220000])])
def test_the_format_unit_alone_converts(analyse, writer, fmt, values):
    """nf03, nf12: the header states no unit, the format is the figure's only unit source."""
    r = analyse(("f.xlsx", wide("R&D经费", values, fmt, writer=writer)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [*HNTE, ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3"),
                         ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B5")]


def test_a_format_unit_of_another_kind_alone_is_refused(analyse):
    """0"人次" on a 科技特派员 column without a unit in its header: 人次 cannot be the catalogue's 人."""
    r = analyse(("f.xlsx", wide("科技特派员", [35, 30, 28], '0"人次"')), today=TODAY)
    bad = problems(r, "unit_unknown")
    assert [(p.cell, p.value) for p in bad.itertuples()] == [("B2", "人次")]
    assert stored(r) == HNTE


@pytest.mark.parametrize(("header", "fmt", "second_fmt"), [
    ("R&D经费（万元）", '#,##0"万元"', None),       # nf02
    ("R&D经费（万元）", '0.00"万元"', '0"家"'),      # nf04: 家 on a 家 column
    ("R&D经费（万元）", '"约"0', '0"个"'),           # a literal that is no unit; 个 reads a 家 count alike
])
def test_formats_that_agree_are_read(analyse, header, fmt, second_fmt):
    r = analyse(("f.xlsx", wide(header, [12305, 8300, 5722], fmt,
                                second=("高新技术企业数（家）", [78, 52, 40], second_fmt))), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [*HNTE, ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3"),
                         ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B5")]


def test_form_unit_column_against_the_format(analyse):
    """nf10: an NBS form whose 计量单位 says 万元 and whose 本期 cell shows 1.2305亿元."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["县域科技活动情况季报"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"],
                ["报告期：2024年1-9月"], ["指标名称", "计量单位", "本期", "上年同期"],
                ["研究与试验发展(R&D)经费", "万元", 1.2305, 9800], ["高新技术企业数", "家", 78, 69]):
        ws.append(row)
    ws["C5"].number_format = '0.0000"亿元"'
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    assert conflicts(r) == [("C5", "亿元", "单位 B5 为“万元”，数字格式 C5 为“亿元”（Excel 显示为 1.2305亿元），"
                                          "两种单位读出的数相差 10000 倍")]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C6")]
