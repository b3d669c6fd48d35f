"""Findings 3, 5 and 6 of the break test (2026-12), on the demo data plus three early figures (the tester's
hnte_q3.xlsx and m10.xlsx): 清河县 高新技术企业 88家 at the end of 2026Q3 (target 93, 86 at the end of 2025); R&D经费
2026年1—10月 17800万元 (清河县) and 47000万元 (宁晋县); 高新技术企业 95家 at the end of October 2026 (清河县 only).

- A stock's target progress is drawn as the figure its status is judged on (增量进度 (88−86)÷(93−86) = 28.57%, not
  完成率 94.62%) on the deck's 目标任务 slide, the 目标任务 page and the overview card alike (figures.targets judged_pct).
- The brief's 总体情况 counts only what is comparable and says what is not.
- A rank among the reporting units carries n; among one unit there is none; the deck's summary table and its
  ranking slides say the same.
Literal expected values."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from tests.api.apps import login_session, make_api_app

ROWS = [
    {"indicator": "HNTE", "region": "130534", "period": "2026Q3", "period_kind": "Q", "is_ytd": False, "value": 88.0},
    {"indicator": "RD_EXP", "region": "130534", "period": "2026M10", "period_kind": "M", "is_ytd": True,
     "value": 17800.0},
    {"indicator": "RD_EXP", "region": "130528", "period": "2026M10", "period_kind": "M", "is_ytd": True,
     "value": 47000.0},
    {"indicator": "HNTE", "region": "130534", "period": "2026M10", "period_kind": "M", "is_ytd": False, "value": 95.0},
]
Q3_CODES = "HNTE,RD_EXP,TSME,FISCAL_ST,TECH_CONTRACT"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from data import store

    api = make_api_app(tmp_path_factory.mktemp("early-figures"), demo=True)
    with api.engine().begin() as conn:
        rev = store.create_revision(conn, pd.DataFrame(ROWS).assign(status="final"), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)
    return api


@pytest.fixture(scope="module")
def browser(api):
    return login_session(api)


def _deck(browser, query: str) -> list:
    r = browser.get("/export/deck.pptx?" + query)
    assert r.status_code == 200, r.data[:300]
    return list(Presentation(io.BytesIO(r.data)).slides)


def _shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def _paragraphs(browser, query: str) -> list[str]:
    r = browser.get("/export/brief.docx?" + query)
    assert r.status_code == 200, r.data[:300]
    return [p.text for p in Document(io.BytesIO(r.data)).paragraphs if p.text.strip()]


# ---------------------------------------------------------------- (A) the figure judged against 序时进度

def test_deck_targets_slide_plots_the_increment_of_stocks(browser):
    slide = next(s for s in _deck(browser, f"indicators={Q3_CODES}&period=2026Q3")
                 if _shape(s, "title").text_frame.text == "目标任务完成情况（2026年1—3季度）")
    assert _shape(slide, "subtitle").text_frame.text == \
        "序时进度75.00%：5项有目标的指标中，2项超序时进度或已完成，2项与序时进度持平，1项落后或未完成。"
    plot = _shape(slide, "targets-chart").chart.plots[0]
    assert list(plot.categories) == ["高新技术企业（增量进度）", "R&D经费", "科技型中小企业（增量进度）", "财政科技支出",
                                     "技术合同登记额"]
    judged, due = plot.series
    assert judged.name == "对照序时的进度" and due.name == "序时进度"
    assert [round(v, 2) for v in judged.values] == [28.57, 72.41, 123.08, 78.25, 84.74]  # HNTE: not 94.62
    assert list(due.values) == [75.0] * 5

    en = next(s for s in _deck(browser, f"indicators={Q3_CODES}&period=2026Q3&lang=en")
              if _shape(s, "title").text_frame.text.startswith("Progress against the annual targets"))
    plot = _shape(en, "targets-chart").chart.plots[0]
    assert list(plot.categories)[0] == "High-tech enterprises (planned increase)"
    assert plot.series[0].name == "Progress judged"


def test_brief_states_the_increment_it_judges(browser):
    paras = _paragraphs(browser, "period=2026Q3&indicators=HNTE")
    assert paras[paras.index("（一）高新技术企业数") + 1] == (
        "2026年三季度末全县高新技术企业为88家，同比增长4.76%，总量并列全市第4位，较上年降低1位。"
        "完成年度目标的94.62%，增量进度28.57%，序时进度75.00%，落后序时进度46.43个百分点。")


def test_targets_page_and_overview_card_draw_the_same_figure(api):
    import json

    from layouts import model, overview, overview_model
    from layouts import targets as page
    from layouts import targets_model as tm

    with api.server.test_request_context("/"):
        snap = model.snapshot()
        frame = tm.home_progress(page.state_from({}, snap)["period"], snap)
        fig = page.progress_figure(list(frame["indicator"]), frame, "zh")
        cards = overview_model.cards("zh", "万元", snap, "2026Q3")
        october = {c["code"]: overview.card_period(c, "zh") for c in overview_model.cards("zh", "万元", snap, "2026M10")}
    # a ratio of flows without an October figure is still named as a 累计 (never "2026年10月末", a stock's name)
    assert (october["FISCAL_ST_SHARE"], october["RD_INTENSITY"], october["HNTE"], october["RD_EXP"]) == \
        ("2026年1—10月", "2026年1—10月", "2026年10月末", "2026年1—10月")
    bars = dict(zip(fig["data"][0]["y"], zip([x if x is None else round(x, 2) for x in fig["data"][0]["x"]],
                                             fig["data"][0]["text"])))
    # the page takes the overview's period (2026年1—3季度: October is incomplete) for every row, as the card does:
    # 88家 at the end of Q3, (88−86)÷(93−86) = 28.57% (完成率 94.62%), and R&D经费 1—3季度 72.41%
    assert bars["HNTE"] == (28.57, "增量进度28.57%") and bars["RD_EXP"] == (72.41, "72.41%")
    assert fig["layout"]["xaxis"]["title"]["text"] == "对照序时的进度（%）"
    # one period, one 序时进度 line (75.00%), no per-row marks
    assert len(fig["data"]) == 1
    assert [(sh["x0"], sh["x1"], sh["y0"], sh["y1"]) for sh in fig["layout"]["shapes"]] == [(75.0, 75.0, 0, 1)]
    assert [a["text"] for a in fig["layout"]["annotations"] if "序时" in a["text"]] == ["序时进度 75.00%"]
    periods = {r["indicator"]: r["period"] for r in page.table_rows(frame, "zh", "万元")}
    assert periods == {"高新技术企业数": "2026年三季度末", "研究与试验发展(R&D)经费": "2026年1—3季度",
                       "科技型中小企业（入库）数": "2026年三季度末", "地方财政科技支出": "2026年1—3季度",
                       "技术合同登记额": "2026年1—3季度", "研发费用加计扣除额": "2026年三季度末"}
    hnte = next(c for c in cards if c["code"] == "HNTE")
    text = json.dumps(overview._progress(hnte["progress"], "zh"), default=lambda o: o.to_plotly_json(),
                      ensure_ascii=False)
    assert "增量进度 28.57%，序时进度 75.00%" in text and '"width": "28.57142857142857%"' in text
    assert "2026年目标完成率 94.62%" in text  # 完成率 is still stated, as a fact, not drawn against 序时进度


# ---------------------------------------------------------------- (B) 总体情况 counts only what is comparable

def test_overall_says_what_is_not_comparable(browser):
    paras = _paragraphs(browser, "period=2026M10")
    assert paras[paras.index("一、总体情况") + 1] == \
        "2026年1—10月，清河县纳入监测的2项主要科技指标中，2项指标暂无上年同期数据；邢台市各县（市、区）尚未报齐，暂不排名。"
    paras = _paragraphs(browser, "period=2026M10&lang=en")
    assert paras[paras.index("1. Overview") + 1] == (
        "In Jan–Oct 2026, of the 2 key S&T indicators of Qinghe County, 2 have no figure for the same period last "
        "year; the county-level units of Xingtai City have not all reported: not ranked yet.")


def test_overall_with_everything_comparable_keeps_its_counts(browser):
    paras = _paragraphs(browser, f"period=2026Q3&indicators={Q3_CODES}")
    assert paras[paras.index("一、总体情况") + 1] == (
        "2026年1—3季度，清河县纳入监测的5项主要科技指标中，5项同比增长；与邢台市各县（市、区）相比，1项指标位次较上年下降，"
        "4项指标位次与上年持平。R&D经费、科技型中小企业等2项指标居全市前三位。")  # no "0项…提升"


def test_overall_within_reported_counts_no_city_rank(browser):
    paras = _paragraphs(browser, "period=2026M10&within=1")
    assert paras[paras.index("一、总体情况") + 1] == (
        "2026年1—10月，清河县纳入监测的2项主要科技指标中，2项指标暂无上年同期数据；与邢台市各县（市、区）中的已报单位相比，"
        "1项指标上年无可比位次，1项指标尚未报齐、暂不排名。")
    assert paras[paras.index("（一）研究与试验发展(R&D)经费") + 1].startswith(
        "2026年1—10月全县R&D经费投入1.78亿元，无上年同期数据，总量在已报的2个单位中居第2位。")


def test_brief_within_reported_says_its_ranks_are_among_the_reporting_units(browser):
    """brk5 #11: with a rank among the reporting units (R&D经费 第2/2) the subtitle and the note under the table say
    so, in zh and en; without within=1 (no rank published at all) they stay the city's."""
    paras = _paragraphs(browser, "period=2026M10&within=1")
    assert "（与邢台市各县（市、区）中的已报单位比较）" in paras
    assert "（与邢台市各县（市、区）比较）" not in paras
    assert paras[-1] == (
        "注：邢台市各县（市、区）尚未报齐的指标，位次为在已报单位中的位次（标“在已报单位中排名”），其余为在邢台市各县"
        "（市、区）中的位次，开发区不参与排名；同比增速按可比口径计算，比率类指标的变化以百分点表示；完成率为完成数占年度目标的比重"
        # what a 完成率 is made of, by kind (it said "累计完成数" of every indicator, wrong of a stock's 期末数 and a ratio)
        "（累计类指标按本年累计数，期末数类指标按期末数，比率类指标按本期数）。")
    en = _paragraphs(browser, "period=2026M10&within=1&lang=en")
    assert "(compared with the reporting county-level units of Xingtai City)" in en
    assert en[en.index("1. Overview") + 1] == (
        "In Jan–Oct 2026, of the 2 key S&T indicators of Qinghe County, 2 have no figure for the same period last year; "
        "among the reporting county-level units of Xingtai City, 1 has no comparable rank last year, 1 not ranked "
        "until all have reported.")
    assert en[-1].startswith("Note: where not all county-level units of Xingtai City have reported, ranks are among "
                             "the reporting units (marked \"rank among reporting units\"), otherwise among all")
    city = _paragraphs(browser, "period=2026M10")
    assert "（与邢台市各县（市、区）比较）" in city and city[-1].startswith("注：位次为在邢台市各县（市、区）中的位次，")


