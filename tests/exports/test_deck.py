"""The meeting deck, opened with python-pptx and rendered by LibreOffice: title, summary table, one native chart
per indicator (ranked category labels, values with units at ≥ 18 pt, the home county in the accent colour, the
位次 sentence at ≥ 24 pt), targets, five-year trend, 万元/亿元, language, 示例数据 on every slide."""
from __future__ import annotations
from typing import TYPE_CHECKING

import io
import math
import re

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt

from data.catalogue import load_indicators
from figures.sentences import sentences as figure_sentences
from indicators.formatting import round_half_up
from server.exports.charts import HOME_COLOR, OTHER_COLOR
from tests.exports.office_render import render

if TYPE_CHECKING:
    from server.exports.facts import Fact

CODES = ["RD_EXP", "HNTE", "TSME", "RD_INTENSITY"]
# The bureau's report of 2024-05-28 (../shared/reference): the 2023 sentence and summary row, literally.
RD_SENTENCE = "2023年全县R&D经费投入1.54亿元，同比增长83.71%，总量居全市第3位，较上年提升2位。"
RD_ROW_WAN = ["R&D经费", "15400万元", "+83.71%", "第3/18", "升2位", "—"]
RD_ROW_YI = ["R&D经费", "1.54亿元", "+83.71%", "第3/18", "升2位", "—"]
HOME_CATEGORY = {"RD_EXP": "3. 清河县", "HNTE": "3. 清河县", "TSME": "3. 清河县", "RD_INTENSITY": "2. 清河县"}
LABEL_FORMATS = {"RD_EXP": '0"万元"', "HNTE": '0"家"', "TSME": '0"家"', "RD_INTENSITY": '0.00"%"'}


def _get(browser, query: str) -> bytes:
    r = browser.get("/export/deck.pptx?" + query)
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype.endswith("presentationml.presentation")
    return r.data


def _deck(browser, query: str) -> Presentation:
    return Presentation(io.BytesIO(_get(browser, query)))


def _texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def _table(slide) -> list[list[str]]:
    table = _shape(slide, "summary-table").table
    return [[c.text for c in row.cells] for row in table.rows]


def _size(shape) -> float:
    return max(r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs)


def test_deck_slides_in_order_with_summary_charts_and_trend(api, browser, analysis):
    prs = _deck(browser, f"indicators={','.join(CODES)}&period=2023&lang=zh")
    slides = list(prs.slides)
    # title, summary, 4 charts, (no 2023 targets), one trend slide of 4 small charts
    assert len(slides) == 1 + 1 + len(CODES) + 1
    assert "清河县科技创新主要指标" in _texts(slides[0]) and "2023年" in _texts(slides[0])
    for slide in slides:
        assert "示例数据" in _texts(slide)

    table = _table(slides[1])
    assert table[0] == ["指标", "数值", "同比", "位次", "位次变化", "完成率"]
    assert table[1] == RD_ROW_WAN
    assert [row[0] for row in table[1:]] == ["R&D经费", "高新技术企业", "科技型中小企业", "R&D强度"]

    with api.server.app_context():
        from server.context import snapshot

        snap = snapshot()
        expected = figure_sentences(snap, CODES, "2023", home="130534")
    assert expected["sentence"].iloc[0] == RD_SENTENCE
    cat = load_indicators().set_index("code")
    for code, slide, sentence in zip(CODES, slides[2:6], expected["sentence"]):
        subtitle = _shape(slide, "subtitle")
        assert subtitle.text_frame.text == sentence and _size(subtitle) >= 24
        chart = _shape(slide, "ranking-chart").chart
        plot = chart.plots[0]
        cats = list(plot.categories)
        values = list(plot.series[0].values)
        rows = analysis[(analysis["indicator"] == code) & (analysis["period"] == "2023")
                        & analysis["rank"].notna()].sort_values(["rank", "region"])
        decimals = int(cat.loc[code, "decimals"])
        assert values == [round_half_up(float(v), decimals) for v in rows["value"]]
        assert len(cats) == 18 and HOME_CATEGORY[code] in cats
        assert all(c.split(". ", 1)[0].isdigit() for c in cats)  # "3. 清河县": every name carries its rank
        home = cats.index(HOME_CATEGORY[code])
        labels = plot.data_labels
        assert labels.number_format == LABEL_FORMATS[code] and not labels.number_format_is_linked
        assert labels.font.size >= Pt(18) and chart.category_axis.tick_labels.font.size >= Pt(18)
        skip = chart.category_axis._element.find(qn("c:tickLblSkip"))
        assert skip is not None and skip.get("val") == "1"
        series = plot.series[0]
        assert str(series.format.fill.fore_color.rgb) == OTHER_COLOR.lstrip("#")
        coloured = [i for i in range(len(cats)) if series.points[i].format.fill.type is not None
                    and str(series.points[i].format.fill.fore_color.rgb) == HOME_COLOR.lstrip("#")]
        assert coloured == [home]
        foot = _shape(slide, "footnote").text_frame.text
        assert "数据来源" in foot and "数据截至" in foot and HOME_CATEGORY[code].split(". ")[0] + "/18" in foot

    trend = slides[6]
    assert "本县近五年走势（2019—2023年）" in _texts(trend)
    rd = _shape(trend, "trend-RD_EXP").chart
    assert list(rd.plots[0].categories) == ["2019年", "2020年", "2021年", "2022年", "2023年"]
    assert list(rd.plots[0].series[0].values)[-2:] == [8383.0, 15400.0]  # the report's 8,383 and 15,400万元
    assert rd.plots[0].data_labels.font.size >= Pt(18)


