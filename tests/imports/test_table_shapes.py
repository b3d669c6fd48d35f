"""Each real-world layout, built in code, reads into the right figures with the right cells."""
import math

import openpyxl
import pytest

from import_checks import problems
from workbooks import XINGTAI, csv_bytes, long_form, save, single_unit_form, wide_report

ZONE = "河北邢台经济开发区"   # listed, the 全市合计 is the whole city (data.catalogue.CITY_TOTAL_LEVELS)

def fig(result, indicator, region, period=None):
    o = result.obs
    o = o[(o["indicator"] == indicator) & (o["region"] == region)]
    if period:
        o = o[o["period"] == period]
    assert len(o) == 1, o
    return o.iloc[0]


def test_wide_city_report_with_title_two_row_merged_header_total_row_and_notes(analyse):
    r = analyse(("邢台.xlsx", wide_report(period="2024年1-6月", names=[*XINGTAI, ZONE])))
    assert r.files[0]["sheets"][0]["layout"] == "wide"
    assert problems(r, "unknown_region").empty and problems(r, "unknown_indicator").empty
    qinghe = XINGTAI.index("清河县")
    row = fig(r, "RD_EXP", "130534")
    assert (row["period"], row["period_kind"], bool(row["is_ytd"]), row["value"]) == ("2024Q2", "Q", True, 100 * (qinghe + 1))
    assert row["cell"] == f"C{5 + qinghe}"
    # 技术合同登记额 over 合计 | 其中：本地 | 吸纳京津
    assert fig(r, "TECH_CONTRACT", "130534")["cell"] == f"E{5 + qinghe}"
    assert fig(r, "TECH_CONTRACT_LOCAL", "130534")["cell"] == f"F{5 + qinghe}"
    assert fig(r, "TECH_CONTRACT_JINGJIN", "130534")["value"] == 5 + qinghe
    # A stock (高新技术企业数) is never 累计 even in a 1-6月 report.
    assert not fig(r, "HNTE", "130534")["is_ytd"]
    # 全市合计 is the city (the 18 counties and the zone listed); sums match, so no warning; notes and signatures
    # are not rows.
    assert fig(r, "RD_EXP", "130500")["value"] == sum(100 * (i + 1) for i in range(19))
    assert fig(r, "RD_EXP", "130571")["value"] == 1900
    assert problems(r, "total_mismatch").empty and problems(r, "total_not_city").empty
    assert set(r.obs["region"]) == {*r.obs["region"][r.obs["region"] != "130500"], "130500"}
    assert len(r.obs) == 20 * 5


def test_total_row_that_differs_from_the_counties_is_a_warning(analyse):
    r = analyse(("邢台.xlsx", wide_report(names=[*XINGTAI, ZONE], override={"C24": 99999})))
    w = problems(r, "total_mismatch")
    assert list(w["cell"]) == ["C24"] and set(w["severity"]) == {"warning"}


def test_unit_in_header_is_converted_元_to_万元(analyse):
    r = analyse(("邢台.xlsx", wide_report(rd_header="R&D经费（元）", rd=[1_000_000.0] * 18)))
    assert fig(r, "RD_EXP", "130534")["value"] == 100.0


def test_single_unit_form_with_base_and_reported_yoy(analyse):
    r = analyse(("清河.xlsx", single_unit_form()))
    assert r.files[0]["sheets"][0]["layout"] == "form"
    rd = fig(r, "RD_EXP", "130534")
    assert (rd["period"], bool(rd["is_ytd"]), rd["value"], rd["base_value"], rd["reported_yoy"]) == \
        ("2024Q2", True, 15400, 8383, 83.71)
    assert rd["cell"] == "D5"
    assert fig(r, "TECH_CONTRACT_LOCAL", "130534")["value"] == 29300  # "其中：" sub-item
    assert fig(r, "PLAT_ENT_TECH_CENTER", "130534")["value"] == 10
    swing = problems(r, "yoy_swing")
    assert list(swing["cell"]) == ["D5"] and "+83.71%" in swing["message_zh"].iloc[0]


def test_form_naming_the_unit_by_name_and_annual_period(analyse):
    r = analyse(("x.xlsx", single_unit_form(region_line=("填报单位：清河县科学技术局",), period="2023年度")))
    rd = fig(r, "RD_EXP", "130534")
    assert (rd["period"], rd["period_kind"], bool(rd["is_ytd"])) == ("2023", "Y", False)


