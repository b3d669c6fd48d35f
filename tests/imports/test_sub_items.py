"""A2, C4 (breaker5): a form's 其中/# sub-item whose text is another indicator's name became that indicator:
其中：规上工业企业 under R&D经费 was stored as IND_FIRMS 9800 家 (the 规上 firms' R&D in 万元 read as a count), and with
a 计量单位 of 万元 it was refused as unit_unknown with a fix (use 家) that would store that wrong count. A sub-item is
now read only under its parent row: the parent's catalogue child (`parent`: 其中：重点实验室 under 省级以上科技创新平台数)
or the indicator the pair names (R&D经费 + 规上工业企业 = IND_RD_EXP, in the parent's unit when it states none);
otherwise it is refused (sub_item_refused, on the sub-item's name, naming the parent row), never read by its text."""
import datetime as dt

import pytest
from import_checks import problems, refusals
from import_checks import stored as stored_rows
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
META = [["科技统计快报表"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"], ["报告期：2024年1-9月"]]


def stored(result):
    return stored_rows(result, by="period")


def form(header, rows):
    return ("f.xlsx", grid([*META, header, *rows]))


RD_HNTE = ("HNTE", "130534", "2024Q3", False, 78.0)


@pytest.mark.parametrize(("header", "rows", "expected"), [
    # gp06: no 计量单位 column: the 规上 firms' R&D, in the parent's 万元
    (["指标名称", "代码", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费（万元）", "01", 12305, 11005], ["  其中：规上工业企业", "02", 9800, 9000],
      ["高新技术企业数（家）", "03", 78, 69]],
     [(*RD_HNTE, "C7"), ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "C6"),
      ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C5")]),
    # gp05 / C4: 计量单位 万元 on the sub-item (was unit_unknown "目录单位为家")
    (["指标名称", "计量单位", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费", "万元", 12305, 11005], ["其中：规上工业企业", "万元", 9800, 9000],
      ["高新技术企业数", "家", 78, 69]],
     [(*RD_HNTE, "C7"), ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "C6"),
      ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C5")]),
    # the parent's unit in its name (亿元), the sub-item none of its own: read in 亿元
    (["指标名称", "本期", "上年同期"],
     [["研究与试验发展(R&D)经费（亿元）", 1.2305, None], ["#规模以上工业企业", 0.98, None], ["高新技术企业数", 78, None]],
     [(*RD_HNTE, "B7"), ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "B6"),
      ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B5")]),
    # catalogue children: platforms' parts, 本地 / 吸纳京津 under 技术合同 (controls)
    (["指标名称", "计量单位", "本期"],
     [["省级以上科技创新平台数", "个", 25], ["其中：重点实验室", "个", 4], ["    院士工作站", "个", 2],
      ["技术合同登记额", "万元", 29311], ["其中：本地", "万元", 12000], ["      吸纳京津", "万元", 8000]],
     [("PLATFORMS", "130534", "2024Q3", False, 25.0, "C5"), ("PLAT_ACADEMICIAN_WS", "130534", "2024Q3", False, 2.0, "C7"),
      ("PLAT_KEY_LAB", "130534", "2024Q3", False, 4.0, "C6"), ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0, "C8"),
      ("TECH_CONTRACT_JINGJIN", "130534", "2024Q3", True, 8000.0, "C10"),
      ("TECH_CONTRACT_LOCAL", "130534", "2024Q3", True, 12000.0, "C9")]),
])
def test_sub_item_read_under_its_parent(analyse, header, rows, expected):
    r = analyse(form(header, rows), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == expected


@pytest.mark.parametrize(("parent", "sub", "unit", "parent_code", "parent_value", "own"), [
    ("研究与试验发展(R&D)经费（万元）", "其中：高新技术企业", None, "RD_EXP", 12305, "高新技术企业数"),   # gp07
    ("研究与试验发展(R&D)经费（万元）", "其中：科技型中小企业", None, "RD_EXP", 12305, "科技型中小企业（入库）数"),  # gp19
    ("技术合同登记额（万元）", "#规上工业企业", None, "TECH_CONTRACT", 29311, "规上工业企业数"),   # gp23
    ("技术合同登记额（万元）", "#科技型中小企业", "", "TECH_CONTRACT", 29311, "科技型中小企业（入库）数"),  # gp08
    ("地方财政科技支出（万元）", "其中：科技特派员", None, "FISCAL_ST", 5600, "科技特派员"),   # gp22
])
def test_sub_item_naming_another_indicator_is_refused(analyse, parent, sub, unit, parent_code, parent_value, own):
    header = ["指标名称", "本期", "上年同期"] if unit is None else ["指标名称", "计量单位", "本期", "上年同期"]
    rows = [[parent, parent_value, None], [sub, 6000, 5000]]
    if unit is not None:   # gp08/gp20: a 计量单位 column, blank on the sub-item
        rows = [[parent, "万元", parent_value, None], [sub, unit, 6000, 5000]]
    r = analyse(form(header, rows), today=TODAY)
    vcol = "B" if unit is None else "C"
    assert stored(r) == [(parent_code, "130534", "2024Q3", True, float(parent_value), f"{vcol}5")]   # flows: 累计
    assert refusals(r) == [("sub_item_refused", "A6", sub)]
    p = problems(r, "sub_item_refused").iloc[0]
    assert f"「{sub}」是「" in p.message_zh and f"不是「{own}」" in p.message_zh and "（上一行 A5）" in p.message_zh
    assert "请删除该行" in p.fix_zh
    assert r.counts()["cells"]["refused"] == 2   # the sub-item's figure and its 上年同期


def test_indented_rows_under_a_population_heading(analyse):
    """gp12: a heading row 高新技术企业 (no figures) over indented 企业数 and R&D经费: the count is HNTE, the R&D is
    the high-tech firms' (refused), never the county's RD_EXP."""
    rows = [["高新技术企业", None, None, None], ["  企业数", "家", 78, 69], ["  R&D经费", "万元", 6000, 5000]]
    r = analyse(form(["指标名称", "计量单位", "本期", "上年同期"], rows), today=TODAY)
    assert stored(r) == [(*RD_HNTE, "C6")]
    assert refusals(r) == [("sub_item_refused", "A7", "R&D经费")]


def test_rows_under_a_heading_that_is_no_indicator_are_read_by_name(analyse):
    """A section heading (一、科技投入) is no parent indicator: its indented rows are read by their own names (the
    heading itself, no catalogue name, is an unknown indicator as before)."""
    rows = [["一、科技投入", None, None], ["  研究与试验发展(R&D)经费", "万元", 12305], ["  地方财政科技支出", "万元", 5600]]
    r = analyse(form(["指标名称", "计量单位", "本期"], rows), today=TODAY)
    assert refusals(r) == [("unknown_indicator", "A5", "一、科技投入")]
    assert stored(r) == [("FISCAL_ST", "130534", "2024Q3", True, 5600.0, "C7"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C6")]


def test_a_nested_sub_item_belongs_to_its_indented_parent_not_the_heading(analyse):
    """The usual NBS layout: 一、科技投入 / indented R&D经费（万元） / deeper 其中：规上工业企业 9800. The sub-item's parent
    is the R&D row (IND_RD_EXP 9800 万元), never the heading (which let its own name store IND_FIRMS 9800 家)."""
    rows = [["一、科技投入", None, None], ["  研究与试验发展(R&D)经费（万元）", None, 12305],
            ["    其中：规上工业企业", None, 9800], ["二、创新主体", None, None], ["  高新技术企业数（家）", None, 78]]
    r = analyse(form(["指标名称", "代码", "本期"], rows), today=TODAY)
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C9"),
                         ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "C7"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C6")]
    assert refusals(r) == [("unknown_indicator", "A5", "一、科技投入"), ("unknown_indicator", "A8", "二、创新主体")]


def test_a_row_only_indented_under_an_indicator_keeps_its_own_name(analyse):
    """Indentation without 其中/# under an indicator row is formatting: "　地方财政科技支出" under R&D经费 is FISCAL_ST,
    as before the sub-item rule (which refused it as a part of R&D)."""
    rows = [["研究与试验发展(R&D)经费", "万元", 12305], ["\u3000地方财政科技支出", "万元", 5600]]
    r = analyse(form(["指标名称", "计量单位", "本期"], rows), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("FISCAL_ST", "130534", "2024Q3", True, 5600.0, "C6"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C5")]


WIDE_TITLE = [["邢台市2024年1-9月县域科技指标"]]


def wide(header, rows):
    return ("w.xlsx", grid([*WIDE_TITLE, header, *rows]))


def test_one_row_header_sub_columns_are_parts_of_the_column_on_their_left(analyse):
    """The same kind in a city's one-row wide table: "R&D经费（万元） | 其中：规上工业企业" stored the 规上 firms' R&D
    (万元) as IND_FIRMS, a count of firms, and "其中：本地" was an unknown indicator. A 其中/# column is read under
    the value column on its left, in that column's unit: IND_RD_EXP and TECH_CONTRACT_LOCAL."""
    r = analyse(wide(["县（市、区）", "R&D经费（万元）", "其中：规上工业企业", "技术合同成交额（万元）", "#本地",
                      "高新技术企业数（家）"],
                     [["清河县", 12305, 9800, 32600, 12000, 78], ["威县", 11000, 8000, 11000, 8000, 60]]),
                today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [
        ("HNTE", "130533", "2024Q3", False, 60.0, "F4"), ("HNTE", "130534", "2024Q3", False, 78.0, "F3"),
        ("IND_RD_EXP", "130533", "2024Q3", True, 8000.0, "C4"), ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "C3"),
        ("RD_EXP", "130533", "2024Q3", True, 11000.0, "B4"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3"),
        ("TECH_CONTRACT", "130533", "2024Q3", True, 11000.0, "D4"),
        ("TECH_CONTRACT", "130534", "2024Q3", True, 32600.0, "D3"),
        ("TECH_CONTRACT_LOCAL", "130533", "2024Q3", True, 8000.0, "E4"),
        ("TECH_CONTRACT_LOCAL", "130534", "2024Q3", True, 12000.0, "E3")]


def test_one_row_header_sub_column_of_no_catalogue_part_is_refused(analyse):
    """"高新技术企业数 | 其中：规上工业企业" is the 规上 firms among the high-tech ones (no catalogue indicator), never
    IND_FIRMS (all 规上 firms); a 其中 column with no value column on its left belongs to nothing. Both refused
    (sub_column_refused) on the header cell, naming the cause; the other columns are read."""
    r = analyse(wide(["县（市、区）", "其中：高新技术企业", "R&D经费（万元）", "高新技术企业数（家）", "其中：规上工业企业"],
                     [["清河县", 50, 12305, 78, 40], ["威县", 30, 11000, 60, 30]]), today=TODAY)
    assert refusals(r) == [("sub_column_refused", "B2", "其中：高新技术企业"),
                           ("sub_column_refused", "E2", "其中：规上工业企业")]
    msgs = problems(r, "sub_column_refused").sort_values("cell")["message_zh"].tolist()
    assert "左侧没有它所属的指标列" in msgs[0]
    assert "在「高新技术企业数」之下，是高新技术企业的数，不是「规上工业企业数」" in msgs[1] and "（左侧 D列）" in msgs[1]
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 60.0, "D4"), ("HNTE", "130534", "2024Q3", False, 78.0, "D3"),
                         ("RD_EXP", "130533", "2024Q3", True, 11000.0, "C4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]


def long_form(rows, header=("地区", "指标", "期别", "数值", "单位")):
    return ("l.xlsx", grid([list(header), *rows]))


def test_long_form_sub_item_rows_are_parts_of_the_row_above(analyse):
    """A long form's 指标 cell "其中：规上工业企业" under the same county's and period's R&D row is IND_RD_EXP (in the
    R&D row's unit when its own is blank), "#本地" under 技术合同 is TECH_CONTRACT_LOCAL; under 高新技术企业数 it is
    refused, never IND_FIRMS; a 其中 row whose row above is another county's has no parent and is refused."""
    r = analyse(long_form([
        ["清河县", "研究与试验发展(R&D)经费", "2024年1-9月", 12305, "万元"],
        ["清河县", "其中：规上工业企业", "2024年1-9月", 9800, None],
        ["清河县", "技术合同成交额", "2024年1-9月", 32600, "万元"],
        ["清河县", "#本地", "2024年1-9月", 12000, "万元"],
        ["清河县", "高新技术企业数", "2024年1-9月", 78, "家"],
        ["清河县", "其中：规上工业企业", "2024年1-9月", 40, "家"],
        ["威县", "其中：规上工业企业", "2024年1-9月", 30, "家"],
    ]), today=TODAY)
    assert refusals(r) == [("sub_item_refused", "B7", "其中：规上工业企业"), ("sub_item_refused", "B8", "其中：规上工业企业")]
    msgs = problems(r, "sub_item_refused").sort_values("cell")["message_zh"].tolist()
    assert "是高新技术企业的数，不是「规上工业企业数」" in msgs[0] and "（上一行 B6）" in msgs[0]
    assert "上一行不是同一地区、同一期别的指标" in msgs[1]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "D6"),
                         ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "D3"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "D2"),
                         ("TECH_CONTRACT", "130534", "2024Q3", True, 32600.0, "D4"),
                         ("TECH_CONTRACT_LOCAL", "130534", "2024Q3", True, 12000.0, "D5")]
