"""Refuse rather than guess, for regions, units and cells whose value is not certain: a unit named by code and
by name that disagree (form header lines too), 12-digit codes below the county, "其中" rows under a county,
a value merged over two keys, count units that count something else (人次, 项, 件), formulas without their
value, and a % that comes from the cell's number format."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pytest

from workbooks import long_form, save

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from corpus_builders import TODAY  # noqa: E402

assert TODAY >= dt.date(2025, 1, 1)   # every 2024 period below has ended


def table(r):
    return sorted((o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value)) for o in r.obs.itertuples())


def errors(r):
    return sorted((p.rule, p.cell) for p in r.errors.itertuples())


def wide(rows, header=("县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"), title="邢台市2024年1-9月县域科技指标汇总表",
         merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for m in merges:
        ws.merge_cells(m)
    return save(wb)


# ---- A2: the unit named by code and by name -------------------------------------------------------------------

def form(name_line, code_line="行政区划代码：130534"):
    """An NBS-style form: the unit's name in A2, its code in D2, the period in A3, header in row 4."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "县域科技创新主要指标"
    ws["A2"] = name_line
    ws["D2"] = code_line
    ws["A3"] = "2024年1-9月"
    for c, v in zip("ABCD", ["指标名称", "计量单位", "本期", "上年同期"]):
        ws[f"{c}4"] = v
    ws.append(["研究与试验发展(R&D)经费", "万元", 8300, 7100])
    ws.append(["高新技术企业数", "家", 52, 47])
    return save(wb)


@pytest.mark.parametrize("name_line", ["综合机关名称：威县科学技术局", "单位名称：威县", "填报单位：威县科学技术局",
                                       "报送单位：威县科技局", "机关名称：威县科学技术局"])
def test_form_header_name_and_code_that_disagree_are_refused_naming_both_cells(analyse, name_line):
    r = analyse(("f.xlsx", form(name_line)), today=TODAY)
    assert table(r) == []
    assert errors(r) == [("no_values", ""), ("region_conflict", "D2")]
    msg = r.errors.loc[r.errors["rule"] == "region_conflict", "message_zh"].iloc[0]
    assert "130534 是清河县" in msg and "威县" in msg and "A2 单元格" in msg


@pytest.mark.parametrize("name_line", ["综合机关名称：清河县科学技术局", "单位名称：清河县"])
def test_form_header_name_and_code_that_agree_are_stored(analyse, name_line):
    r = analyse(("f.xlsx", form(name_line)), today=TODAY)
    assert errors(r) == []
    assert table(r) == [("HNTE", "130534", "2024Q3", False, 52.0), ("RD_EXP", "130534", "2024Q3", True, 8300.0)]


# ---- A3: 12-digit codes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code,name", [("130534100000", "葛仙庄镇"), ("130534400000", ""), ("130534100201", ""),
                                       (130534100000.0, "")])
def test_a_12_digit_code_below_the_county_is_refused(analyse, code, name):
    rows = [[code, name, "", "HNTE", "2024年1-9月", "否", 20, "家"],
            ["130533", "威县", "", "HNTE", "2024年1-9月", "否", 52, "家"]]
    r = analyse(("t.xlsx", long_form([x + ["", ""] for x in rows])), today=TODAY)
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0)]
    assert errors(r) == [("region_below_county", "A2")]
    msg = r.errors["message_zh"].iloc[0]
    assert "清河县下的乡镇（街道）或村" in msg


def test_a_12_digit_code_of_the_county_itself_is_the_county(analyse):
    rows = [["130534000000", "清河县", "", "HNTE", "2024年1-9月", "否", 78, "家", "", ""]]
    r = analyse(("t.xlsx", long_form(rows)), today=TODAY)
    assert errors(r) == []
    assert table(r) == [("HNTE", "130534", "2024Q3", False, 78.0)]


def test_a_form_whose_code_is_a_town_is_refused(analyse):
    r = analyse(("f.xlsx", form("说明：县域指标", "行政区划代码：130534100000")), today=TODAY)
    assert table(r) == []
    assert ("region_below_county", "D2") in errors(r)