# ---------------------------------------------------------------- (C) within reported: n, and never among one

def test_deck_within_reported_summary_agrees_with_its_slides(browser):
    slides = _deck(browser, "indicators=RD_EXP,HNTE&period=2026M10&measure=value&within=1")
    table = [[c.text for c in row.cells] for row in _shape(slides[1], "summary-table").table.rows]
    assert [row[3] for row in table[1:]] == ["在已报单位中排名：第2/2", "已报 1/18，暂不排名"]
    rd, hnte = slides[2], slides[3]
    assert _shape(rd, "title").text_frame.text == "2026年1—10月R&D经费在已报单位中排名"
    assert _shape(rd, "subtitle").text_frame.text == \
        "2026年1—10月全县R&D经费投入1.78亿元，无上年同期数据，总量在已报的2个单位中居第2位。"
    assert "清河县总量位次：在已报单位中排名：第2/2。" in _shape(rd, "footnote").text_frame.text
    assert list(_shape(rd, "ranking-chart").chart.plots[0].categories) == ["1. 宁晋县", "2. 清河县"]
    assert _shape(hnte, "subtitle").text_frame.text == \
        "2026年10月末全县高新技术企业为95家，无上年同期数据，全市已报 1/18，暂不排名。"
    assert "清河县总量位次：已报 1/18，暂不排名。" in _shape(hnte, "footnote").text_frame.text
    assert list(_shape(hnte, "ranking-chart").chart.plots[0].categories) == ["清河县"]


