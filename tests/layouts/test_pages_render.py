"""Page layouts and their selections, in process: the figures shown agree with the indicator engine."""
from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from indicators import formatting as fmt
from indicators.pipeline import query_region

PAGES = ["overview", "trends", "rankings", "targets", "geomap", "explorer"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(in_request, page, lang):
    import importlib

    layout = importlib.import_module(f"layouts.{page}").layout(lang=lang, unit="yi")
    text = json.dumps(json.loads(json.dumps(layout, cls=PlotlyJSONEncoder)), ensure_ascii=False)
    assert ("示例数据" in text) == (lang == "zh")
    assert ("Demo data" in text) == (lang == "en")


def test_ranking_matches_the_engine(in_request):
    from layouts import model
    from layouts import rankings_model as rm

    snap = model.snapshot()
    hnte = rm.ranking("HNTE", "2023", "value", snap)
    home = hnte[hnte["is_home"]].iloc[0]
    assert fmt.format_rank(home["rank"], home["group_size"], bool(home["tied"])) == "第3/18"
    rd = rm.ranking("RD_EXP", "2023", "yoy", snap)
    home = rd[rd["is_home"]].iloc[0]
    engine_row = query_region(snap.analysis, "130534", ["RD_EXP"], period="2023", is_ytd=False).iloc[0]
    assert fmt.format_pct(home["measure"]) == fmt.format_pct(engine_row["yoy_pct"]) == "83.71%"
    assert list(rd["rank"].dropna()) == sorted(rd["rank"].dropna())  # best first


def test_trends_series_and_break_marker(in_request):
    from layouts import model
    from layouts.trends import render, state_from

    snap = model.snapshot()
    out = render(state_from({"indicator": "RD_EXP", "region": "130582"}, snap), "zh", "万元", snap)
    fig = out["main"][0]
    assert fig["data"][0]["x"][-1] == "2025"
    assert any("口径" in a["hovertext"] for a in fig["layout"]["annotations"])  # 沙河市 R&D break in 2021
    out = render(state_from({"indicator": "RD_EXP"}, snap), "zh", "万元", snap)
    yoy = dict(zip(out["main"][0]["data"][1]["x"], out["main"][0]["data"][1]["y"]))
    assert fmt.format_pct(yoy["2023"]) == "83.71%"


def test_targets_use_the_engine_progress(in_request):
    from layouts import model
    from layouts import targets_model as tm

    snap = model.snapshot()
    progress = tm.home_progress("2026Q3", snap)
    rd = progress[progress["indicator"] == "RD_EXP"].iloc[0]
    assert rd["period"] == "2026Q3" and rd["time_progress_pct"] == 75.0
    assert rd["completion_pct"] == pytest.approx(rd["actual"] / rd["target"] * 100)


def test_explorer_as_of_before_any_publish_is_empty(in_request):
    from layouts import explorer_model as em
    from layouts import model

    snap = model.snapshot()
    now = em.observations(["GDP"], ["130528"], "Y", None, snap)
    assert (now["status"] == "revised").any()  # 宁晋县 2024 GDP revised after the census
    assert em.observations(["GDP"], ["130528"], "Y", em.as_of_moment("2000-01-01"), snap).empty


def test_every_page_callback_is_attached_to_the_app(demo_app):
    """Callbacks must be registered when layouts is imported (a lazily imported module's would be lost)."""
    outputs = " ".join(demo_app.callback_map)
    for target in ("trends-main-graph.figure", "rankings-bar-graph.figure", "meeting-modal.opened",
                   "meeting-index.data", "targets-home.children", "targets-edit-result.children",
                   "map-graph.figure", "data-grid.rowData", "navbar-links.children"):
        assert target in outputs, target


def test_rounds_page_names_units_in_the_page_language(in_request):
    """报送情况 in English: the grid and the overdue line name units "Qinghe County", never 清河县."""
    from layouts import rounds

    st = rounds.compute("2026Q3")
    en = json.dumps(json.loads(json.dumps([rounds.summary(st, "en"), rounds._grid(st, "en")],
                                          cls=PlotlyJSONEncoder)), ensure_ascii=False)
    assert "Qinghe County" in en and "Xindu District" in en
    assert "清河县" not in en and "信都区" not in en
    zh = json.dumps(json.loads(json.dumps(rounds._grid(st, "zh"), cls=PlotlyJSONEncoder)), ensure_ascii=False)
    assert "清河县" in zh and "Qinghe County" not in zh


def test_the_rankings_pages_brief_links_rank_as_the_page_does(in_request):
    # with 在已报单位中排名 switched on, the Word and PDF briefs rank among the reporting units, as the deck link does
    from layouts import rankings

    layout = rankings.layout(lang="zh", within="1")
    text = json.dumps(json.loads(json.dumps(layout, cls=PlotlyJSONEncoder)), ensure_ascii=False)
    assert "/export/brief.docx?" in text and "/export/brief.pdf?" in text
    docx, pdf = rankings.update_brief_links("2025", True, {"lang": "zh", "scale": "万元"})
    assert (docx, pdf) == ("/export/brief.docx?period=2025&within=1", "/export/brief.pdf?period=2025&within=1")
    assert rankings.update_brief_links("2025", False, {"lang": "zh", "scale": "万元"})[0] == "/export/brief.docx?period=2025"
    assert "within=1" in text.split("/export/brief.docx?")[1].split('"')[0]


def _texts(component) -> str:
    return json.dumps(json.loads(json.dumps(component, cls=PlotlyJSONEncoder)), ensure_ascii=False)


def test_overview_names_a_period_the_link_asks_for_and_no_longer_has(in_request):
    """brk5 #10: /?period=2031Q1 shows the default period (2026年1—3季度) and says so, as /rankings does
    (components.stale_link_notice); a period that exists, or none asked, shows no notice."""
    from layouts import overview

    zh = _texts(overview.layout(period="2031Q1"))
    assert '"id": "overview-stale-notice"' in zh
    assert "链接要求的期别「2031年第1季度」现在没有数据（可能已撤回或更名），显示的是「2026年1—3季度」。" in zh
    en = _texts(overview.layout(period="2031Q1", lang="en"))
    assert "The link asks for period “Q1 2031”, which has no data now (rolled back or renamed); showing “Q1–Q3 2026”." in en
    assert "overview-stale-notice" not in _texts(overview.layout(period="2026Q3"))
    assert "overview-stale-notice" not in _texts(overview.layout())


def test_a_period_no_longer_published_falls_back_alike_and_is_named_in_words(in_request):
    """rk7 #3: after a rollback of 2026年1—10月, /rankings said "链接要求的期别「2026M10」…显示的是「2025年」" while the
    overview showed 2026年1—3季度: one rule (figures.ranking.link_period: the newest offered period ending by the
    asked one, the same kind first), the asked period in words."""
    from figures.ranking import link_period
    from layouts import overview, rankings

    offered = ["2025", "2024", "2026Q3", "2026Q2", "2025Q4"]
    assert [link_period(p, offered, "2025") for p in ("2026M10", "2026", "2026Q4", "2026M02", "2025Q3", "2019", "abc",
                                                       None, "2026Q2")] == \
        ["2026Q3", "2025", "2026Q3", "2025", "2024", "2025", "2025", "2025", "2026Q2"]
    notice = "链接要求的期别「2026年1—10月」现在没有数据（可能已撤回或更名），显示的是「2026年1—3季度」。"
    assert notice in _texts(rankings.layout(indicator="RD_EXP", period="2026M10"))
    assert notice in _texts(overview.layout(period="2026M10"))
    en = "The link asks for period “Jan–Oct 2026”, which has no data now (rolled back or renamed); showing “Q1–Q3 2026”."
    assert en in _texts(rankings.layout(indicator="RD_EXP", period="2026M10", lang="en"))
    assert en in _texts(overview.layout(period="2026M10", lang="en"))
    stock = _texts(rankings.layout(indicator="HNTE", period="2026M10"))
    assert "链接要求的期别「2026年10月末」现在没有数据（可能已撤回或更名），显示的是「2026年三季度末」。" in stock


def test_overview_says_an_indicator_is_reported_annually_instead_of_nobody_reported(in_request):
    """brk5 #14: on 2026Q3 the demo's annual-only key indicators (no member ever published a quarter) read
    "按年报送" / "reported annually", never "已报 0/18，暂不排名"; on a month, quarterly ones read "按季报送"; on a
    year every card has its rank (figures.ranking.reporting_frequency)."""
    from layouts import model, overview
    from layouts import overview_model as om

    snap = model.snapshot()
    q3 = {c["code"]: c["rank_text"] for c in om.cards("zh", "万元", snap, "2026Q3")}
    assert {k: v for k, v in q3.items() if v == "按年报送"} == {
        "IND_RD_FIRM_SHARE": "按年报送", "SUPER_DEDUCT_FIRMS": "按年报送", "SUPER_DEDUCT_AMOUNT": "按年报送",
        "PLATFORMS": "按年报送"}
    assert (q3["RD_EXP"], q3["HNTE"]) == ("第3/18", "第4/18")
    en = {c["code"]: c["rank_text"] for c in om.cards("en", "万元", snap, "2026Q3")}
    assert (en["PLATFORMS"], en["RD_EXP"]) == ("reported annually", "3rd of 18")
    month = {c["code"]: c["rank_text"] for c in om.cards("zh", "万元", snap, "2026M09")}
    assert (month["RD_EXP"], month["HNTE"], month["PLATFORMS"]) == ("按季报送", "按季报送", "按年报送")
    year = {c["code"]: c["rank_text"] for c in om.cards("zh", "万元", snap, "2025")}
    assert not any(v.startswith("按") for v in year.values()) and year["PLATFORMS"] == "第3/18"
    page = _texts(overview.layout(period="2026Q3"))
    assert "按年报送" in page and "已报 0/18" not in page
