"""br8 l10: below a table, 填报说明： and 例： were refused as unknown regions, and the example row under them
(南宫市 | 99999) was read as 南宫市's R&D经费: deleting the two named rows, as their fix said, stored it. A line opening
the filling instructions or an example (table_shapes.INSTRUCTIONS_LINE) and every row below it are structure
(instructions), accounted and never read as figures."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
HEAD = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）"], ["清河县", 12305], ["威县", 8300]]
READ = [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]


def skipped(result):
    return sorted((s["row"], s["kind"]) for s in result.preview["skipped"])


@pytest.mark.parametrize("lines", [
    [[], ["填报说明："], ["例：", None], ["南宫市", 99999]],
    [["填表说明：1.金额单位为万元；2.示例如下"], ["南宫市", 99999]],
    [["示例"], ["南宫市", 99999], ["临西县", 88888]],
    [["例：南宫市", 99999]],
    [["填报要求："], ["1.按万元填报，保留整数，如："], ["南宫市", 99999]],   # br9 i03
    [["样表"], ["南宫市", 99999]],                                          # br9 i06
])
def test_rows_under_instructions_are_never_figures(analyse, lines):
    r = analyse(("t.xlsx", grid([*HEAD, *lines])), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == READ
    first = 5 + (1 if not lines[0] else 0)
    assert [k for row, k in skipped(r) if row >= first] == ["instructions"] * sum(1 for x in lines if x)
    c = r.counts()["cells"]
    assert (c["imported"], c["refused"]) == (2, 0)



def test_br9_a_sheet_of_instructions_holding_an_example_table_is_no_data(analyse):
    """br9 i12: a 填报说明 sheet holding an example table refused the whole file (missing_period), and its fix (write
    the period) would have imported the example. A sheet named as instructions or a sample is structure."""
    import openpyxl
    from workbooks import save

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in HEAD:
        ws.append(row)
    ex = wb.create_sheet("填报说明")
    for row in (["示例表"], ["县（市、区）", "R&D经费（万元）"], ["南宫市", 99999]):
        ex.append(row)
    r = analyse(("t.xlsx", save(wb)), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == READ