def test_deck_honours_yi_and_targets(api, browser, analysis):
    prs = _deck(browser, "indicators=RD_EXP,HNTE&period=2023&unit=yi")
    assert _table(prs.slides[1])[1] == RD_ROW_YI
    chart = _shape(prs.slides[2], "ranking-chart").chart
    assert chart.plots[0].data_labels.number_format == '0.00"亿元"'
    assert 1.54 in list(chart.plots[0].series[0].values)

    prs = _deck(browser, "indicators=RD_EXP,HNTE,TSME&period=2025")
    slides = list(prs.slides)
    with api.server.app_context():
        from server.context import snapshot

        targets = snapshot().targets
    tg = targets[(targets["region"] == "130534") & (targets["year"] == 2025)].set_index("indicator")["value"]
    with_target = [c for c in ("RD_EXP", "HNTE", "TSME") if c in tg.index]
    assert with_target, "the demo data set targets for 2025"
    target_slide = next(s for s in slides if "目标任务完成情况（2025年）" in _texts(s))
    assert "序时进度100.00%" in _texts(target_slide)
    chart = _shape(target_slide, "targets-chart").chart
    done = list(chart.plots[0].series[0].values)
    a = analysis[(analysis["region"] == "130534") & (analysis["period"] == "2025")]
    for code, value in zip(with_target, done):
        actual = float(a[a["indicator"] == code]["value"].iloc[0])
        assert math.isclose(value, actual / float(tg[code]) * 100, rel_tol=1e-9)
    assert list(chart.plots[0].series[1].values) == [100.0] * len(with_target)
    assert len(slides) == 1 + 1 + 3 + 1 + 1


def test_deck_text_uses_an_east_asian_font(browser):
    prs = _deck(browser, "indicators=RD_EXP&period=2023")
    title = next(s for s in prs.slides[0].shapes if s.name == "title")
    rpr = title.text_frame.paragraphs[0].runs[0]._r.find(qn("a:rPr"))
    assert rpr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
    assert rpr.find(qn("a:latin")).get("typeface") == "Microsoft YaHei"
    tags = [el.tag for el in rpr if el.tag in (qn("a:latin"), qn("a:ea"), qn("a:cs"))]
    assert tags == [qn("a:latin"), qn("a:ea"), qn("a:cs")]  # the schema's order (PowerPoint repairs others)


def test_deck_and_brief_default_to_the_overview_period(browser):
    """Without ?period= the deck and the brief open on the overview's period (figures.ranking.default_period):
    in the demo data 2026年1—3季度, where 清河县 reported 7 of the 11 key indicators (每季度: R&D经费, R&D强度,
    财政科技支出 and its share, 加计扣除 firms and amount, 技术合同; the year's stocks HNTE/TSME/PLATFORMS and
    IND_RD_FIRM_SHARE are annual only), one ranking chart each."""
    import docx

    prs = _deck(browser, "")
    assert "2026年1—3季度" in _texts(prs.slides[0])
    charts = [s for s in prs.slides if any(sh.name == "ranking-chart" for sh in s.shapes)]
    assert len(charts) == 7
    r = browser.get("/export/brief.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)
    assert "2026年1—3季度" in text and "2025年全县" not in text


def test_deck_in_english(browser):
    prs = _deck(browser, "indicators=RD_EXP&period=2023&lang=en")
    assert "Key S&T indicators" in _texts(prs.slides[0]) and "Demo data" in _texts(prs.slides[1])
    title = _texts(prs.slides[0])  # region names in English (the catalogue's name_en), no Chinese
    assert "Key S&T indicators of Qinghe County" in title and "Xingtai City" in title, title
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in title), title
    assert _table(prs.slides[1])[0][:3] == ["Indicator", "Value", "YoY"]
    sub = _shape(prs.slides[2], "subtitle").text_frame.text
    assert "R&D expenditure" in sub and "up 83.71% year on year" in sub and "ranking 3rd" in sub


