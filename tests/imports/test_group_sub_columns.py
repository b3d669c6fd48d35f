"""A1, C5 (breaker5): in a two-row header a sub-column whose own text is a catalogue name (R&D经费, 技术合同成交额,
研发费用加计扣除额) won over its group header: 规模以上工业企业 over R&D经费（万元） was stored as the county's RD_EXP,
高新技术企业 / 科技型中小企业 / 专精特新小巨人企业 over 数量 | R&D经费 stored the firms' R&D as the county's. The
group-qualified reading (group + sub) now comes first; a sub-column under a group naming a population of firms or
units is that population's figure: the catalogue indicator of the pair (规上工业企业 + R&D经费 = IND_RD_EXP), its
count (数量, 企业数), or refused (group_column_refused, on the sub-column's header cell), never the sub-column alone."""
import datetime as dt

import openpyxl
import pytest
from import_checks import problems, refusals, stored
from workbooks import save

TODAY = dt.date(2026, 1, 10)
COUNTIES = ["清河县", "威县", "临西县"]
CODE = {"清河县": "130534", "威县": "130533", "临西县": "130535"}


def two_row(groups, subs, rows, title="邢台市2024年1-9月县域科技指标"):
    """Title on row 1, the header on rows 2-3: `groups` (text, first column, last column; columns from 2 = B)
    merged over their sub-columns, `subs` the row-3 texts from column B, a county per row from row 4."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = title
    ws["A2"] = "县（市、区）"
    ws.merge_cells("A2:A3")
    taken = set()
    for text, c0, c1 in groups:
        ws.cell(2, c0, text)
        if c1 > c0:
            ws.merge_cells(start_row=2, start_column=c0, end_row=2, end_column=c1)
        taken |= set(range(c0, c1 + 1))
    for c, text in enumerate(subs, 2):
        if c in taken:
            ws.cell(3, c, text)
        else:   # a column of its own: its header merged down over both rows
            ws.cell(2, c, text)
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for r, row in enumerate(rows, 4):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    return save(wb)


def rows_of(*cols):
    return [[n, *(c[i] for c in cols)] for i, n in enumerate(COUNTIES)]


@pytest.mark.parametrize(("group", "subs", "expected"), [
    # gp01: the group over R&D and revenue: the 规上 firms' figures
    ("规模以上工业企业", ["R&D经费（万元）", "营业收入（万元）"],
     [("IND_RD_EXP", "130533", "2024Q3", True, 9013.0, "B5"), ("IND_RD_EXP", "130534", "2024Q3", True, 9014.0, "B4"),
      ("IND_RD_EXP", "130535", "2024Q3", True, 9015.0, "B6"),
      ("IND_REVENUE", "130533", "2024Q3", True, 500013.0, "C5"),
      ("IND_REVENUE", "130534", "2024Q3", True, 500014.0, "C4"),
      ("IND_REVENUE", "130535", "2024Q3", True, 500015.0, "C6")]),
    # the short name over the full name of R&D, and over 企业数: the count of the population
    ("规上工业企业", ["研究与试验发展(R&D)经费（万元）", "企业数（家）"],
     [("IND_FIRMS", "130533", "2024Q3", False, 213.0, "C5"), ("IND_FIRMS", "130534", "2024Q3", False, 214.0, "C4"),
      ("IND_FIRMS", "130535", "2024Q3", False, 215.0, "C6"),
      ("IND_RD_EXP", "130533", "2024Q3", True, 9013.0, "B5"), ("IND_RD_EXP", "130534", "2024Q3", True, 9014.0, "B4"),
      ("IND_RD_EXP", "130535", "2024Q3", True, 9015.0, "B6")]),
    # control: 全社会 over R&D经费 is the county's R&D
    ("全社会", ["R&D经费（万元）", "R&D经费支出（万元）"], None),
])
def test_group_qualified_reading_comes_first(analyse, group, subs, expected):
    rows = rows_of([9014, 9013, 9015], [500014, 500013, 500015] if "营业收入（万元）" in subs else [214, 213, 215])
    if expected is None:   # 全社会 over two R&D columns: both RD_EXP (a duplicate), so one column only
        subs, rows = subs[:1], [r[:2] for r in rows]
        expected = [("RD_EXP", "130533", "2024Q3", True, 9013.0, "B5"),
                    ("RD_EXP", "130534", "2024Q3", True, 9014.0, "B4"),
                    ("RD_EXP", "130535", "2024Q3", True, 9015.0, "B6")]
    r = analyse(("g.xlsx", two_row([(group, 2, 1 + len(subs))], subs, rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == expected


def test_a_single_sub_column_under_its_group(analyse):
    """gp16: 规上工业企业 over R&D经费（万元） alone (the group cell not merged: one column)."""
    r = analyse(("g.xlsx", two_row([("规上工业企业", 2, 2)], ["R&D经费（万元）"], rows_of([9014, 9013, 9015]))),
                today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("IND_RD_EXP", "130533", "2024Q3", True, 9013.0, "B5"),
                         ("IND_RD_EXP", "130534", "2024Q3", True, 9014.0, "B4"),
                         ("IND_RD_EXP", "130535", "2024Q3", True, 9015.0, "B6")]


@pytest.mark.parametrize(("group", "count", "count_code", "sub"), [
    ("高新技术企业", "数量（家）", "HNTE", "R&D经费（万元）"),                 # gp02
    ("科技型中小企业", "数量（家）", "TSME", "R&D经费（万元）"),               # gp03
    ("专精特新小巨人企业", "数量（家）", "LITTLE_GIANTS", "R&D经费（万元）"),  # gp17
    ("高新技术企业", "企业数（家）", "HNTE", "技术合同成交额（万元）"),          # gp14, gp11
    ("科技型中小企业", "数量（家）", "TSME", "研发费用加计扣除额（万元）"),      # gp15
])
def test_a_population_groups_figure_is_refused_never_the_countys(analyse, group, count, count_code, sub):
    r = analyse(("g.xlsx", two_row([(group, 2, 3)], [count, sub], rows_of([78, 52, 40], [6014, 6013, 6015]))),
                today=TODAY)
    assert stored(r) == [(count_code, "130533", "2024Q3", False, 52.0, "B5"),
                         (count_code, "130534", "2024Q3", False, 78.0, "B4"),
                         (count_code, "130535", "2024Q3", False, 40.0, "B6")]
    assert refusals(r) == [("group_column_refused", "C3", f"{group} / {sub}")]
    p = problems(r, "group_column_refused").iloc[0]
    assert f"「{sub}」在「{group}」之下，是{group}的数" in p.message_zh
    assert "请删除该列" in p.fix_zh
    assert r.counts()["cells"]["refused"] == 3   # the three figures of the column, never imported


def test_every_sub_column_under_a_population_refused(analyse):
    """gp18: 高新技术企业 over 研发费用加计扣除额 | 研发费用加计扣除企业数: neither is the county's."""
    subs = ["研发费用加计扣除额（万元）", "研发费用加计扣除企业数（家）"]
    r = analyse(("g.xlsx", two_row([("高新技术企业", 2, 3)], subs, rows_of([514, 513, 515], [34, 33, 35]))),
                today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("group_column_refused", "B3", "高新技术企业 / 研发费用加计扣除额（万元）"),
                           ("group_column_refused", "C3", "高新技术企业 / 研发费用加计扣除企业数（家）"),
                           ("no_values", "", "")]


