"""Break test 3 (findings 2, 6, 7, 10, 12, 14, 15) on the demo data plus the tester's batches 3 and 4: 清河县
加计扣除额 2024 = 0 (a zero base for 2025); R&D经费 2026年1—11月 reported by the 17 other counties, not by 清河县;
高新技术企业 at the end of November 2026 reported by all 18 (清河县 95, 3rd). Literal expected values."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from tests.api.apps import login_session, make_api_app

HOME = "130534"
UNITS = ["130502", "130503", "130505", "130506", "130522", "130523", "130524", "130525", "130528", "130529",
         "130530", "130531", "130532", "130533", "130534", "130535", "130581", "130582"]


def _rows() -> list[dict]:
    rows = [{"indicator": "SUPER_DEDUCT_AMOUNT", "region": HOME, "period": "2024", "period_kind": "Y",
             "is_ytd": False, "value": 0.0}]
    for i, code in enumerate(UNITS):
        if code != HOME:  # R&D 1—11月: 17 of 18, the home county missing
            rows.append({"indicator": "RD_EXP", "region": code, "period": "2026M11", "period_kind": "M",
                         "is_ytd": True, "value": 10000.0 + 1000 * i})
        # 高新技术企业 11月末: all 18; 清河县 95 is 3rd (two units above it)
        value = 95.0 if code == HOME else (120.0 if i == 0 else 110.0 if i == 1 else 50.0 + i)
        rows.append({"indicator": "HNTE", "region": code, "period": "2026M11", "period_kind": "M", "is_ytd": False,
                     "value": value})
    return rows


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from data import store

    api = make_api_app(tmp_path_factory.mktemp("home-unreported"), demo=True)
    with api.engine().begin() as conn:
        rev = store.create_revision(conn, pd.DataFrame(_rows()).assign(status="final"), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)
    return api


@pytest.fixture(scope="module")
def browser(api):
    return login_session(api)


def _get(browser, path: str):
    r = browser.get(path)
    assert r.status_code == 200, r.data[:300]
    return r


def _deck(browser, query: str) -> list:
    return list(Presentation(io.BytesIO(_get(browser, "/export/deck.pptx?" + query).data)).slides)


def _shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def _docx(browser, query: str):
    return Document(io.BytesIO(_get(browser, "/export/brief.docx?" + query).data))


def _paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


# ---------------------------------------------------------------- #2 the home county has not reported

SUMMARY_M11 = [["指标", "数值", "同比", "位次", "位次变化", "完成率"],
               ["R&D经费", "—", "—", "本县未报（全市已报 17/18）", "—", "—"],
               ["高新技术企业", "95家", "—", "第3/18", "—", "102.15%"]]


def test_deck_summary_keeps_what_the_home_county_has_not_reported(browser):
    slides = _deck(browser, "period=2026M11")
    table = _shape(slides[1], "summary-table").table
    assert [[c.text for c in row.cells] for row in table.rows] == SUMMARY_M11
    rd = slides[2]
    assert _shape(rd, "title").text_frame.text == "2026年1—11月R&D经费全市排名"
    assert _shape(rd, "subtitle").text_frame.text == "2026年1—11月R&D经费本县未报（全市已报 17/18）。"
    assert _shape(rd, "footnote").text_frame.text.endswith(
        "清河县总量位次：本县未报（全市已报 17/18）。清河县无数据，未列入。")


def test_deck_footnote_names_the_home_county_within_reported_and_in_english(browser):
    rd = _deck(browser, "period=2026M11&within=1&lang=en")[2]
    assert _shape(rd, "footnote").text_frame.text.endswith(
        "Qinghe County by value: not reported by the county (reported 17/18 in the city). "
        "Qinghe County has no figure and is not shown.")
    rd = _deck(browser, "period=2026M11&within=1")[2]
    assert _shape(rd, "footnote").text_frame.text.endswith(
        "清河县总量位次：本县未报（全市已报 17/18）。清河县无数据，未列入。")  # never "清河县总量位次：—"


def test_brief_counts_and_states_what_the_home_county_has_not_reported(browser):
    doc = _docx(browser, "period=2026M11")
    paras = _paragraphs(doc)
    assert paras[0] == "清河县2026年1—11月科技创新主要指标情况"
    assert paras[paras.index("一、总体情况") + 1] == (
        "2026年1—11月，清河县纳入监测的2项主要科技指标中，1项指标暂无上年同期数据，1项指标本县未报；"
        "与邢台市各县（市、区）相比，1项指标上年无可比位次。高新技术企业居全市前三位。")
    assert paras[paras.index("（一）研究与试验发展(R&D)经费") + 1] == "2026年1—11月R&D经费本县未报（全市已报 17/18）。"
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == SUMMARY_M11


def test_english_brief_states_it_too(browser):
    doc = _docx(browser, "period=2026M11&lang=en")
    paras = _paragraphs(doc)
    assert paras[paras.index("1. Overview") + 1] == (
        "In Jan–Nov 2026, of the 2 key S&T indicators of Qinghe County, 1 has no figure for the same period last "
        "year, 1 was not reported by the county; among the county-level units of Xingtai City, 1 has no comparable "
        "rank last year. High-tech enterprises ranks in the city's top three.")
    assert paras[paras.index("(1) R&D expenditure") + 1] == \
        "In Jan–Nov 2026, R&D expenditure: not reported by the county (reported 17/18 in the city)."
    assert [c.text for c in doc.tables[0].rows[1].cells] == \
        ["R&D expenditure", "—", "—", "not reported by the county (reported 17/18 in the city)", "—", "—"]


def test_brief_refuses_when_the_home_county_reported_none_of_them(browser):
    r = browser.get("/export/brief.docx?period=2026M11&indicators=RD_EXP")
    assert r.status_code == 404 and r.get_json()["message_zh"] == "2026年1—11月没有本县所选指标的已发布数据"
    assert r.get_json()["message_en"] == "No published figures of the home region for Jan–Nov 2026"


def test_export_refusals_name_the_period_in_words(browser):
    """rk7 #3: "2026M10 没有所选指标的数据" showed a raw period code."""
    deck = browser.get("/export/deck.pptx?period=2026M10&indicators=PLATFORMS").get_json()
    assert (deck["message_zh"], deck["message_en"]) == ("2026年1—10月没有所选指标的数据",
                                                        "No figures of the chosen indicators for Jan–Oct 2026")
    png = browser.get("/export/chart.png?indicator=HNTE&period=2026M10").get_json()
    assert (png["message_zh"], png["message_en"]) == ("2026年10月末没有「高新技术企业数」数据",
                                                      "No High-tech enterprises figure for end of Oct 2026")


