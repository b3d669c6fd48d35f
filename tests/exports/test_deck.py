"""The meeting deck, opened with python-pptx: slides, sentences, native charts, highlight, footnotes, fonts."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.oxml.ns import qn

from data.catalogue import load_indicators
from indicators.formatting import round_half_up
from indicators.sentences import meeting_sentences
from server.exports.charts import HOME_COLOR, OTHER_COLOR

CODES = ["RD_EXP", "HNTE", "TSME", "RD_INTENSITY"]


def _deck(browser, query: str) -> Presentation:
    r = browser.get("/export/deck.pptx?" + query)
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype.endswith("presentationml.presentation")
    return Presentation(io.BytesIO(r.data))


def _texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_deck_slides_sentences_charts_and_labels(api, browser, analysis):
    prs = _deck(browser, f"indicators={','.join(CODES)}&period=2023&lang=zh")
    slides = list(prs.slides)
    assert len(slides) == 2 + len(CODES)
    assert "清河县科技创新主要指标" in _texts(slides[0]) and "2023" in _texts(slides[0])
    with api.server.app_context():
        from server.context import snapshot

        snap = snapshot()
        expected = meeting_sentences(snap.analysis, "130534", "2023", load_indicators(), snap.regions, CODES)
    overview = _texts(slides[1])
    assert len(expected) == len(CODES)
    for sentence in expected["sentence"]:
        assert sentence in overview
    assert "83.71%" in overview and "第3位" in overview
    for slide in slides:
        assert "示例数据" in _texts(slide)

    for code, slide in zip(CODES, slides[2:]):
        charts = [s for s in slide.shapes if s.has_chart]
        assert len(charts) == 1
        chart = charts[0].chart
        plot = chart.plots[0]
        cats = list(plot.categories)
        values = list(plot.series[0].values)
        rows = analysis[(analysis["indicator"] == code) & (analysis["period"] == "2023")
                        & analysis["rank"].notna()].sort_values("rank")
        decimals = int(load_indicators().set_index("code").loc[code, "decimals"])
        # the figures shown (and ranked) are 四舍五入 to the catalogue's decimals (issue 13)
        assert values == [round_half_up(float(v), decimals) for v in rows["value"]]
        assert len(cats) == 18 and cats.index("清河县") == int(rows["rank"][rows["region"] == "130534"].iloc[0]) - 1
        series = plot.series[0]
        assert str(series.format.fill.fore_color.rgb) == OTHER_COLOR.lstrip("#")
        home = cats.index("清河县")
        assert str(series.points[home].format.fill.fore_color.rgb) == HOME_COLOR.lstrip("#")
        coloured = [i for i in range(len(cats)) if series.points[i].format.fill.type is not None
                    and str(series.points[i].format.fill.fore_color.rgb) == HOME_COLOR.lstrip("#")]
        assert coloured == [home]
        text = _texts(slide)
        home_row = rows[rows["region"] == "130534"].iloc[0]
        assert "数据来源" in text and "数据截至" in text
        assert f"第{int(home_row['rank'])}/{int(home_row['group_size'])}" in text


def test_deck_text_uses_an_east_asian_font(browser):
    prs = _deck(browser, "indicators=RD_EXP&period=2023")
    title = next(s for s in prs.slides[0].shapes if s.name == "title")
    rpr = title.text_frame.paragraphs[0].runs[0]._r.find(qn("a:rPr"))
    assert rpr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
    assert rpr.find(qn("a:latin")).get("typeface") == "Microsoft YaHei"


def test_deck_defaults_to_key_indicators_and_latest_year(browser, analysis):
    prs = _deck(browser, "")
    cat = load_indicators()
    key = list(cat.loc[cat["key"], "code"])
    home = analysis[(analysis["region"] == "130534") & (analysis["period_kind"] == "Y")
                    & analysis["indicator"].isin(key) & analysis["value"].notna()]
    latest = str(home["period"].astype(str).max())
    assert f"{latest}年" in _texts(prs.slides[0])
    with_figures = home[home["period"] == latest]["indicator"].nunique()
    assert len(prs.slides) == 2 + with_figures


def test_deck_in_english(browser):
    prs = _deck(browser, "indicators=RD_EXP&period=2023&lang=en")
    assert "Key S&T indicators" in _texts(prs.slides[0]) and "Demo data" in _texts(prs.slides[1])
    assert "R&D expenditure" in _texts(prs.slides[1])
