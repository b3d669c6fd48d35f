"""The nine real-world shapes of issue 12 (tests/imports/cases/, copied from ../shared/cases/imports/):
each file's right outcome as literal values. The expected tables are (indicator, region, period, 累计, value)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from import_checks import problems

CASES = Path(__file__).resolve().parent / "cases"
TODAY = dt.date(2026, 11, 30)
ROOT = Path(__file__).resolve().parents[2]


def run(analyse, name, **kw):
    return analyse((name, (CASES / name).read_bytes()), today=TODAY, **kw)


def table(result):
    o = result.obs.sort_values(["indicator", "region"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value)) for r in o.itertuples()]


def rules(result, severity=None):
    p = result.problems if severity is None else result.problems[result.problems["severity"] == severity]
    return sorted(p["rule"])


def accounted(result):
    c = result.counts()["cells"]
    assert c["imported"] + c["structure"] + c["refused"] == c["total"]
    return c


def test_nbs_form_with_column_numbers_row_and_sub_items(analyse):
    r = run(analyse, "nbs_form_column_numbers_row.xlsx")
    assert rules(r, "error") == []
    assert table(r) == [
        ("HNTE", "130533", "2024Q3", False, 52.0),
        ("IND_RD_EXP", "130533", "2024Q3", True, 7620.5),
        ("RD_EXP", "130533", "2024Q3", True, 8300.0),
        ("TECH_CONTRACT", "130533", "2024Q3", True, 28049.0),
        ("TECH_CONTRACT_JINGJIN", "130533", "2024Q3", True, 6120.0),
    ]
    base = dict(zip(r.obs["indicator"], r.obs["base_value"]))
    assert base == {"RD_EXP": 7410.0, "IND_RD_EXP": 6800.0, "TECH_CONTRACT": 25100.0,
                    "TECH_CONTRACT_JINGJIN": 5530.0, "HNTE": 47.0}
    kinds = {(s["row"], s["kind"]) for s in r.preview["skipped"]}
    assert {(6, "column_numbers"), (13, "signature")} <= kinds
    c = accounted(r)
    assert c["refused"] == 0 and c["imported"] == 10   # 5 本期 + 5 上年同期


def test_wide_total_row_of_part_of_the_city_is_a_check_row(analyse):
    r = run(analyse, "wide_total_row_mismatch.xlsx")
    w = problems(r, "total_mismatch")
    assert list(w["cell"]) == ["B3"] and list(w["severity"]) == ["warning"]
    assert "479" in w["message_zh"].iloc[0] and "467" in w["message_zh"].iloc[0]
    assert rules(r, "error") == []
    assert "130500" not in set(r.obs["region"])
    assert table(r) == [
        ("PLATFORMS", "130522", "2024", False, 9.0), ("PLATFORMS", "130523", "2024", False, 11.0),
        ("PLATFORMS", "130524", "2024", False, 6.0), ("PLATFORMS", "130533", "2024", False, 17.0),
        ("PLATFORMS", "130534", "2024", False, 27.0), ("PLATFORMS", "130535", "2024", False, 15.0),
        ("TSME", "130522", "2024", False, 61.0), ("TSME", "130523", "2024", False, 70.0),
        ("TSME", "130524", "2024", False, 38.0), ("TSME", "130533", "2024", False, 93.0),
        ("TSME", "130534", "2024", False, 118.0), ("TSME", "130535", "2024", False, 87.0),
    ]
    c = accounted(r)
    assert c["structure_kinds"]["total"] == 2 and c["refused"] == 0
    assert warnings(r) == [TOTAL_B3]   # the exact list: one warning for the one fault


TOTAL_B3 = ("total_mismatch", "B3", "479", "合计数与各县（市、区）之和不一致：479，所列各县（市、区）之和为 467",
            "Total differs from the sum of counties: 479 vs the sum of the listed units 467")


def warnings(result):
    w = result.problems[result.problems["severity"] == "warning"]
    return [(p.rule, p.cell, p.value, p.message_zh, p.message_en) for p in w.itertuples()]


def test_wide_total_row_with_last_year_published_adds_only_the_yoy_check_of_its_own_cell(sqlite_store, analyse):
    """With the demo data loaded the same file gives two warnings: the second is not the total again but the
    同比 check of 临城县 (61 against a published 35 the year before), a fault of its own."""
    from data import store

    prior = pd.DataFrame([("TSME", "130522", "2023", "Y", False, 35.0), ("TSME", "130523", "2023", "Y", False, 66.0)],
                         columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    with sqlite_store.begin() as conn:
        rev = store.create_revision(conn, prior.assign(status="final"), created_by="seed")
        store.publish(conn, rev, "seed-approver", allow_draft=True)
    r = run(analyse, "wide_total_row_mismatch.xlsx")
    assert warnings(r) == [
        TOTAL_B3,
        ("yoy_swing", "B4", "61", "同比变化幅度过大：同比 +74.29%（上年同期 35）",
         "Large year-on-year change: YoY +74.29% (last year 35)"),
    ]


YEARBOOK = [("襄都区", "130502", 42, 40998), ("信都区", "130503", 74, 25887), ("任泽区", "130505", 58, 36332),
            ("南和区", "130506", 46, 15833), ("临城县", "130522", 21, 16328), ("内丘县", "130523", 32, 17292),
            ("柏乡县", "130524", 18, 8128), ("隆尧县", "130525", 48, 21856), ("宁晋县", "130528", 143, 42186),
            ("巨鹿县", "130529", 32, 23014), ("新河县", "130530", 14, 9534), ("广宗县", "130531", 15, 10065),
            ("平乡县", "130532", 30, 13589), ("威县", "130533", 52, 28049), ("清河县", "130534", 78, 29311),
            ("临西县", "130535", 40, 12989), ("南宫市", "130581", 66, 57715), ("沙河市", "130582", 90, 41304)]


def test_yearbook_table_continued_over_two_pages(analyse):
    r = run(analyse, "yearbook_continued_table.xlsx")
    assert rules(r) == []
    expected = sorted([("HNTE", code, "2024", False, float(h)) for _n, code, h, _t in YEARBOOK]
                      + [("TECH_CONTRACT", code, "2024", False, float(t)) for _n, code, _h, t in YEARBOOK])
    assert table(r) == expected and len(expected) == 36
    kinds = {(s["row"], s["kind"]) for s in r.preview["skipped"]}
    assert {(14, "continued"), (15, "header_repeat"), (25, "note"), (2, "unit_line")} <= kinds
    assert accounted(r)["refused"] == 0


CITY = [("襄都区", "130502", 6521, 42), ("信都区", "130503", 11790, 74), ("任泽区", "130505", 9708, 58),
        ("南和区", "130506", 7435, 46), ("临城县", "130522", 3325, 21), ("内丘县", "130523", 5956, 32),
        ("柏乡县", "130524", 3300, 18), ("隆尧县", "130525", 8278, 48), ("宁晋县", "130528", 31411, 143),
        ("巨鹿县", "130529", 4803, 32), ("新河县", "130530", 2256, 14), ("广宗县", "130531", 2662, 15),
        ("平乡县", "130532", 4594, 30), ("威县", "130533", 8300, 52), ("清河县", "130534", 12305, 78),
        ("临西县", "130535", 5722, 40), ("南宫市", "130581", 9817, 66), ("沙河市", "130582", 20580, 90)]


def test_city_summary_with_subtotals_total_and_development_zone(analyse):
    r = run(analyse, "city_subtotal_rows.xlsx")
    assert rules(r) == []
    expected = sorted([("HNTE", c, "2024Q3", False, float(h)) for _n, c, _r, h in CITY]
                      + [("RD_EXP", c, "2024Q3", True, float(v)) for _n, c, v, _h in CITY]
                      + [("HNTE", "130500", "2024Q3", False, 899.0), ("RD_EXP", "130500", "2024Q3", True, 158763.0),
                         ("HNTE", "130571", "2024Q3", False, 11.0), ("RD_EXP", "130571", "2024Q3", True, 1953.0)])
    assert table(r) == expected
    kinds = {(s["row"], s["kind"]) for s in r.preview["skipped"]}
    assert {(7, "subtotal"), (22, "subtotal")} <= kinds
    assert accounted(r)["structure_kinds"]["subtotal"] == 4


def test_a_wrong_subtotal_is_named_with_both_figures(analyse, tmp_path):
    import openpyxl
    wb = openpyxl.load_workbook(CASES / "city_subtotal_rows.xlsx")
    wb.active["B7"] = 35000
    path = tmp_path / "x.xlsx"
    wb.save(path)
    r = analyse(("x.xlsx", path.read_bytes()), today=TODAY)
    w = problems(r, "subtotal_mismatch")
    assert list(w["cell"]) == ["B7"] and "35000" in w["message_zh"].iloc[0] and "35454" in w["message_zh"].iloc[0]
    assert "130500" in set(r.obs["region"])   # the 全市合计 still matches its 18 units


def test_table_unit_line_naming_two_units(analyse):
    r = run(analyse, "table_unit_line_two_units.xlsx")
    assert rules(r) == []
    assert table(r) == [
        ("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
        ("HNTE", "130535", "2024Q3", False, 40.0),
        ("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0),
        ("RD_EXP", "130535", "2024Q3", True, 5722.0),
        ("TECH_CONTRACT", "130533", "2024Q3", True, 28049.0), ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0),
        ("TECH_CONTRACT", "130535", "2024Q3", True, 12989.0),
    ]


def test_period_as_of_month_end(analyse):
    r = run(analyse, "period_as_of_month_end.xlsx")
    assert rules(r) == []
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    assert "2024M09" not in set(r.obs["period"])


def test_numeric_serial_column(analyse):
    r = run(analyse, "numeric_serial_column.xlsx")
    assert rules(r) == []
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("HNTE", "130535", "2024Q3", False, 40.0)]
    assert accounted(r)["refused"] == 0


def test_long_form_with_numeric_region_codes(analyse):
    r = run(analyse, "long_form_numeric_codes.xlsx")
    assert rules(r) == []
    assert table(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]


def test_data_only_on_a_hidden_sheet_is_an_error_that_says_where(analyse):
    r = run(analyse, "data_on_hidden_sheet.xlsx")
    assert not r.ok and r.obs.empty
    assert rules(r, "error") == ["no_values"]
    assert "隐藏的工作表「数据」" in r.errors["message_zh"].iloc[0]
    assert list(problems(r, "hidden_data")["sheet"]) == ["数据"]
    assert accounted(r) == {"total": 9, "imported": 0, "structure": 2, "refused": 7,
                            "structure_kinds": {"text_sheet": 2}}
    # Included on request: read, with a warning naming it.
    r = run(analyse, "data_on_hidden_sheet.xlsx", include_hidden=True)
    assert rules(r, "error") == [] and rules(r, "warning") == ["hidden_included"]
    assert table(r) == [("HNTE", "130534", "2024Q3", False, 78.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]


@pytest.mark.parametrize("name", ["numeric_serial_column.xlsx", "long_form_numeric_codes.xlsx"])
def test_cli_json_never_a_traceback_and_shows_the_preview(name, tmp_path):
    env = {"INSTANCE_PATH": str(tmp_path), "DEMO_DATA": "0", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "app.py", "import", str(CASES / name), "--dry-run", "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] and report["counts"]["errors"] == 0
    rows = report["preview"]["added"]
    assert rows and all(set(x) >= {"indicator", "region", "period", "old", "new", "cell"} for x in rows)
    assert report["preview"]["cells"]["total"] == sum(report["preview"]["cells"][k]
                                                      for k in ("imported", "structure", "refused"))


def test_the_upload_page_preview_shows_the_accounting_and_the_skipped_rows(analyse):
    from layouts.upload import render_report

    r = run(analyse, "yearbook_continued_table.xlsx")
    for lang, words in (("zh", ["非空单元格 64 个：导入 36", "已识别为续表行", "已识别为重复的表头（续表）"]),
                        ("en", ["64 non-empty cells: 36 imported", "recognised as continued-table line"])):
        text = repr(render_report(r, lang, "yearbook_continued_table.xlsx"))
        assert "upload-cells" in text and "upload-skipped-grid" in text
        assert all(w in text for w in words), text[:2000]


def test_cli_cell_line_says_what_imported_counts(tmp_path):
    """The NBS form of 5 values with their 上年同期: the CLI's cell line (the pages' own text, texts.i18n upload.cells)
    says that 导入 10 are the values and the cells beside them, never a bare 10 under "共 5 个数值"."""
    env = {"INSTANCE_PATH": str(tmp_path), "DEMO_DATA": "0", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "app.py", "import", str(CASES / "nbs_form_column_numbers_row.xlsx"),
                          "--dry-run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    lines = out.stdout.splitlines()
    assert lines[0] == "共 5 个数值；错误 0 个，警告 0 个"
    assert lines[2] == "非空单元格 42 个：导入 10（数值及所附上年同期、同比），识别为表格结构 32，未导入（见错误和警告） 0"