def test_a_wide_table_with_a_town_code_column_refuses_the_town_row(analyse):
    rows = [("130534100000", "葛仙庄镇", 3100), ("130533", "威县", 8300)]
    r = analyse(("w.xlsx", wide(rows, header=("地区代码", "县（市、区）", "R&D经费（万元）"))), today=TODAY)
    assert table(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0)]
    assert [rule for rule, _ in errors(r)] == ["region_below_county"]


# ---- A4: "其中" rows ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["  其中：开发区", "其中：经济开发区", "  其中：清河经济开发区", "#开发区"])
def test_a_qizhong_row_under_a_county_is_refused_never_the_citys_zone(analyse, label):
    rows = [("威县", 8300, 52), ("清河县", 12305, 78), (label, 3100, 20), ("临西县", 5722, 40)]
    r = analyse(("w.xlsx", wide(rows, title="2024年1-9月部分县科技指标")), today=TODAY)
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("HNTE", "130535", "2024Q3", False, 40.0), ("RD_EXP", "130533", "2024Q3", True, 8300.0),
                        ("RD_EXP", "130534", "2024Q3", True, 12305.0), ("RD_EXP", "130535", "2024Q3", True, 5722.0)]
    assert errors(r) == [("region_part_of_unit", "A5")]
    assert "「清河县」（A4）" in r.errors["message_zh"].iloc[0]


def test_a_qizhong_row_under_the_city_total_stays_the_citys_zone(analyse):
    from workbooks import XINGTAI

    rows = [(n, 100 + i, 10 + i) for i, n in enumerate(XINGTAI)]
    total = ("全市合计", sum(x[1] for x in rows), sum(x[2] for x in rows))
    r = analyse(("w.xlsx", wide(rows + [total, ("  其中：经济开发区", 50, 3)])), today=TODAY)
    assert errors(r) == []
    got = table(r)
    assert ("RD_EXP", "130571", "2024Q3", True, 50.0) in got and ("HNTE", "130571", "2024Q3", False, 3.0) in got
    assert ("RD_EXP", "130500", "2024Q3", True, float(total[1])) in got


def test_a_zone_named_after_a_county_is_never_offered_another_zone():
    from data.imports.match import Matcher

    m = Matcher.build(home_region="130534")
    assert "130571" not in m.suggest("region", "清河经济开发区")
    assert "130571" in m.suggest("region", "邢台经济开发区")   # a name that does belong to the zone still is


# ---- A5: a value merged over two keys ---------------------------------------------------------------------------

def test_a_value_merged_over_two_county_rows_is_refused(analyse):
    rows = [("清河县", 20605, 78), ("威县", None, 52), ("临西县", 5722, 40)]
    r = analyse(("w.xlsx", wide(rows, merges=["B3:B4"])), today=TODAY)
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("HNTE", "130535", "2024Q3", False, 40.0), ("RD_EXP", "130535", "2024Q3", True, 5722.0)]
    assert errors(r) == [("merged_value", "B3")]
    assert "B3:B4" in r.errors["message_zh"].iloc[0]
    c = r.counts()["cells"]
    assert c["refused"] == 1