def test_deck_renders_in_libreoffice_without_overflow(browser, tmp_path):
    body = _get(browser, "period=2025")  # every key indicator, targets and trends
    path = tmp_path / "deck.pptx"
    path.write_bytes(body)
    prs = Presentation(io.BytesIO(body))
    width, height = prs.slide_width, prs.slide_height
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, shape.name
            assert shape.left + shape.width <= width and shape.top + shape.height <= height, shape.name
    out = render(path, tmp_path / "out", scale=0.5)
    assert len(out.pngs) == len(prs.slides)
    for w, h in out.page_sizes:
        assert round(w / h, 2) == round(16 / 9, 2)
    assert out.text_outside == []  # no text box runs off its slide
    assert all("示例数据" in text for text in out.texts)


def _fact(status: str, due: float | None = 75.0) -> Fact:
    from server.exports.facts import Fact

    return Fact(code="X", name="X", short="X", unit="万元", kind="amount", period="2026Q3", is_ytd=True, value=1.0,
                value_text="1万元", change=None, change_text="—", rank=None, group_size=18, tied=False,
                rank_text="—", rank_change=None, rank_change_text="—", completion_pct=80.0, time_progress_pct=due,
                target_text="—", completion_text="80.00%", status=status, sentence="", target_sentence="")


def test_targets_summary_counts_add_up_with_on_pace_and_unjudged():
    from server.exports.deck import targets_summary

    # 5 with a target: 1 超, 2 持平 (inside the ±5 百分点 band), 1 落后, 1 that cannot be judged
    rows = [_fact(s) for s in ("ahead", "on_pace", "on_pace", "behind", None)]
    assert targets_summary(rows, "zh") == ("序时进度75.00%：5项有目标的指标中，1项超序时进度或已完成，2项与序时进度持平，"
                                          "1项落后或未完成，1项暂无法判断。")
    assert targets_summary(rows, "en") == ("Time progress 75.00%: of 5 indicators with a target, 1 ahead or met, "
                                          "2 on schedule, 1 behind or not met, 1 not judged.")
    # the case of the review: 3 ahead, 2 持平, 0 behind — 持平 is no longer left uncounted
    rows = [_fact(s) for s in ("ahead", "ahead", "ahead", "on_pace", "on_pace")]
    assert targets_summary(rows, "zh") == ("序时进度75.00%：5项有目标的指标中，3项超序时进度或已完成，2项与序时进度持平，"
                                          "0项落后或未完成。")
    # year end: 完成 and 未完成 are counted with 超 and 落后
    rows = [_fact(s, due=100.0) for s in ("completed", "not_completed", "completed")]
    assert targets_summary(rows, "zh") == ("序时进度100.00%：3项有目标的指标中，2项超序时进度或已完成，0项与序时进度持平，"
                                          "1项落后或未完成。")


# The "two rankings" case of issue 13 at the export routes themselves: in 同比 mode the PNG/SVG chart's footnote,
# the PPTX slide's footnote, the API and meeting mode's sentence state 清河县's 同比 rank (第1/18 for R&D 2023, its
# 83.71% is the city's fastest), never its rank by 总量 (第3/18). tests/figures/test_one_road.py walks every case
# through the functions; this asks the routes, which parse measure= themselves.
# measure -> (the footnote's 位次 clause, the API's home_rank_text, the sentence's rank clause): literal
MEASURE_FEET = {
    "value": ("清河县总量位次：第3/18。", "第3/18", "总量居全市第3位，较上年提升2位。"),
    "yoy": ("清河县同比增速位次：第1/18。", "第1/18", "增速居全市第1位，较上年提升8位。"),
    "share": ("清河县占全市比重位次：第3/18。", "第3/18", "占全市比重居全市第3位，较上年提升2位。"),
}


