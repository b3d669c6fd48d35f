"""br10: a wide table's region cell merged down over its rows.

County tables with a 期别 column write each county once, merged over its rows (清河县 over 2024年1-9月 and
2023年1-9月). Only the merge's first row had a label: the others were unread_cell errors whose fix ("delete the
content or move it into the table") could not work. The label column's merges now label every row they cover, as
Excel shows them (table_shapes._wide_table; the long form alike, _fill_label_merges)."""
import datetime as dt

import openpyxl
from import_checks import refusals, stored
from workbooks import save

TODAY = dt.date(2026, 11, 30)


def book(rows, merges):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    return "f.xlsx", save(wb)


def test_a_merged_region_over_its_period_rows(analyse):
    r = analyse(book([["各县科技指标"], ["县（市、区）", "期别", "R&D经费（万元）", "高新技术企业数（家）"],
                      ["清河县", "2024年1-9月", 12305, 78], [None, "2023年1-9月", 10000, 70],
                      ["威县", "2024年1-9月", 8300, 52], [None, "2023年1-9月", 8000, 50]], ["A3:A4", "A5:A6"]), today=TODAY)
    assert refusals(r) == []
    assert stored(r, by="period") == [
        ("HNTE", "130533", "2023Q3", False, 50.0, "D6"), ("HNTE", "130533", "2024Q3", False, 52.0, "D5"),
        ("HNTE", "130534", "2023Q3", False, 70.0, "D4"), ("HNTE", "130534", "2024Q3", False, 78.0, "D3"),
        ("RD_EXP", "130533", "2023Q3", True, 8000.0, "C6"), ("RD_EXP", "130533", "2024Q3", True, 8300.0, "C5"),
        ("RD_EXP", "130534", "2023Q3", True, 10000.0, "C4"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]


def test_a_merged_region_over_two_rows_of_one_period_is_a_conflict(analyse):
    """Without a period column the two rows are one key twice: refused naming both cells, never one of them kept."""
    r = analyse(book([["2024年1-9月各县科技指标"], ["县（市、区）", "R&D经费（万元）"], ["清河县", 12305], [None, 12000],
                      ["威县", 8300]], ["A3:A4"]), today=TODAY)
    assert refusals(r) == [("duplicate_conflict", "B3", "12305"), ("duplicate_conflict", "B4", "12000")]
