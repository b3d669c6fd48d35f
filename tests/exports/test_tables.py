"""Excel (openpyxl), CSV (BOM, formula guard) and the data package (frictionless)."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from frictionless import Package, validate

from server.exports.csv_safe import escape_cell, to_csv
from tests.api.apps import login_session, make_api_app


def test_excel_headers_formats_frozen_header_source_flags_and_as_of(browser):
    r = browser.get("/export/table.xlsx?region=130534&indicator=RD_EXP,RD_INTENSITY&period=2023,2023Q2")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.data))
    ws = book["指标数据"]
    assert ws["A1"].value == "指标数据" and "数据截至" in ws["A2"].value
    assert ws.freeze_panes == "A5"
    header = [c.value for c in ws[4]]
    for h in ("指标名称", "地区", "数值", "单位", "同比增速（%）", "位次", "标记", "数据来源"):
        assert h in header
    col = {h: i for i, h in enumerate(header)}
    rows = [[c for c in row] for row in ws.iter_rows(min_row=5)]
    rd = next(r for r in rows if r[col["指标代码"]].value == "RD_EXP" and r[col["期别"]].value == "2023")
    assert rd[col["数值"]].value == 15400 and rd[col["数值"]].number_format == "#,##0"
    assert round(rd[col["同比增速（%）"]].value, 2) == 83.71 and rd[col["同比增速（%）"]].number_format == "0.00"
    assert rd[col["位次"]].value == 3 and rd[col["单位"]].value == "万元" and rd[col["地区"]].value == "清河县"
    assert rd[col["数据来源"]].value == "省统计局 R&D 统计"
    ratio = next(r for r in rows if r[col["指标代码"]].value == "RD_INTENSITY" and r[col["期别"]].value == "2023")
    assert ratio[col["数值"]].number_format == "#,##0.00" and "计算值" in ratio[col["标记"]].value
    single_q2 = next(r for r in rows if r[col["指标代码"]].value == "RD_EXP" and r[col["期别"]].value == "2023Q2"
                     and r[col["累计"]].value == "否")
    assert "由累计数推算" in single_q2[col["标记"]].value
    about = {row[0].value: row[1].value for row in book["说明"].iter_rows()}
    assert "示例数据" in about and about["数据截至"] and "省统计局" in about["数据来源"]


def test_excel_of_the_indicator_catalogue(browser):
    book = openpyxl.load_workbook(io.BytesIO(browser.get("/export/table.xlsx?table=indicators").data))
    ws = book.worksheets[0]
    header = [c.value for c in ws[4]]
    assert header[:4] == ["指标代码", "指标名称", "英文名称", "单位"]
    assert any(row[0] == "RD_EXP" and row[1] == "研究与试验发展(R&D)经费" for row in ws.iter_rows(min_row=5, values_only=True))


def test_csv_has_bom_chinese_headers_and_values(browser):
    r = browser.get("/export/table.csv?region=130534&indicator=RD_EXP&period=2023")
    assert r.status_code == 200 and r.data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["地区"] == "清河县" and rows[0]["数值"] == "15400" and rows[0]["位次"] == "3"
    assert rows[0]["数据性质"] == "示例数据"  # demo data is labelled on every row and in the file name
    assert "%E7%A4%BA%E4%BE%8B%E6%95%B0%E6%8D%AE" in r.headers["Content-Disposition"]


def test_the_csv_states_the_tie_as_the_ranking_page(browser):
    # ranks and 并列 of figures.ranking (tests/api/test_observation_ranks.py): 0.6306 and 0.6253 both read 0.63%
    text = browser.get("/export/table.csv?indicator=RD_INTENSITY&period=2025&group=130500").data.decode("utf-8-sig")
    rows = {r["地区代码"]: (r["位次"], r["并列"]) for r in csv.DictReader(io.StringIO(text))}
    assert {k: rows[k] for k in ("130506", "130533", "130523", "130535", "130528")} == {
        "130506": ("5", "并列"), "130533": ("5", "并列"), "130523": ("10", "并列"), "130535": ("10", "并列"),
        "130528": ("1", "")}


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=x"])
def test_formula_like_text_is_escaped(text):
    assert escape_cell(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone():
    assert escape_cell(-3.5) == "-3.5" and escape_cell(15400.0) == "15400" and escape_cell("清河县") == "清河县"
    out = to_csv(pd.DataFrame({"a": ["=HYPERLINK(\"http://x\")", "ok"], "b": [-1.25, None]}))
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"))))
    assert rows == [["a", "b"], ["'=HYPERLINK(\"http://x\")", "-1.25"], ["ok", ""]]


def test_published_formula_in_a_note_is_escaped_in_the_download(tmp_path):
    api = make_api_app(tmp_path / "instance")
    from data import store
    from data.frames import OBS_COLUMNS

    obs = pd.DataFrame([{"indicator": "HNTE", "region": "130534", "period": "2024", "period_kind": "Y",
                         "is_ytd": False, "value": 80.0, "status": "revised", "note": "=cmd|' /C calc'!A0"}],
                       columns=list(OBS_COLUMNS))
    with api.engine().begin() as conn:
        rev = store.create_revision(conn, obs, created_by="test")
        store.publish(conn, rev, "test-approver", allow_draft=True)
    client = login_session(api)
    rows = list(csv.DictReader(io.StringIO(client.get("/export/table.csv?region=130534&indicator=HNTE&period=2024")
                                           .data.decode("utf-8-sig"))))
    assert rows[0]["备注"] == "'=cmd|' /C calc'!A0" and rows[0]["数值"] == "80" and "修订" in rows[0]["标记"]


def test_datapackage_is_valid_and_holds_the_published_figures(browser, tmp_path):
    r = browser.get("/export/datapackage.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    zipfile.ZipFile(io.BytesIO(r.data)).extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(str(tmp_path / "datapackage.json"))
    assert {res.name for res in package.resources} == {"observations", "regions", "indicators"}
    assert "示例数据" in package.title
    obs = package.get_resource("observations").read_rows()
    rd = [row for row in obs if row["indicator"] == "RD_EXP" and row["region"] == "130534" and row["period"] == "2023"]
    assert len(rd) == 1 and rd[0]["value"] == 15400 and rd[0]["is_ytd"] is False
    regions = {row["code"]: row["name"] for row in package.get_resource("regions").read_rows()}
    assert regions["130534"] == "清河县"
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert descriptor["resources"][0]["schema"]["primaryKey"] == ["indicator", "region", "period", "is_ytd"]


def test_english_csv_writes_unit_note_flags_and_source_in_english(browser):
    r = browser.get("/export/table.csv?lang=en&region=130534&indicator=HNTE,RD_INTENSITY&period=2019,2023")
    rows = {(x["Indicator code"], x["Period"]): x for x in csv.DictReader(io.StringIO(r.data.decode("utf-8-sig")))}
    hnte_2019, hnte_2023 = rows[("HNTE", "2019")], rows[("HNTE", "2023")]
    assert (hnte_2023["Value"], hnte_2023["Unit"], hnte_2023["Source"]) == (
        "69", "firms", "City Science and Technology Bureau")
    assert hnte_2019["YoY note"] == "no figure for the base period"
    ratio = rows[("RD_INTENSITY", "2023")]
    assert (ratio["Unit"], ratio["Flags"]) == ("%", "Computed")
    assert ratio["Source"] == "computed from R&D expenditure and Gross regional product"
    text = r.data.decode("utf-8-sig")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text[:400]
    assert r.headers["Content-Disposition"].endswith("filename*=UTF-8''Demo%20data-Observations.csv")


def test_english_brief_file_name_has_no_chinese(browser):
    r = browser.get("/export/brief.docx?lang=en&period=2023")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].endswith(
        "filename*=UTF-8''Demo%20data-Key%20S%26T%20indicators%20of%20Qinghe%20County%2C%202023.docx")


def test_english_excel_has_english_sheets_title_headers_and_notes(browser):
    r = browser.get("/export/table.xlsx?lang=en&region=130534&indicator=HNTE&period=2023")
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].endswith("filename*=UTF-8''Demo%20data-Observations.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["Observations", "About"]
    ws = book["Observations"]
    assert ws["A1"].value == "Observations" and ws["A2"].value.startswith("Data as of (latest publication): ")
    header = [c.value for c in ws[4]]
    assert header[:8] == ["Indicator code", "Indicator", "Region code", "Region", "Period", "Year to date", "Value",
                          "Unit"]
    row = [c.value for c in ws[5]]
    assert row[:8] == ["HNTE", "High-tech enterprises", "130534", "Qinghe County", "2023", "no", 69, "firms"]
    about = {a: b for a, b in book["About"].iter_rows(values_only=True)}
    assert about["Demo data"] == "These are demo data for illustration, not official statistics."
    assert about["Sources"] == "City Science and Technology Bureau"
    texts = [str(v) for w in book for row in w.iter_rows(values_only=True) for v in row if v is not None]
    assert not [x for x in texts if any("\u4e00" <= ch <= "\u9fff" for ch in x)]
