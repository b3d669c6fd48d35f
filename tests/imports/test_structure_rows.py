"""Structure rows the importer must recognise in their many spellings, and data rows it must not take for
structure: 栏次 rows (A B C 1 2 3, 栏次 — (1) (2), ①②, 一 二 三), a data row under an unknown label right
under the header (市直单位, a county's towns), subtotal and total rows spelled 市区合计, 各县（市）合计, 全市合计数."""
import datetime as dt

import pytest
from import_checks import problems
from workbooks import grid

TODAY = dt.date(2026, 1, 10)


def table(result):
    o = result.obs.sort_values(["indicator", "region", "row"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value)) for r in o.itertuples()]


def skipped(result):
    return sorted((s["row"], s["kind"]) for s in result.preview["skipped"])


FORM_TOP = [["县域科技活动情况季报"], ["综合机关名称：威县科学技术局", None, None, "行政区划代码：130533"], ["2024年1-9月"],
            ["指标名称", "计量单位", "本期", "上年同期"]]
FORM_ROWS = [["研究与试验发展(R&D)经费", "万元", 8300, 7410], ["高新技术企业数", "家", 52, 47]]
FORM_TABLE = [("HNTE", "130533", "2024Q3", False, 52.0), ("RD_EXP", "130533", "2024Q3", True, 8300.0)]