# ---------------------------------------------------------------- #6 one period name per request

def _file_name(r) -> str:
    from urllib.parse import unquote

    return unquote(r.headers["Content-Disposition"].split("filename*=UTF-8''")[1])


@pytest.mark.parametrize(("query", "zh", "en"), [
    ("period=2026M11", "2026年1—11月", "Jan–Nov 2026"),                       # a flow and a stock: the 累计 span
    ("period=2026M11&indicators=HNTE", "2026年11月末", "end of Nov 2026"),     # stocks only: their date
    ("period=2026M11&indicators=HNTE,RD_EXP", "2026年1—11月", "Jan–Nov 2026"),  # the home county lacks the flow
])
def test_deck_and_brief_name_the_period_alike(browser, query, zh, en):
    deck = _get(browser, "/export/deck.pptx?" + query)
    brief = _get(browser, "/export/brief.docx?" + query)
    assert _file_name(deck) == f"示例数据-{zh}科技指标会议材料.pptx"
    assert _file_name(brief) == f"示例数据-清河县{zh}科技创新主要指标情况.docx"
    title = Presentation(io.BytesIO(deck.data)).slides[0]
    assert _shape(title, "subtitle").text_frame.text == f"{zh} · 与邢台市各县（市、区）比较"
    assert _paragraphs(Document(io.BytesIO(brief.data)))[0] == f"清河县{zh}科技创新主要指标情况"
    deck_en = _get(browser, "/export/deck.pptx?lang=en&" + query)
    brief_en = _get(browser, "/export/brief.docx?lang=en&" + query)
    assert _file_name(deck_en) == f"Demo data-S&T indicators meeting deck {en}.pptx"
    assert _file_name(brief_en) == f"Demo data-Key S&T indicators of Qinghe County, {en}.docx"


def test_english_overall_of_a_stock_date_reads_at_the_end_of(browser):
    paras = _paragraphs(_docx(browser, "period=2026M11&indicators=HNTE&lang=en"))
    assert paras[paras.index("1. Overview") + 1] == (
        "At the end of Nov 2026, of the 1 key S&T indicator of Qinghe County, 1 has no figure for the same period "
        "last year; among the county-level units of Xingtai City, 1 has no comparable rank last year. High-tech "
        "enterprises ranks in the city's top three.")


# ---------------------------------------------------------------- #7 a zero base is counted by its reason

def test_overall_counts_a_zero_base_as_its_paragraph_says(browser):
    paras = _paragraphs(_docx(browser, "period=2025&indicators=SUPER_DEDUCT_AMOUNT,RD_EXP"))
    assert paras[paras.index("一、总体情况") + 1] == (
        "2025年，清河县纳入监测的2项主要科技指标中，1项同比增长，1项指标上年基数为零或负值、不计算增速；"
        "与邢台市各县（市、区）相比，1项指标位次较上年提升，1项指标位次与上年持平。加计扣除额、R&D经费等2项指标居全市前三位。")
    assert paras[paras.index("（一）研发费用加计扣除额") + 1].startswith(
        "2025年全县加计扣除额为1.76亿元，上年基数为零或负值，不计算增速，")
    paras = _paragraphs(_docx(browser, "period=2025&indicators=SUPER_DEDUCT_AMOUNT,RD_EXP&lang=en"))
    assert paras[paras.index("1. Overview") + 1].startswith(
        "In 2025, of the 2 key S&T indicators of Qinghe County, 1 grew year on year, 1 has no growth rate (last "
        "year's base was zero or negative); ")