def test_long_form_codes_names_text_numbers_and_missing_markers(analyse):
    rows = [["130534", "清河县", "RD_EXP", "", "2024Q2", "是", "1,234.5", "万元", "快报", ""],
            ["", "威 县", "", "高新技术企业数", "2023年", "否", "—", "家", "正式", ""],
            ["", "清河", "", "科技型中小企业", "2023", "", "１２３", "个", "", ""],
            ["130534", "", "", "技术合同登记额", "2024年1-6月", "", "1.2", "亿元", "", ""]]
    r = analyse(("long.xlsx", long_form(rows)))
    assert r.files[0]["sheets"][0]["layout"] == "long"
    assert fig(r, "RD_EXP", "130534")["value"] == 1234.5
    assert fig(r, "RD_EXP", "130534")["status"] == "preliminary"
    missing = fig(r, "HNTE", "130533")
    assert math.isnan(missing["value"])  # "—" is missing, never zero
    assert fig(r, "TSME", "130534")["value"] == 123
    tc = fig(r, "TECH_CONTRACT", "130534")
    assert tc["value"] == pytest.approx(12000) and tc["period"] == "2024Q2" and tc["is_ytd"]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_gb18030_and_utf8(analyse, encoding):
    data = csv_bytes([["130534", "清河县", "", "高新技术企业数", "2023", "否", "69", "家", "正式", "备注：含开发区"]],
                     encoding=encoding)
    r = analyse(("清河.csv", data))
    row = fig(r, "HNTE", "130534")
    assert row["value"] == 69 and row["note"] == "备注：含开发区" and row["cell"] == "G2"


def test_region_code_kept_as_text_and_name_clash_resolved_by_city(analyse):
    # 桥西区 exists in 石家庄 and 张家口; with other 石家庄 rows it is 石家庄's.
    rows = [["", "长安区", "", "HNTE", "2023", "", "5", "", "", ""],
            ["", "桥西区", "", "HNTE", "2023", "", "6", "", "", ""],
            ["", "新华区", "", "HNTE", "2023", "", "7", "", "", ""]]
    r = analyse(("sjz.xlsx", long_form(rows)))
    assert set(r.obs["region"]) == {"130102", "130104", "130105"}


def test_error_cells_are_the_real_excel_cells(analyse):
    data = wide_report(override={"D7": "十二", "C10": ("=HYPERLINK(\"http://x\")", "s"),
                                 "E12": "<script>alert(1)</script>", "F13": "=SUM(F5:F6)"})
    r = analyse(("邢台.xlsx", data))
    bad = problems(r, "not_number")
    assert sorted(bad["cell"]) == ["C10", "D7", "E12"]
    # A real formula saved without a cached value: its value is unknown, so the cell is refused (an error), never
    # evaluated and never stored as missing (issue 12: refuse rather than guess; a missing figure would clear a
    # published one).
    assert list(problems(r, "formula_no_value")["cell"]) == ["F13"]
    assert list(problems(r, "formula_no_value")["severity"]) == ["error"]
    assert (r.obs["cell"] == "F13").sum() == 0
    wb = openpyxl.load_workbook(__import__("io").BytesIO(data))
    ws = wb.active
    for p in bad.itertuples():
        assert str(ws[p.cell].value) == p.value  # the cell named holds the value reported
        assert p.row_label == ws[f"B{ws[p.cell].row}"].value


def test_title_row_and_blank_rows_in_long_form(analyse):
    rows = [["130534", "清河县", "HNTE", "", "2023", "", "69", "家", "", ""], [None] * 10,
            ["130533", "威县", "HNTE", "", "2023", "", "abc", "家", "", ""]]
    r = analyse(("t.xlsx", long_form(rows, title="2023年数据")))
    assert list(problems(r, "not_number")["cell"]) == ["G5"]


def test_templates_round_trip(analyse):
    from io import BytesIO

    from data.imports import templates

    wb = openpyxl.load_workbook(BytesIO(templates.long_template()))
    ws = wb["数据"]
    ws.append(["130534", "清河县", "HNTE", "高新技术企业数", "2024Q2", "否", 70, "家", "快报", ""])
    r = analyse(("long.xlsx", save(wb)))
    assert fig(r, "HNTE", "130534")["value"] == 70 and r.errors.empty
    wb = openpyxl.load_workbook(BytesIO(templates.wide_template()))
    ws = wb["数据"]
    ws["F2"] = "2024Q2"
    row = next(c.row for c in ws["B"] if c.value == "清河县")
    col = next(c.column for c in ws[3] if c.value and str(c.value).startswith("高新技术企业数"))
    ws.cell(row, col, 71)
    r = analyse(("wide.xlsx", save(wb)))
    hnte = fig(r, "HNTE", "130534")
    assert hnte["value"] == 71 and hnte["period"] == "2024Q2" and r.errors.empty


def test_indicator_suggestions_are_only_importable_indicators(analyse):
    # The mapping UI offers (and preselects the first of) these: a derived indicator (with a formula,
    # e.g. R&D经费投入强度) is computed, never imported, so it must never be suggested.
    from data.catalogue import load_indicators

    derived = set(load_indicators().dropna(subset=["formula"])["code"])
    r = analyse(("邢台.xlsx", wide_report(rd_header="研发投入（万元）")))
    [u] = [u for u in r.unmatched if u["kind"] == "indicator"]
    assert u["suggestions"] and not set(u["suggestions"]) & derived
    assert u["suggestions"][0] == "RD_EXP"
