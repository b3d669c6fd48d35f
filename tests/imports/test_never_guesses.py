"""Refuse rather than guess: period phrases, regions over time, CSV quoting, duplicates, the cell at fault."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from data.errors import UserError
from data.imports.match import Matcher, load_region_history
from data.imports.periods import parse_period
from data.workflow.periods import has_ended, period_end
from data.imports.read import read_file

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from corpus_builders import CORPUS, TODAY  # noqa: E402


@pytest.mark.parametrize("text,expected", [
    ("截至2024年9月底", ("2024Q3", "Q", True)),
    ("邢台市县域科技指标（截至2024年9月末）", ("2024Q3", "Q", True)),
    ("截止2024年8月底", ("2024M08", "M", True)),
    ("截至2024年12月底", ("2024", "Y", False)),
    ("截至2024年底", ("2024", "Y", False)),
    ("2024年前三季度", ("2024Q3", "Q", True)),
    ("2024年1—9月", ("2024Q3", "Q", True)),
    ("2024年1-5月", ("2024M05", "M", True)),
    ("2024年上半年", ("2024Q2", "Q", True)),
    ("2024年全年", ("2024", "Y", False)),
    ("2024年9月", ("2024M09", "M", False)),
    ("2024年第三季度", ("2024Q3", "Q", False)),
    ("2024Q3", ("2024Q3", "Q", False)),
    ("2024-m5", ("2024M05", "M", False)),
    ("2024Q2累计", ("2024Q2", "Q", True)),
    ("2024年1-12月", ("2024", "Y", False)),
])
def test_period_phrases(text, expected):
    p = parse_period(text)
    assert (p.label, p.kind, p.is_ytd) == expected


def test_period_phrases_not_understood_give_no_period():
    assert parse_period("2024年下半年") is None
    assert parse_period("近三年") is None
    assert parse_period("2024Q5") is None and parse_period("2024M13") is None and parse_period("2024M0") is None


def test_a_period_ends_on_its_last_day():
    assert period_end("2024Q1") == dt.date(2024, 3, 31)
    assert period_end("2024M02") == dt.date(2024, 2, 29)
    assert period_end("2026") == dt.date(2026, 12, 31)
    assert has_ended("2026Q3", dt.date(2026, 10, 1)) and not has_ended("2026Q3", dt.date(2026, 9, 30))
    assert not has_ended("2026Q4", TODAY) and has_ended("2025", TODAY)


def test_history_file_has_xingtai_2020_changes():
    h = load_region_history()
    assert list(h.columns) == ["code", "name", "city", "valid_from", "valid_to", "successor", "change", "note"]
    ended = h[h["valid_to"] != ""].set_index("name")
    xt = ended[ended["city"] == "130500"]
    assert xt.loc[["桥东区", "桥西区", "邢台县", "任县", "南和县"], "successor"].tolist() == \
        ["130502", "130503", "130503|130502", "130505", "130506"]
    assert set(xt["valid_to"]) == {"2020-06"}


@pytest.fixture(scope="module")
def matcher():
    return Matcher.build("130534")


@pytest.mark.parametrize("label,year,code,rule", [
    ("清河县", 2024, "130534", None),
    ("清河", 2024, "130534", None),
    ("130534", 2024, "130534", None),
    ("任县", 2019, "130505", "region_renamed"),         # valid then, same territory: its successor
    ("任县", 2020, None, "region_old_name"),            # the year of the change: not certain
    ("南和县", 2024, None, "region_old_name"),
    ("桥东区", 2019, None, "region_old_name"),          # 襄都区 grew: not 同口径
    ("桥西区", 2024, None, "region_old_name"),
    ("邢台县", 2019, None, "region_old_name"),          # never shortened to 邢台市
    ("长安区", 2024, None, "region_outside_city"),      # a 石家庄 district in a 邢台 table
    ("130521", 2019, None, "region_old_name"),          # an abolished code
    ("130702", 2024, "130702", None),                   # a code always matches (张家口市桥东区)
    ("经济开发区", 2024, "130571", None),
])
def test_region_verdicts_in_a_xingtai_table(matcher, label, year, code, rule):
    matcher.scope_city, matcher.multi_city = "130500", False
    v = matcher.verdict(label, year)
    assert (v.code, v.rule) == (code, rule)


def test_old_name_message_names_the_successor(matcher):
    matcher.scope_city, matcher.multi_city = "130500", False
    assert "任泽区（130505）" in matcher.verdict("任县", 2024).zh
    assert "信都区（130503）" in matcher.verdict("邢台县", 2024).zh


def test_unbalanced_quote_is_an_error_with_its_line():
    text = "地区,指标,期别,数值\n清河县,R&D经费,2024Q3,1\n威县,\"R&D经费,2024Q3,2\n临西县,R&D经费,2024Q3,3\n"
    with pytest.raises(UserError) as e:
        read_file(text.encode("utf-8"), "csv", "a.csv")
    assert "第 3 行" in e.value.message_zh
    closed_later = text.replace("临西县,R&D", "临西县\",R&D")   # closed two lines on: swallows a county
    with pytest.raises(UserError) as e:
        read_file(closed_later.encode("utf-8"), "csv", "a.csv")
    assert "第 3 行" in e.value.message_zh


def test_csv_encodings_read_the_same_grid():
    text = "地区,数值\n清河县,1\n"
    grids = [read_file(b, "csv", "a.csv")[0].grid.values.tolist() for b in (
        text.encode("utf-8-sig"), text.encode("gb18030"), b"\xff\xfe" + text.replace(",", "\t").encode("utf-16-le"))]
    assert grids == [[["地区", "数值"], ["清河县", "1"]]] * 3


def _case(name):
    return next(c for c in CORPUS if c.name == name)


def test_the_yoy_problem_points_at_the_yoy_cell(analyse):
    c = _case("form_nbs_yoy_wrong.xlsx")
    r = analyse((c.name, c.build()), today=TODAY)
    w = r.problems[r.problems["rule"] == "yoy_inconsistent"]
    assert list(w["cell"]) == ["F11"]
    assert "填报 50.00%" in w["message_zh"].iloc[0] and "13.11%" in w["message_zh"].iloc[0]


def test_percent_formatted_yoy_is_read_as_percent(analyse):
    c = _case("form_nbs_percent_yoy.xlsx")
    r = analyse((c.name, c.build()), today=TODAY)
    yoy = dict(zip(r.obs["indicator"], r.obs["reported_yoy"].round(2)))
    assert yoy == {"RD_EXP": 83.71, "IND_RD_EXP": 85.71, "TECH_CONTRACT": 17.27, "TECH_CONTRACT_JINGJIN": 22.75,
                   "HNTE": 13.11}


def test_an_identical_workbook_is_refused_while_pending_or_published(sqlite_store):
    from data.db import reading
    from data.imports import service

    c = _case("wide_1_9.xlsx")
    with reading(sqlite_store) as conn:
        first = service.analyse(conn, [(c.name, c.build())], today=TODAY)
    assert first.ok
    with sqlite_store.begin() as conn:
        rev = service.stage(conn, first, "staff", submit=True)
    # the same figures in a new file (other bytes): refused in the report and at staging
    with reading(sqlite_store) as conn:
        again = service.analyse(conn, [("copy.xlsx", c.build())], today=TODAY)
    dup = again.errors[again.errors["rule"] == "duplicate_upload"]
    assert len(dup) == 1 and f"与批次 {rev}（待审核）内容相同" in dup["message_zh"].iloc[0]
    with sqlite_store.begin() as conn, pytest.raises(UserError):
        service.stage(conn, first, "staff", submit=True)
    # once rejected, the same figures may come again
    with sqlite_store.begin() as conn:
        service.reject_revision(conn, rev, "boss", "重新核对")
    with reading(sqlite_store) as conn:
        third = service.analyse(conn, [("copy.xlsx", c.build())], today=TODAY)
    assert third.ok


@pytest.mark.parametrize("unit_line,table,rule", [
    ("综合机关名称：清河县科学技术局", [("HNTE", "130534", "2024Q2", False, 69.0)], None),
    ("综合机关名称：邢台县科学技术局", [], "region_old_name"),      # never 邢台市
    ("综合机关名称：桥东区科学技术局", [], "region_old_name"),      # 邢台's old 桥东区, never 张家口's
])
def test_a_form_names_its_unit_under_the_same_region_rule(analyse, unit_line, table, rule):
    import openpyxl

    from workbooks import save

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县域科技活动情况季报"])
    ws.append([unit_line])
    ws.append(["2024年1-6月"])
    ws.append(["指标名称", "计量单位", "本期"])
    ws.append(["高新技术企业数", "家", 69])
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    got = sorted((o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value)) for o in r.obs.itertuples())
    assert got == table
    assert (rule in set(r.errors["rule"])) if rule else r.errors.empty


def test_a_formula_saved_without_its_value_is_counted_and_reported(analyse):
    import openpyxl

    from workbooks import save

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年1-9月"])
    ws.append(["县（市、区）", "高新技术企业数（家）"])
    ws.append(["清河县", 78])
    ws["E7"] = "=SUM(B3:B3)"           # outside the table, at the sheet's edge, no cached value
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    c = r.counts()["cells"]
    assert (c["total"], c["imported"], c["structure"], c["refused"]) == (6, 1, 4, 1)
    assert list(r.errors["cell"]) == ["E7"] and list(r.errors["rule"]) == ["unread_cell"]


def test_a_region_list_without_value_columns_is_no_values_not_a_crash(analyse):
    """Found by the fuzz test: a wide table whose only columns are labels crashed (IndexError)."""
    import openpyxl

    from workbooks import save

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县（市、区）", "备注"])
    ws.append(["清河县", "已报"])
    ws.append(["威县", "未报"])
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    assert r.obs.empty and list(r.errors["rule"]) == ["no_values"]
    c = r.counts()["cells"]
    assert c["imported"] + c["structure"] + c["refused"] == c["total"] == 6