def test_overall_count_keys_follow_the_reason_of_the_analysis_row():
    from types import SimpleNamespace

    from figures.sentences import yoy_count_key

    def key(reason, home_unreported=False):
        return yoy_count_key(SimpleNamespace(
            home_unreported=home_unreported, indicator={"code": "X", "kind": "amount"},
            home_analysis={"value": 5.0, "yoy_pct": float("nan"), "yoy_reason": reason, "value_prev": 0.0}))

    assert [key(r) for r in ("no_base", "base_nonpositive", "series_break", "missing_value", "zero_denominator",
                             None, float("nan"))] == \
        ["no_base", "base_nonpositive", "series_break", "missing_value", "not_comparable", "no_base", "no_base"]
    assert key(None, home_unreported=True) == "unreported"


# ---------------------------------------------------------------- #10 a share of what does not add up

def test_share_of_a_non_additive_indicator_states_only_that(browser):
    slides = _deck(browser, "period=2025&measure=share&indicators=RD_EXP,RD_INTENSITY")
    intensity = next(s for s in slides if _shape(s, "title").text_frame.text == "2025年R&D强度占全市比重全市排名")
    assert _shape(intensity, "footnote").text_frame.text.endswith(
        "清河县占全市比重位次：该指标不可加总，不计算占全市比重。")  # no "18个地区无数据，未列入"


def test_footnote_tells_no_figure_from_no_measure():
    """甲乙丙丁: 丁县 has no 2024 figure (无数据); 丙县 has one but no 2023 base (无可比的同比增速)."""
    from types import SimpleNamespace

    from figures.ranking import ranking
    from server.exports.charts import footnote
    from tests.figures.small_snapshot import annual_snapshot
    from tests.figures.test_ranking_literal import REGIONS, A, B, C, D

    snap = annual_snapshot({("RD_EXP", "2023"): {A: 100, B: 100, D: 100},
                            ("RD_EXP", "2024"): {A: 120, B: 110, C: 90}}, REGIONS)
    meta = SimpleNamespace(as_of_text=lambda: "2026-12-01 12:00", version=7)
    text = footnote(ranking(snap, "RD_EXP", "2024", "yoy", home=D), meta, "zh")
    assert text.endswith("丁县同比增速位次：本县未报（全市已报 3/4）。丁县无数据，未列入。1个地区无可比的同比增速，未列入。")
    text = footnote(ranking(snap, "RD_EXP", "2024", "value", home=A), meta, "zh")
    assert text.endswith("甲县总量位次：已报 3/4，暂不排名。1个地区无数据，未列入。")


# ---------------------------------------------------------------- #12 no phantom single months

def test_table_lists_no_single_month_that_could_not_be_derived(browser):
    import csv

    r = _get(browser, "/export/table.csv?indicator=RD_EXP&period=2026M11&region=130503")
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert [(x["期别"], x["累计"], x["数值"], x["同比说明"], x["标记"]) for x in rows] == [
        ("2026M11", "是", "11000", "无上年同期数据", "")]


def test_a_row_without_a_value_carries_no_derivation_flag():
    from types import SimpleNamespace

    from server.exports.tables import flags

    row = SimpleNamespace(status="preliminary", is_derived=True, derived_from_ytd=True, value=float("nan"))
    assert flags(row) == "快报"
    assert flags(SimpleNamespace(status="final", is_derived=True, derived_from_ytd=True, value=3.0)) == \
        "计算值；由累计数推算"


# ---------------------------------------------------------------- #14 the demo notice above the title

@pytest.mark.parametrize("layout", ["full", "onepage"])
def test_pdf_demo_notice_stands_above_the_title(browser, layout):
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(_get(browser, f"/export/brief.pdf?period=2026Q3&layout={layout}").data)[0]
    text = page.get_textpage()
    chars = text.get_text_range()

    def box(word: str) -> tuple[float, float]:  # (bottom, top) in PDF points, y upwards
        i = chars.index(word)
        boxes = [text.get_charbox(k) for k in range(i, i + len(word))]
        return min(b[1] for b in boxes), max(b[3] for b in boxes)

    notice, title = box("示例数据"), box("清河县2026年1—3季度")
    assert notice[0] > title[1]  # the notice's bottom above the title's top: nothing drawn over it


# ---------------------------------------------------------------- #15 one function names every export file

@pytest.mark.parametrize(("path", "name"), [
    ("/export/chart.png?indicator=RD_EXP&period=2025", "示例数据-2025年_R&D经费_value.png"),
    ("/export/table.xlsx?indicator=RD_EXP&period=2025", "示例数据-指标数据.xlsx"),
    ("/export/table.csv?indicator=RD_EXP&period=2025&lang=en", "Demo data-Observations.csv"),
    ("/export/datapackage.zip", "示例数据-county-st-indicators-datapackage.zip"),
])
def test_every_demo_export_file_name_says_so(browser, path, name):
    assert _file_name(_get(browser, path)) == name