def test_a_value_merged_over_two_indicator_columns_is_refused(analyse):
    rows = [("清河县", 12305, 78), ("威县", 60, None)]
    r = analyse(("w.xlsx", wide(rows, merges=["B4:C4"])), today=TODAY)
    assert table(r) == [("HNTE", "130534", "2024Q3", False, 78.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    assert errors(r) == [("merged_value", "B4")]
    assert "B4:C4" in r.errors["message_zh"].iloc[0]


# ---- A10: count units that count something else -----------------------------------------------------------------

@pytest.mark.parametrize("header,stored", [
    ("科技特派员（人次）", None), ("科技特派员（人）", 356.0),
    ("高新技术企业数（项）", None), ("高新技术企业数（件）", None), ("高新技术企业数（个）", 356.0),
    ("高新技术企业数（户）", 356.0), ("高新技术企业数（家）", 356.0), ("科技特派员（个）", None),
])
def test_count_units_are_the_same_only_when_they_count_the_same(analyse, header, stored):
    r = analyse(("w.xlsx", wide([("清河县", 356)], header=("县（市、区）", header), title="邢台市2024年县域科技指标")),
                today=TODAY)
    code = "ST_COMMISSIONERS" if header.startswith("科技特派员") else "HNTE"
    if stored is None:
        assert table(r) == []
        assert ("unit_unknown", "B2") in errors(r)
    else:
        assert errors(r) == []
        assert table(r) == [(code, "130534", "2024", False, stored)]


# ---- W: a formula without its value, a % from the number format --------------------------------------------------

def test_a_formula_without_its_value_is_refused_never_stored_as_missing(analyse):
    rows = [("清河县", 15400), ("威县", 9100), ("临西县", "=B3-B4")]
    r = analyse(("w.xlsx", wide(rows, header=("县（市、区）", "R&D经费（万元）"), title="邢台市2024年县域科技指标")),
                today=TODAY)
    assert table(r) == [("RD_EXP", "130533", "2024", False, 9100.0), ("RD_EXP", "130534", "2024", False, 15400.0)]
    assert errors(r) == [("formula_no_value", "B5")]
    assert r.errors["severity"].iloc[0] == "error" and "Excel" in r.errors["fix_zh"].iloc[0]
    assert r.counts()["cells"]["refused"] == 1


def test_a_percent_format_on_a_count_says_the_percent_is_the_cells_format(analyse):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["邢台市2024年县域科技指标"])
    ws.append(["县（市、区）", "高新技术企业数（家）"])
    ws.append(["清河县", 0.41])
    ws.append(["威县", "52%"])
    ws.append(["临西县", 40])
    ws["B3"].number_format = "0%"
    r = analyse(("w.xlsx", save(wb)), today=TODAY)
    assert table(r) == [("HNTE", "130535", "2024", False, 40.0)]
    assert errors(r) == [("percent_in_amount", "B3"), ("percent_in_amount", "B4")]
    by_cell = dict(zip(r.errors["cell"], r.errors["message_zh"]))
    assert "百分比数字格式" in by_cell["B3"] and "Excel 显示为 41%" in by_cell["B3"]
    assert by_cell["B4"] == "该指标不是百分比，却填写了带 % 的数值"


# ---- A2/A3 generalised: a name that is another unit, or a town, beside a county's code -------------------------

@pytest.mark.parametrize("name", ["葛仙庄镇", "桥东区", "威县"])
def test_a_long_form_code_beside_a_name_of_another_unit_or_a_town_is_refused(analyse, name):
    rows = [["130534", name, "", "HNTE", "2024年1-9月", "否", 20, "家", "", ""],
            ["130533", "威县", "", "HNTE", "2024年1-9月", "否", 52, "家", "", ""]]
    r = analyse(("t.xlsx", long_form(rows)), today=TODAY)
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0)]
    assert errors(r) == [("region_conflict", "A2")]


def test_a_form_of_a_town_with_its_countys_code_is_refused(analyse):
    r = analyse(("f.xlsx", form("单位名称：葛仙庄镇人民政府")), today=TODAY)
    assert table(r) == []
    assert ("region_conflict", "D2") in errors(r)


def test_a_table_of_towns_is_refused_town_by_town(analyse):
    rows = [("葛仙庄镇", 20), ("连庄镇", 15), ("谢炉镇", 10), ("合计", 45)]
    r = analyse(("w.xlsx", wide(rows, header=("乡镇", "高新技术企业数（家）"), title="清河县2024年各乡镇高新技术企业数")),
                today=TODAY)
    assert table(r) == []
    assert [e for e in errors(r) if e[0] != "no_values"] == [
        ("region_below_county", "A3"), ("region_below_county", "A4"), ("region_below_county", "A5")]


@pytest.mark.parametrize("name", ["威县", "葛仙庄镇"])
def test_a_wide_table_code_column_beside_a_name_of_another_unit_or_a_town_is_refused(analyse, name):
    rows = [("130534", name, 12305), ("130535", "临西县", 5722)]
    r = analyse(("w.xlsx", wide(rows, header=("地区代码", "县（市、区）", "R&D经费（万元）"))), today=TODAY)
    assert table(r) == [("RD_EXP", "130535", "2024Q3", True, 5722.0)]
    assert errors(r) == [("region_conflict", "A3")]