def test_the_fix_deleting_the_groups_column_imports_the_rest(analyse):
    """The refusal's fix works: with 高新技术企业 over 数量 | R&D经费 beside 技术合同登记额, the R&D column is refused;
    the same table with that column deleted imports without an error."""
    rows = rows_of([78, 52, 40], [6014, 6013, 6015], [29311, 20110, 15020])
    r = analyse(("g.xlsx", two_row([("高新技术企业", 2, 3)], ["数量（家）", "R&D经费（万元）", "技术合同登记额（万元）"], rows)),
                today=TODAY)
    assert refusals(r) == [("group_column_refused", "C3", "高新技术企业 / R&D经费（万元）")]
    fixed = [[row[0], row[1], row[3]] for row in rows]
    r = analyse(("g.xlsx", two_row([("高新技术企业", 2, 2)], ["数量（家）", "技术合同登记额（万元）"], fixed)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "B5"), ("HNTE", "130534", "2024Q3", False, 78.0, "B4"),
                         ("HNTE", "130535", "2024Q3", False, 40.0, "B6"),
                         ("TECH_CONTRACT", "130533", "2024Q3", True, 20110.0, "C5"),
                         ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0, "C4"),
                         ("TECH_CONTRACT", "130535", "2024Q3", True, 15020.0, "C6")]


def test_qizhong_group_beside_the_countys_column_is_no_duplicate(analyse):
    """gp04 / C5: R&D经费（万元） | 其中：规上工业企业 over R&D经费（万元）: two indicators (RD_EXP, IND_RD_EXP), never
    one indicator twice with different figures (duplicate_conflict)."""
    r = analyse(("g.xlsx", two_row([("其中：规上工业企业", 3, 3)], ["R&D经费（万元）", "R&D经费（万元）"],
                                   rows_of([12305, 8300, 5722], [9014, 9013, 9015]))), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("IND_RD_EXP", "130533", "2024Q3", True, 9013.0, "C5"),
                         ("IND_RD_EXP", "130534", "2024Q3", True, 9014.0, "C4"),
                         ("IND_RD_EXP", "130535", "2024Q3", True, 9015.0, "C6"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4"),
                         ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B6")]


def test_an_indicators_part_under_it_is_read_or_refused(analyse):
    """R&D经费（万元） merged over 合计 | 其中：规上工业企业 | 其中：高新技术企业: the total, the 规上 firms' part
    (IND_RD_EXP) and a part the catalogue does not hold (refused, never HNTE)."""
    subs = ["合计", "其中：规上工业企业", "其中：高新技术企业"]
    r = analyse(("g.xlsx", two_row([("R&D经费（万元）", 2, 4)], subs,
                                   rows_of([12305, 8300, 5722], [9014, 6013, 4015], [6000, 3000, 2000]))), today=TODAY)
    assert stored(r) == [("IND_RD_EXP", "130533", "2024Q3", True, 6013.0, "C5"),
                         ("IND_RD_EXP", "130534", "2024Q3", True, 9014.0, "C4"),
                         ("IND_RD_EXP", "130535", "2024Q3", True, 4015.0, "C6"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4"),
                         ("RD_EXP", "130535", "2024Q3", True, 5722.0, "B6")]
    assert refusals(r) == [("group_column_refused", "D3", "R&D经费（万元） / 其中：高新技术企业")]
