"""The meeting deck (.pptx): title, overview sentences, one native bar chart per indicator.

Charts are native PowerPoint charts (editable in the meeting office), the home county's bar in
the highlight colour. Text uses Microsoft YaHei for both Latin and East Asian runs, the font the
bureau's Windows PCs have.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from figures.ranking import Ranking
from figures.sentences import ranking_sentence
from server.exports.charts import (HOME_COLOR, MONEY, OTHER_COLOR, DEMO_COLOR, figures_shown, footnote, period_of,
                                   title)
from server.exports.labels import demo_label, demo_notice, label
from server.exports.meta import now_local

FONT = "Microsoft YaHei"
WIDE, HIGH = Inches(13.333), Inches(7.5)
GREY = RGBColor(0x66, 0x66, 0x66)
DARK = RGBColor(0x22, 0x22, 0x22)
VALUE_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00"}


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#"))


def set_font(font, size: float, bold: bool = False, color: RGBColor = DARK) -> None:  # noqa: ANN001
    """Latin and East Asian typeface both: PowerPoint picks the `ea` font for Chinese characters."""
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = color
    rpr = font._rPr  # noqa: SLF001 — python-pptx has no API for the East Asian typeface
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.find(qn("a:latin")).addnext(el)
        el.set("typeface", FONT)


def add_text(slide, text: str, left, top, width, height, size: float = 14, bold: bool = False,  # noqa: ANN001
             color: RGBColor = DARK, fill: str | None = None, name: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        set_font(run.font, size, bold, color)
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = rgb(fill)
    return box


def add_demo_label(slide, meta, lang: str) -> None:  # noqa: ANN001
    if meta.is_demo:
        add_text(slide, demo_label(lang), WIDE - Inches(1.9), Inches(0.25), Inches(1.6), Inches(0.5), 16, True,
                 RGBColor(0xFF, 0xFF, 0xFF), fill=DEMO_COLOR, name="demo-label")


def title_slide(prs, region_name: str, group_name: str, period: str, meta, lang: str) -> None:  # noqa: ANN001
    s = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(s, label("deck.title", lang, region=region_name), Inches(0.9), Inches(2.3), Inches(11.5), Inches(1.2),
             40, True, name="title")
    add_text(s, label("deck.subtitle_p", lang, period=period, group=group_name), Inches(0.9), Inches(3.6),
             Inches(11.5), Inches(0.7), 22, color=GREY)
    lines = [label("deck.made", lang, when=now_local().strftime("%Y-%m-%d %H:%M"))]
    if meta.is_demo:
        lines.append(demo_notice(lang))
    add_text(s, "\n".join(lines), Inches(0.9), Inches(5.6), Inches(11.5), Inches(1.0), 14, color=GREY)
    add_demo_label(s, meta, lang)


def overview_slide(prs, snap, rankings: list[Ranking], meta, lang: str) -> None:  # noqa: ANN001
    """The home county's sentences, read from the same rankings as the slides (figures.sentences)."""
    s = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(s, label("deck.overview", lang), Inches(0.6), Inches(0.3), Inches(10), Inches(0.8), 28, True, name="title")
    sentences = [t for t in (ranking_sentence(r, snap.regions, lang) for r in rankings) if t]
    text = "\n".join(sentences) or "—"
    size = 18 if len(sentences) <= 6 else 14
    add_text(s, text, Inches(0.8), Inches(1.3), Inches(11.8), Inches(5.4), size, name="sentences")
    add_demo_label(s, meta, lang)


def ranking_slide(prs, r: Ranking, meta, lang: str, scale: str = "万元") -> None:  # noqa: ANN001
    s = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(s, title(r, lang), Inches(0.6), Inches(0.3), Inches(10.5), Inches(0.8), 26, True, name="title")
    shown = r.rows["measure"].notna().to_numpy()
    rows = r.rows[shown]
    data = CategoryChartData(number_format=_number_format(r, scale))
    data.categories = rows["name"].tolist() if lang == "zh" else rows["region"].tolist()
    data.add_series(r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"],
                    [float(v) for v in figures_shown(r, scale)[shown]])
    frame = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.6), Inches(1.1), Inches(12.1), Inches(5.5), data)
    frame.name = "ranking-chart"
    chart = frame.chart
    chart.has_legend = False
    set_font(chart.font, 12)
    chart.category_axis.reverse_order = True  # first row (rank 1) at the top
    chart.value_axis.has_major_gridlines = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = _number_format(r, scale), False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    set_font(labels.font, 11)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = rgb(OTHER_COLOR)
    for i, home in enumerate(rows["is_home"]):
        if home:
            point = series.points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = rgb(HOME_COLOR)
    add_text(s, footnote(r, meta, lang), Inches(0.6), Inches(6.7), Inches(12.1), Inches(0.6), 11, color=GREY,
             name="footnote")
    add_demo_label(s, meta, lang)


def _number_format(r: Ranking, scale: str = "万元") -> str:
    if r.measure == "value":
        if r.unit in MONEY and scale == "亿元":
            return VALUE_FORMATS[2]
        return VALUE_FORMATS.get(int(r.indicator["decimals"]), "#,##0.00")
    return '+0.00;-0.00;0.00'


def build_deck(snap, rankings: list[Ranking], home: str, period: str, meta, lang: str = "zh",  # noqa: ANN001
               scale: str = "万元") -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDE), Emu(HIGH)
    regions = snap.regions.set_index("code")
    region_name = regions["name"].get(home, home) if lang == "zh" else home
    group_name = rankings[0].group_name if rankings else ""
    period_text = period_of(rankings[0], lang) if rankings else period
    title_slide(prs, region_name, group_name, period_text, meta, lang)
    overview_slide(prs, snap, rankings, meta, lang)
    for r in rankings:
        ranking_slide(prs, r, meta, lang, scale)
    prs.core_properties.title = label("deck.title", lang, region=region_name)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