@pytest.mark.parametrize("numbers", [
    ["A", "B", 1, 2],
    ["栏次", "—", "(1)", "(2)"],
    ["栏次", "-", "（1）", "（2）"],
    ["甲", "乙", "①", "②"],
    ["一", "二", "三", "四"],
    ["A", "B", "C", "D"],
    ["栏次", "—", "1", "2"],
])
def test_form_column_number_row_in_other_spellings(analyse, numbers):
    """The row right under a form's header marking its columns (栏次) is structure in every spelling, never an
    indicator "A" or "栏次" refused (which blocked the form's real figures)."""
    r = analyse(("f.xlsx", grid([*FORM_TOP, numbers, *FORM_ROWS])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == FORM_TABLE
    assert (5, "column_numbers") in skipped(r)
    c = r.counts()["cells"]
    assert c["refused"] == 0 and c["imported"] == 4


def test_nbs_form_with_code_column_and_letter_numbers(analyse):
    """f01: 指标名称 | 计量单位 | 代码 | 本期 | 上年同期 | 同比增长(%) over A B C 1 2 3."""
    rows = [["县域科技活动情况季报"], ["表号：科统季1表", None, None, "制定机关：市科学技术局"],
            ["综合机关名称：清河县科学技术和工业信息化局", None, None, "行政区划代码：130534"], ["2024年1-9月"],
            ["指标名称", "计量单位", "代码", "本期", "上年同期", "同比增长(%)"], ["A", "B", "C", 1, 2, 3],
            ["研究与试验发展(R&D)经费", "千元", "01", 123050, 110050, 11.81],
            ["高新技术企业数", "家", "05", 78, 69, 13.04]]
    r = analyse(("f01.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("HNTE", "130534", "2024Q3", False, 78.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    assert (6, "column_numbers") in skipped(r)


@pytest.mark.parametrize("numbers", [
    ["甲", "A", "B"], ["栏次", "(1)", "(2)"], [None, "①", "②"], ["栏次", "1", "2"],
])
def test_wide_column_number_row_in_other_spellings(analyse, numbers):
    rows = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], numbers,
            ["清河县", 12305, 78], ["威县", 8300, 52]]
    r = analyse(("w.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    assert (3, "column_numbers") in skipped(r)


def test_first_data_row_of_small_integers_is_imported(analyse):
    """Real counts 1, 2, 3 on the first data row are figures, never a 栏次 row: beside a region name (wide), an
    indicator name (form) the row is data; the figures are stored."""
    rows = [["邢台市2024年县域科技平台"], ["县（市、区）", "高新技术企业数（家）", "企业技术中心（个）", "重点实验室（个）"],
            ["清河县", 1, 2, 3], ["威县", 4, 5, 6]]
    r = analyse(("w.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("HNTE", "130533", "2024", False, 4.0), ("HNTE", "130534", "2024", False, 1.0),
                        ("PLAT_ENT_TECH_CENTER", "130533", "2024", False, 5.0),
                        ("PLAT_ENT_TECH_CENTER", "130534", "2024", False, 2.0),
                        ("PLAT_KEY_LAB", "130533", "2024", False, 6.0), ("PLAT_KEY_LAB", "130534", "2024", False, 3.0)]
    form = [*FORM_TOP, ["高新技术企业数", "家", 1, 2], ["企业技术中心", "个", 2, 3]]
    r = analyse(("f.xlsx", grid(form)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 1.0), ("PLAT_ENT_TECH_CENTER", "130533", "2024Q3", False, 2.0)]


def test_numbers_row_inside_the_body_is_not_column_numbers(analyse):
    """A row of 1 2 3 lower down the body (not right under a header) is no 栏次 row: its figures are reported,
    never skipped as structure."""
    rows = [["邢台市2024年县域科技平台"], ["县（市、区）", "高新技术企业数（家）", "企业技术中心（个）"],
            ["清河县", 7, 8], [None, 1, 2], ["威县", 4, 5]]
    r = analyse(("w.xlsx", grid(rows)), today=TODAY)
    assert (4, "column_numbers") not in skipped(r)
    c = r.counts()["cells"]
    assert c["refused"] == 2 and c["imported"] == 4


@pytest.mark.parametrize("serial", [False, True])
def test_unknown_label_as_first_data_row_is_an_unknown_region(analyse, serial):
    """f52b/f52c: 市直单位 as the first data row was taken into the header (its figures called header cells and
    the columns unknown indicators, every county's figure blocked). It is a data row whose label is no region."""
    head = ["序号"] if serial else []
    rows = [["邢台市2024年县域科技指标"], [*head, "县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
            [*([1] if serial else []), "市直单位", 1200, 9], [*([2] if serial else []), "清河县", 15400, 69],
            [*([3] if serial else []), "威县", 9100, 55]]
    r = analyse(("w.xlsx", grid(rows)), today=TODAY)
    col = "B" if serial else "A"
    assert r.errors[["rule", "cell", "value"]].values.tolist() == [["unknown_region", f"{col}3", "市直单位"]]
    assert table(r) == [("HNTE", "130533", "2024", False, 55.0), ("HNTE", "130534", "2024", False, 69.0),
                        ("RD_EXP", "130533", "2024", False, 9100.0), ("RD_EXP", "130534", "2024", False, 15400.0)]
    assert problems(r, "unknown_indicator").empty
    c = r.counts()["cells"]
    assert c["refused"] == 2 and c["imported"] == 4 and c["structure_kinds"]["header"] == len(rows[1])


F60 = [["邢台市2024年1-9月县域科技指标汇总表"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
       ["襄都区", 6521, 42], ["信都区", 11790, 74], ["任泽区", 9708, 58], ["南和区", 7435, 46], ["市区合计", 35454, 220],
       ["临城县", 3325, 21], ["内丘县", 5956, 32], ["柏乡县", 3300, 18], ["隆尧县", 8278, 48], ["宁晋县", 31411, 143],
       ["巨鹿县", 4803, 32], ["新河县", 2256, 14], ["广宗县", 2662, 15], ["平乡县", 4594, 30], ["威县", 8300, 52],
       ["清河县", 12305, 78], ["临西县", 5722, 40], ["南宫市", 9817, 66], ["沙河市", 20580, 90],
       ["各县（市）合计", 123309, 679], ["全市合计数", 158763, 899]]


# F60 with the development zone's row: the whole city (data.catalogue.CITY_TOTAL_LEVELS: counties and zones)
F60Z = [*F60[:22], ["河北邢台经济开发区", 1953, 11], ["全市合计数", 160716, 910]]


def test_subtotal_and_total_spellings_are_checked(analyse):
    """f60: 市区合计, 各县（市）合计 are subtotals checked against their rows, 全市合计数 the city's total (the
    table lists every unit of the city, the zone too): never unknown regions to be renamed."""
    r = analyse(("f60.xlsx", grid(F60Z)), today=TODAY)
    assert r.errors.empty and r.warnings.empty, r.problems[["rule", "cell", "value"]].to_dict("records")
    city = [(o.indicator, o.region, o.period, float(o.value)) for o in r.obs.itertuples() if o.region == "130500"]
    assert sorted(city) == [("HNTE", "130500", "2024Q3", 910.0), ("RD_EXP", "130500", "2024Q3", 160716.0)]
    assert len(r.obs) == 40
    assert {(7, "subtotal"), (22, "subtotal")} <= set(skipped(r))
    c = r.counts()["cells"]
    assert c["refused"] == 0 and c["structure_kinds"]["subtotal"] == 4


@pytest.mark.parametrize(("label", "rule"), [("市区合计", "subtotal_mismatch"), ("县(市)小计", "subtotal_mismatch"),
                                             ("市区 合 计", "subtotal_mismatch")])
def test_subtotal_spelling_that_does_not_add_up_is_reported(analyse, label, rule):
    rows = [row[:] for row in F60]
    rows[6] = [label, 35000, 220]
    r = analyse(("f60.xlsx", grid(rows)), today=TODAY)
    got = problems(r, rule)[["cell", "value"]].values.tolist()
    assert got == [["B7", "35000"]], r.problems[["rule", "cell", "value"]].to_dict("records")
    assert problems(r, "unknown_region").empty


@pytest.mark.parametrize("label", ["总计", "合 计", "全市总计", "全市合计数"])
def test_total_spellings_of_a_partial_table_are_checked_totals(analyse, label):
    rows = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
            ["清河县", 12305, 78], ["威县", 8300, 52], [label, 20605, 130]]
    r = analyse(("t.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty and r.warnings.empty, r.problems[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    assert (5, "total") in skipped(r)


def test_subtotal_of_unknown_rows_is_said_unchecked(analyse):
    """市直合计 over rows that are no county-level unit: structure, but said not checked (never "已核对"); its
    rows are unknown regions, the counties below are imported."""
    rows = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
            ["市科技局直属单位", 700, 4], ["市农科院", 500, 5], ["市直合计", 1200, 9],
            ["清河县", 12305, 78], ["威县", 8300, 52]]
    r = analyse(("t.xlsx", grid(rows)), today=TODAY)
    assert r.errors[["rule", "cell", "value"]].values.tolist() == [["unknown_region", "A3", "市科技局直属单位"],
                                                                 ["unknown_region", "A4", "市农科院"]]
    assert (5, "subtotal_unchecked") in skipped(r)
    assert len(r.obs) == 4


def test_town_table_of_a_county_is_refused_row_by_row(analyse):
    """f52: 清河县's towns (not in the catalogue) and their 合计: each town is an unknown region naming its cell,
    the 合计 is said not checked; no header cell holds a figure. A town's name says it is below a county
    (rule region_below_county, tests/imports/test_region_unit_faults.py)."""
    rows = [["清河县2024年各乡镇高新技术企业数"], ["乡镇", "高新技术企业数（家）"], ["葛仙庄镇", 20], ["连庄镇", 15],
            ["油坊镇", 13], ["谢炉镇", 10], ["王官庄镇", 12], ["坝营镇", 8], ["合计", 78]]
    r = analyse(("f52.xlsx", grid(rows)), today=TODAY)
    assert problems(r, "unknown_region").empty
    assert problems(r, "region_below_county")[["cell", "value"]].values.tolist() == [
        ["A3", "葛仙庄镇"], ["A4", "连庄镇"], ["A5", "油坊镇"], ["A6", "谢炉镇"], ["A7", "王官庄镇"], ["A8", "坝营镇"]]
    assert problems(r, "unknown_indicator").empty
    assert r.obs.empty
    assert (9, "total_unchecked") in skipped(r)
    c = r.counts()["cells"]
    assert c["refused"] == 6 and c["structure_kinds"]["header"] == 2


def test_subtotal_spellings_heading_their_groups(analyse):
    """The yearbook order: 全市合计数 first, then 市区合计 above its districts and 各县（市）合计 above the counties:
    each subtotal is checked against the rows below it, down to the next one."""
    rows = F60[:2] + [F60[22], F60[6]] + F60[2:6] + [F60[21]] + F60[7:21]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.problems[["rule", "cell", "value"]].to_dict("records")
    # 全市合计数 equals the 18 counties and no zone is listed: the counties' total, not the city's (test_city_totals)
    assert r.warnings[["rule", "cell"]].values.tolist() == [["total_not_city", "B3"], ["total_not_city", "C3"]]
    assert {(3, "total"), (4, "subtotal"), (9, "subtotal")} <= set(skipped(r))
    assert len(r.obs) == 36 and "130500" not in set(r.obs["region"])
    rows[3] = ["市区合计", 35000, 220]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert problems(r, "subtotal_mismatch")[["cell", "value"]].values.tolist() == [["B4", "35000"]]