@pytest.mark.parametrize("measure", sorted(MEASURE_FEET))
def test_every_export_states_the_rank_of_the_chosen_measure(browser, measure):
    foot, rank_text, clause = MEASURE_FEET[measure]
    api = browser.get(f"/api/v1/rankings?indicator=RD_EXP&period=2023&measure={measure}").json
    assert api["home_rank_text"] == rank_text
    assert api["sentence"] == "2023年全县R&D经费投入1.54亿元，同比增长83.71%，" + clause
    r = browser.get(f"/export/deck.pptx?indicators=RD_EXP&period=2023&measure={measure}")
    assert r.status_code == 200
    prs = Presentation(io.BytesIO(r.data))
    feet = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.name == "footnote"]
    assert len(feet) == 1 and feet[0].endswith(foot), feet
    svg = browser.get(f"/export/chart.svg?indicator=RD_EXP&period=2023&measure={measure}").get_data(as_text=True)
    assert [t for t in re.findall(r">([^<]*位次[^<]*)<", svg) if t.endswith(foot)] != [], measure


# Issue 13 "Labels": file names name the period as officials write it, never "2026Q3年"; under demo data every one
# says so first (brk3 #15: server.exports.labels.file_name) (literal)
FILE_NAMES = [
    ("/export/chart.svg?indicator=RD_EXP&period=2026Q3", "示例数据-2026年1—3季度_R&D经费_value.svg"),
    ("/export/chart.svg?indicator=HNTE&period=2026Q3&lang=en",
     "Demo data-end of Q3 2026_High-tech enterprises_value.svg"),
    ("/export/chart.svg?indicator=RD_EXP&period=2025&measure=yoy", "示例数据-2025年_R&D经费_yoy.svg"),
    ("/export/deck.pptx?indicators=RD_EXP,HNTE&period=2026Q3", "示例数据-2026年1—3季度科技指标会议材料.pptx"),
    ("/export/deck.pptx?indicators=RD_EXP&period=2026Q3&lang=en",
     "Demo data-S&T indicators meeting deck Q1–Q3 2026.pptx"),
]


@pytest.mark.parametrize("url, name", FILE_NAMES, ids=[n for _, n in FILE_NAMES])
def test_export_file_names_write_the_period_as_officials_do(browser, url, name):
    from urllib.parse import unquote

    r = browser.get(url)
    assert r.status_code == 200
    assert unquote(r.headers["Content-Disposition"].split("filename*=UTF-8''")[1]) == name


def test_a_ratio_rank_is_not_called_a_total(browser):
    """R&D强度 0.78% is no 总量: its slide's footnote names the indicator, as its sentence leaves 总量 out."""
    import io as _io

    from pptx import Presentation as _Presentation

    for lang, expected, wrong in (("zh", "清河县R&D强度位次：第3/18。", "总量位次"),
                                  ("en", "Qinghe County by R&D intensity (% of GDP): 3rd of 18.", "by value")):
        r = browser.get(f"/export/deck.pptx?period=2025&indicator=RD_INTENSITY&lang={lang}")
        slide = _Presentation(_io.BytesIO(r.data)).slides[2]
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert expected in texts and wrong not in texts, texts
    r = browser.get("/export/deck.pptx?period=2025&indicator=RD_EXP")
    slide = _Presentation(_io.BytesIO(r.data)).slides[2]
    assert "清河县总量位次：第3/18。" in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_summary_names_its_value_ranks_when_the_slides_rank_another_measure(browser):
    """measure=yoy: the slides rank 增速 / 变动幅度; the summary's ranks are the value ranks and say so (N6)."""
    prs = _deck(browser, "indicators=RD_INTENSITY,RD_EXP&period=2025&measure=yoy")
    assert _table(prs.slides[1])[0] == ["指标", "数值", "同比", "数值位次", "数值位次变化", "完成率"]
    en = _deck(browser, "indicators=RD_INTENSITY,RD_EXP&period=2025&measure=yoy&lang=en")
    assert _table(en.slides[1])[0][3:5] == ["Rank by value", "Rank change (by value)"]
    plain = _deck(browser, "indicators=RD_INTENSITY,RD_EXP&period=2025")
    assert _table(plain.slides[1])[0] == ["指标", "数值", "同比", "位次", "位次变化", "完成率"]