def test_api_within_reported_sentence_carries_n(api):
    c = api.client()
    rd = c.get("/api/v1/rankings?indicator=RD_EXP&period=2026M10&within=true").json
    assert (rd["scope"], rd["home_rank_text"]) == ("reported", "在已报单位中排名：第2/2")
    assert rd["sentence"] == "2026年1—10月全县R&D经费投入1.78亿元，无上年同期数据，总量在已报的2个单位中居第2位。"
    hnte = c.get("/api/v1/rankings?indicator=HNTE&period=2026M10&within=true").json
    assert (hnte["scope"], hnte["home_rank_text"]) == ("none", "已报 1/18，暂不排名")
    assert hnte["sentence"] == "2026年10月末全县高新技术企业为95家，无上年同期数据，全市已报 1/18，暂不排名。"


def test_deck_title_names_the_reporting_units_when_it_ranks_among_them(browser):
    """As the brief (brk5 #11): a deck with a rank among the reporting units is not "compared with the city"."""
    within = _deck(browser, "indicators=RD_EXP,HNTE&period=2026M10&within=1")
    assert _shape(within[0], "subtitle").text_frame.text == "2026年1—10月 · 与邢台市各县（市、区）中的已报单位比较"
    complete = _deck(browser, "indicators=RD_EXP,HNTE&period=2026Q3&within=1")   # everyone reported: city ranks
    assert _shape(complete[0], "subtitle").text_frame.text == "2026年1—3季度 · 与邢台市各县（市、区）比较"


def test_api_takes_within_under_the_name_its_responses_use(api):
    c = api.client()
    plain = c.get("/api/v1/rankings?indicator=RD_EXP&period=2026M10&within_reported=1").json
    assert (plain["within_reported"], plain["scope"], plain["home_rank_text"]) == (True, "reported", "在已报单位中排名：第2/2")
    bad = c.get("/api/v1/rankings?indicator=RD_EXP&period=2026M10&within=1&within_reported=0")
    assert bad.status_code == 400 and bad.json["message_zh"] == "参数 within 与 within_reported 不一致"


def test_deck_title_follows_the_summary_tables_ranks_too(browser):
    """measure=yoy: the slides rank 同比 (nobody comparable in 1—10月), but the summary table's value ranks are among
    the reporting units ("在已报单位中排名：第2/2"), so the title says so too."""
    slides = _deck(browser, "indicators=RD_EXP,HNTE&period=2026M10&within=1&measure=yoy")
    table = [[c.text for c in row.cells] for row in _shape(slides[1], "summary-table").table.rows]
    assert table[1][3] == "在已报单位中排名：第2/2"
    assert _shape(slides[0], "subtitle").text_frame.text == "2026年1—10月 · 与邢台市各县（市、区）中的已报单位比较"
