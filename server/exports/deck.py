"""The meeting deck (.pptx, 16:9) for a projector: title; summary table; one native bar chart per indicator
("3. 清河县" category labels, values with their unit, labels 18 pt, the home county in the accent colour, the
位次 sentence as a 24 pt subtitle); the figure each target status is judged on (完成率, 增量进度 for stocks) against
序时进度; the home county's five-year trend; 示例数据 on every
slide when the data are demo data.

Charts and tables are native PowerPoint objects (editable in the meeting office). Text uses Microsoft YaHei
for both Latin and East Asian runs, the font the bureau's Windows PCs have. Ranks and sentences come from
figures (figures.ranking, figures.sentences); values, 同比 and 完成率 of the summary from server.exports.facts.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from figures import ranking as figures_ranking
from figures.ranking import Ranking
from figures.sentences import home_sentence
from indicators import formatting as fmt
from indicators.formatting import COUNT_UNITS_EN, convert_amount
from server.exports.charts import (HOME_COLOR, MONEY, OTHER_COLOR, DEMO_COLOR, figures_shown, footnote_lines, title)
from server.exports.facts import Fact
from server.exports.labels import demo_label, demo_notice, label, period_name
from server.exports.meta import now_local
from texts.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterable
    from data.snapshot import Snapshot
    from pptx.chart.axis import CategoryAxis, TickLabels
    from pptx.chart.data import Categories
    from pptx.chart.datalabel import DataLabels
    from pptx.chart.chart import Chart
    from pptx.presentation import Presentation as PptxPresentation
    from pptx.slide import Slide
    from pptx.text.text import Font
    from server.exports.meta import ExportMeta
    import pandas as pd

FONT = "Microsoft YaHei"
WIDE, HIGH = Inches(13.333), Inches(7.5)
GREY = RGBColor(0x66, 0x66, 0x66)
DARK = RGBColor(0x22, 0x22, 0x22)
ACCENT_DARK = RGBColor(0xA6, 0x1B, 0x16)  # the 位次 sentence: the accent, dark enough for a projector
LABEL_PT = 18  # category and value labels: legible from the back of a meeting room
SUBTITLE_PT = 24  # the 位次 sentence under each title
TABLE_PT = 16


def rgb(hex_color: str) -> RGBColor:
    """A python-pptx colour from '#RRGGBB' (or 'RRGGBB')."""
    return RGBColor.from_string(hex_color.lstrip("#"))


def set_font(font: Font, size: float, bold: bool = False, color: RGBColor = DARK) -> None:
    """Latin and East Asian typeface both: PowerPoint picks the `ea` font for Chinese characters."""
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = color
    rpr = font._rPr  # noqa: SLF001 — python-pptx has no API for the East Asian typeface
    for tag in ("a:cs", "a:ea"):  # schema order: latin, ea, cs (each inserted right after latin)
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.find(qn("a:latin")).addnext(el)
        el.set("typeface", FONT)


def add_text(slide: Slide, text: str, left: int, top: int, width: int, height: int, size: float = 14, bold: bool = False,
             color: RGBColor = DARK, fill: str | None = None, name: str | None = None):
    """Add a word-wrapped text box at (left, top) of size (width, height) in EMU, one paragraph a line
    of `text`, in the deck's font at `size` pt; `fill` is a background colour, `name` the shape's name
    (tests find shapes by it). Returns the shape.
    """
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


def text_width_in(text: str, size_pt: float) -> float:
    """Rough rendered width: CJK and full-width characters 1 em, others 0.6 em."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)
    return ems * size_pt / 72


def lines_needed(text: str, width_in: float, size_pt: float) -> int:
    """Lines the text takes in a box `width_in` wide at `size_pt`, wrapped greedily at spaces (English) or
    between any two CJK characters; a word longer than the box breaks where it must."""
    import re

    words = re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*", str(text)) or [""]
    lines, used = 1, 0.0
    for word in words:
        w = text_width_in(word.rstrip(), size_pt) * 1.04  # LibreOffice's Latin fallback runs wider
        if used and used + w > width_in:
            lines, used = lines + 1, 0.0
        while w > width_in:  # one word wider than the box
            lines, w = lines + 1, w - width_in
        used += text_width_in(word, size_pt) * 1.04
    return lines


def title_size(text: str, width_in: float, largest: float = 28, smallest: float = 20) -> float:
    """The largest size (2 pt steps) at which the title stays on one line of the box."""
    size = largest
    while size > smallest and text_width_in(text, size) > width_in - 0.2:
        size -= 2
    return size


def add_demo_label(slide: Slide, meta: ExportMeta, lang: str) -> None:
    """Put the demo-data label in the slide's top right corner when the export is of demo data."""
    if meta.is_demo:
        add_text(slide, demo_label(lang), WIDE - Inches(1.9), Inches(0.25), Inches(1.6), Inches(0.5), 16, True,
                 RGBColor(0xFF, 0xFF, 0xFF), fill=DEMO_COLOR, name="demo-label")


def title_slide(prs: PptxPresentation, region_name: str, group_name: str, period: str, meta: ExportMeta, lang: str,
                within: bool = False) -> None:
    """Add the title slide: region, period and comparison group (its reporting units when any ranking of the deck
    or of its summary table is among them: figures.ranking.any_within_reported, as the brief says it), when it was
    made, the demo notice."""
    s = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(s, label("deck.title", lang, region=region_name), Inches(0.9), Inches(2.3), Inches(11.5), Inches(1.2),
             40, True, name="title")
    add_text(s, label("deck.subtitle_reported" if within else "deck.subtitle_p", lang, period=period, group=group_name),
             Inches(0.9), Inches(3.6), Inches(11.5), Inches(0.7), 22, color=GREY, name="subtitle")
    lines = [label("deck.made", lang, when=now_local().strftime("%Y-%m-%d %H:%M"))]
    if meta.is_demo:
        lines.append(demo_notice(lang))
    add_text(s, "\n".join(lines), Inches(0.9), Inches(5.6), Inches(11.5), Inches(1.0), 14, color=GREY)
    add_demo_label(s, meta, lang)


def _skip_no_labels(axis: CategoryAxis) -> None:
    """Every category label drawn (c:tickLblSkip 1): PowerPoint would otherwise drop every other county."""
    el = axis._element  # noqa: SLF001 — python-pptx has no API for tickLblSkip
    for old in el.findall(qn("c:tickLblSkip")):
        el.remove(old)
    skip = el.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    anchor = el.find(qn("c:lblOffset"))
    if anchor is not None:
        anchor.addnext(skip)
    else:
        el.append(skip)


def unit_suffix(unit: str, lang: str) -> str:
    """The unit written after a value label ("万元", "家", "%"; English "¥10k", "firms")."""
    if unit in ("%",):
        return "%"
    if lang == "zh":
        return unit
    return {"万元": " ¥10k", "亿元": " ¥100m", "元": " yuan", "百分点": " pp"}.get(
        unit, " " + COUNT_UNITS_EN.get(unit, unit))


def label_format(decimals: int, unit: str, lang: str, signed: bool = False) -> str:
    """An Excel number format that writes the unit after the number: 0"万元", 0.00"亿元", +0.00"%"."""
    digits = "0" if decimals == 0 else "0." + "0" * decimals
    number = ("#,##" + digits) if lang == "en" else digits
    suffix = unit_suffix(unit, lang).replace('"', "")
    text = f'{number}"{suffix}"' if suffix else number
    return f'+{text};-{text};{text}' if signed else text


def ranking_format(r: Ranking, scale: str, lang: str) -> str:
    """The Office number format of the ranking chart's data labels: 总量 with the catalogue's
    decimals in the chosen unit (2 in 亿元), 同比 signed with 2 decimals (个百分点 for ratios), others with 2.
    """
    if r.measure == "value":
        money = r.unit in MONEY
        unit = scale if money else r.unit
        decimals = 2 if money and scale == "亿元" else int(r.indicator["decimals"])
        return label_format(decimals, unit, lang)
    unit = "个百分点" if r.unit == "百分点" and lang == "zh" else r.unit
    return label_format(2, unit, lang, signed=r.measure == "yoy")


def category_labels(r: Ranking, rows: pd.DataFrame, lang: str) -> list[str]:
    """"3. 清河县": the published rank in front of each name (figures.ranking.Ranking.bar_names)."""
    return r.bar_names(rows, lang)


def ranking_slide(prs: PptxPresentation, r: Ranking, snap: Snapshot, meta: ExportMeta, lang: str, scale: str = "万元") -> None:
    """One indicator: title, the 位次 sentence as subtitle (24 pt), native bars with ranked names and units."""
    s = prs.slides.add_slide(prs.slide_layouts[6])
    heading = title(r, lang)
    add_text(s, heading, Inches(0.5), Inches(0.2), Inches(10.8), Inches(0.7), title_size(heading, 10.8), True,
             name="title")
    # The 位次 sentence beside the chart: 18 counties need the slide's full height to show every name at 18 pt.
    sentence = home_sentence(r, snap.regions, lang) or r.state_text(lang) or "—"
    add_text(s, sentence, Inches(9.0), Inches(1.0), Inches(4.0), Inches(4.2), SUBTITLE_PT, color=ACCENT_DARK,
             name="subtitle", fill="#FFF8E6")
    shown = r.rows["measure"].notna().to_numpy()
    rows = r.rows[shown]
    if not len(rows):  # nobody has the measure (e.g. 完成率 without targets): say so instead of a chart
        add_text(s, r.state_text(lang), Inches(0.5), Inches(3.0), Inches(8.3), Inches(1.0), 24, name="state")
        add_text(s, "\n".join(footnote_lines(r, meta, lang)), Inches(0.6), Inches(6.7), Inches(12.1), Inches(0.6), 11,
                 color=GREY,
                 name="footnote")
        add_demo_label(s, meta, lang)
        return
    fmt_code = ranking_format(r, scale, lang)
    data = CategoryChartData(number_format=fmt_code)
    data.categories = category_labels(r, rows, lang)
    data.add_series(r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"],
                    [float(v) for v in figures_shown(r, scale)[shown]])
    frame = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.2), Inches(0.8), Inches(8.7), Inches(6.65),
                               data)
    frame.name = "ranking-chart"
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False  # the slide's title says it
    set_font(chart.font, LABEL_PT)
    chart.category_axis.reverse_order = True  # first row (rank 1) at the top
    set_font(chart.category_axis.tick_labels.font, LABEL_PT)
    _skip_no_labels(chart.category_axis)
    _one_line(chart.category_axis.tick_labels)  # a name wrapped onto two lines makes the renderer drop others
    _names_column(chart, data.categories, 8.7)
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.visible = False  # the values are on the bars, with their unit
    _headroom(chart, figures_shown(r, scale)[shown])
    plot = chart.plots[0]
    plot.gap_width = 30
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = fmt_code, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    set_font(labels.font, LABEL_PT)
    _one_line(labels)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = rgb(OTHER_COLOR)
    for i, home in enumerate(rows["is_home"]):
        if home:
            point = series.points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = rgb(HOME_COLOR)
    add_text(s, "\n".join(footnote_lines(r, meta, lang)), Inches(9.0), Inches(5.4), Inches(4.0), Inches(1.9), 11,
             color=GREY,
             name="footnote")
    add_demo_label(s, meta, lang)


def summary_slides(prs: PptxPresentation, facts: list[Fact], period_text: str, meta: ExportMeta, lang: str,
                   measure: str = "value") -> None:
    """指标, 数值, 同比, 位次, 位次变化, 完成率: one native table (editable), split over slides when long. Its ranks are
    the facts' (the value ranking); when the deck's ranking slides rank another measure (增速, 占全市比重, 完成率) the
    columns say so ("数值位次", "数值位次变化"), so that the table and the next slide never state two ranks under one
    name (re-check N6 of stop 24)."""
    if not facts:
        return
    rank_keys = ("col.rank", "col.rank_change") if measure == "value" else ("col.value_rank", "col.value_rank_change")
    header = [t(k, lang) for k in ("col.indicator", "col.value", "col.yoy", *rank_keys, "col.completion")]
    long_rank = any(len(f.rank_text) > (9 if lang == "zh" else 14) for f in facts)
    widths = [Inches(w) for w in ((3.3, 2.1, 2.2, 2.1, 1.3, 1.3) if not long_rank else (2.9, 1.9, 2.0, 3.0, 1.2, 1.3))]
    if lang == "en":
        widths = [Inches(w) for w in (2.8, 2.3, 2.2, 1.6 if not long_rank else 2.2, 1.6, 1.8)]
    margin = Inches(0.1)  # python-pptx's default cell margins, left and right
    rows = [[f.short, f.value_text, f.change_text, f.rank_text, f.rank_change_text, f.completion_text]
            for f in facts]

    def height(row: list[str]) -> int:  # EMU: the row's tallest cell, wrapped as the renderer wraps it
        lines = max(lines_needed(text, (w - 2 * margin) / 914400, TABLE_PT) for text, w in zip(row, widths))
        return max(Inches(0.46), int(Inches(lines * TABLE_PT * 1.2 / 72 + 0.1)))

    # rows go on a slide while the table stays inside it (English wraps long names onto several lines)
    room = HIGH - Inches(1.15) - Inches(0.35) - height(header)
    pages, page, used = [], [], 0
    for row in rows:
        if page and used + height(row) > room:
            pages.append(page)
            page, used = [], 0
        page.append(row)
        used += height(row)
    pages.append(page)
    for chunk in pages:
        s = prs.slides.add_slide(prs.slide_layouts[6])
        add_text(s, label("deck.summary", lang, period=period_text), Inches(0.5), Inches(0.25), Inches(10.8),
                 Inches(0.7), 28, True, name="title")
        table_rows = [header] + chunk
        heights = [height(r) for r in table_rows]
        shape = s.shapes.add_table(len(table_rows), len(header), Inches(0.5), Inches(1.15), sum(widths, Emu(0)),
                                   sum(heights, Emu(0)))
        shape.name = "summary-table"
        table = shape.table
        for i, w in enumerate(widths):
            table.columns[i].width = w
        for ri, row in enumerate(table_rows):
            table.rows[ri].height = heights[ri]
            for ci, text in enumerate(row):
                cell = table.cell(ri, ci)
                cell.text = ""
                para = cell.text_frame.paragraphs[0]
                run = para.add_run()
                run.text = text
                home_rank = ci == 3 and ri > 0
                set_font(run.font, TABLE_PT, bold=ri == 0 or home_rank,
                         color=RGBColor(0xFF, 0xFF, 0xFF) if ri == 0 else (ACCENT_DARK if home_rank else DARK))
                cell.margin_top = cell.margin_bottom = Inches(0.03)
        add_demo_label(s, meta, lang)


def _level(f: Fact) -> bool:
    """A ratio during the year (figures.targets basis "level"): never set against 序时进度, not drawn on the chart."""
    return f.level_in_year   # indicators.targets.target_progress's one flag (a ratio without a figure: 数据缺失)


def targets_summary(rows: list[Fact], lang: str) -> str:
    """The targets slide's subtitle: 序时进度 and how the n indicators judged against it stand. The counts add
    up to n: 超序时进度或已完成 (ahead, completed), 与序时进度持平 (on_pace, inside the ±5 百分点 band of
    indicators.targets), 落后或未完成 (behind, not_completed), and — only when there are some — those whose
    status cannot be judged (e.g. a stock without last year-end figure). Ratios during the year (basis "level")
    are never counted against 序时进度: they follow as "比率类指标不比序时进度：R&D经费投入强度当前0.75%、目标0.90%"."""
    paced = [f for f in rows if not _level(f)]
    levels = [f for f in rows if _level(f)]
    parts = []
    if paced:
        n = len(paced)
        ahead = sum(1 for f in paced if f.status in ("ahead", "completed"))
        on_pace = sum(1 for f in paced if f.status == "on_pace")
        behind = sum(1 for f in paced if f.status in ("behind", "not_completed"))
        unjudged = n - ahead - on_pace - behind
        rest = label("deck.targets_unjudged", lang, n=unjudged) if unjudged else ""
        due = next((f.time_progress_pct for f in paced if f.time_progress_pct is not None), None)
        parts.append(label("deck.targets_sub", lang, due=fmt.format_pct(due, lang=lang), n=n,
                           ahead=ahead, on_pace=on_pace, behind=behind, rest=rest))
    if levels:
        items = t("list.sep", lang).join(label("deck.targets_level_item", lang, name=f.short, actual=f.actual_text,
                               target=f.target_text) for f in levels)
        parts.append(label("deck.targets_levels", lang, items=items))
    return ("" if lang == "zh" else " ").join(parts)


def targets_series(rows: list[Fact], lang: str) -> tuple[list[str], str, list[float | None]]:
    """(categories, series name, values) of the targets chart: each indicator's figure the status is judged on
    (Fact.judged_pct from figures.targets: 增量进度 for a stock during the year, named "高新技术企业（增量进度）",
    else 完成率), never a stock's 完成率 set against 序时进度; None where no status can be judged. Ratios during
    the year are left out (`_level`: the subtitle states them)."""
    rows = [f for f in rows if not _level(f)]
    increment = [f.judged_basis == "increment" for f in rows]
    names = [t("targets.increment_name", lang, name=f.short) if inc else f.short for f, inc in zip(rows, increment)]
    series = t("col.judged_progress" if any(increment) else "col.completion", lang)
    return names, series, [f.judged_pct for f in rows]


def targets_slide(prs: PptxPresentation, facts: list[Fact], period_text: str, meta: ExportMeta, lang: str) -> None:
    """The figure each status is judged on (完成率, or 增量进度 for stocks) against 序时进度 for the indicators with a
    target (figures.targets, as the 目标任务 page draws it); none: no slide."""
    rows = [f for f in facts if f.completion_pct is not None]
    if not rows:
        return
    s = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(s, label("deck.targets", lang, period=period_text), Inches(0.5), Inches(0.2), Inches(10.8),
             Inches(0.7), 28, True, name="title")
    add_text(s, targets_summary(rows, lang), Inches(0.5), Inches(0.85), Inches(12.3), Inches(1.0), SUBTITLE_PT,
             color=ACCENT_DARK, name="subtitle")
    code = label_format(2, "%", lang)
    data = CategoryChartData(number_format=code)
    categories, series_name, judged = targets_series(rows, lang)
    if not categories:  # ratios only: the subtitle states them, nothing is set against 序时进度
        add_demo_label(s, meta, lang)
        return
    data.categories = categories
    data.add_series(series_name, judged)
    data.add_series(t("col.time_progress", lang), [f.time_progress_pct for f in rows if not _level(f)])
    frame = s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.4), Inches(1.85), Inches(12.5), Inches(5.35),
                               data)
    frame.name = "targets-chart"
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = True
    set_font(chart.legend.font, LABEL_PT)
    chart.legend.include_in_layout = False
    set_font(chart.font, LABEL_PT)
    chart.category_axis.reverse_order = True
    _skip_no_labels(chart.category_axis)
    chart.value_axis.visible = False
    chart.value_axis.has_major_gridlines = False
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = 40, -10
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = code, False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    set_font(plot.data_labels.font, LABEL_PT)
    _one_line(plot.data_labels)
    for series, color in zip(plot.series, (HOME_COLOR, "#A6A6A6")):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(color)
    add_demo_label(s, meta, lang)


def trend_slides(prs: PptxPresentation, snap: Snapshot, facts: list[Fact], home: str, period: str, meta: ExportMeta, lang: str,
                 scale: str) -> None:
    """The home county's last five years, four indicators a slide (native column charts, values with units)."""
    from server.exports.facts import home_trend

    series = []
    for f in facts:
        trend = home_trend(snap, home, f.code, years=5, end=period)
        if len(trend) >= 2:
            series.append((f, trend))
    for start in range(0, len(series), 4):
        chunk = series[start:start + 4]
        s = prs.slides.add_slide(prs.slide_layouts[6])
        years = f"{chunk[0][1]['period'].iloc[0]}—{chunk[0][1]['period'].iloc[-1]}"
        add_text(s, label("deck.trend", lang, years=years), Inches(0.5), Inches(0.2), Inches(10.8), Inches(0.7), 28,
                 True, name="title")
        for i, (f, trend) in enumerate(chunk):
            left = Inches(0.4 + (i % 2) * 6.35)
            top = Inches(1.0 + (i // 2) * 3.2)
            money = f.unit in MONEY
            unit = scale if money else f.unit
            values = trend["value"].to_numpy(dtype=float)
            if money:
                values = convert_amount(values, f.unit, scale)
            decimals = 2 if money and scale == "亿元" else int(_decimals(f.code))
            # money: the unit goes into the chart's title (单位 as official tables write it), the labels keep
            # to the number, so five labels of "19350 万元" never run into each other in a small chart
            code = label_format(decimals, unit, lang) if not money else \
                ("#,##" if lang == "en" else "") + ("0" if decimals == 0 else "0." + "0" * decimals)
            chart_title = f.short if not money else (
                f"{f.short}（{unit}）" if lang == "zh" else f"{f.short} ({unit_suffix(unit, lang).strip()})")
            data = CategoryChartData(number_format=code)
            data.categories = [period_name(p, lang) for p in trend["period"]]
            data.add_series(f.short, [float(v) for v in values])
            frame = s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, left, top, Inches(6.2), Inches(3.05), data)
            frame.name = f"trend-{f.code}"
            chart = frame.chart
            chart.has_legend = False
            chart.has_title = True
            chart.chart_title.text_frame.text = chart_title
            set_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, LABEL_PT, True)
            set_font(chart.font, 14)
            chart.value_axis.visible = False
            chart.value_axis.has_major_gridlines = False
            _headroom(chart, values, 1.35)
            plot = chart.plots[0]
            plot.gap_width = 60
            plot.has_data_labels = True
            plot.data_labels.number_format, plot.data_labels.number_format_is_linked = code, False
            plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
            set_font(plot.data_labels.font, LABEL_PT)
            _one_line(plot.data_labels)
            ser = plot.series[0]
            ser.format.fill.solid()
            ser.format.fill.fore_color.rgb = rgb(OTHER_COLOR)
            last = ser.points[len(values) - 1]
            last.format.fill.solid()
            last.format.fill.fore_color.rgb = rgb(HOME_COLOR)
        add_demo_label(s, meta, lang)


def _one_line(data_labels: DataLabels | TickLabels) -> None:
    """Value (or category) labels never wrap inside the label ("8383 万" / "元" on two lines in narrow columns): the labels'
    text body says wrap="none" (DrawingML a:bodyPr, read by PowerPoint, WPS and LibreOffice)."""
    # DataLabels wraps c:dLbls, TickLabels its axis: both hold the labels' c:txPr
    data_labels._element.get_or_add_txPr().bodyPr.set("wrap", "none")  # noqa: SLF001 - no public API for it


def _names_column(chart: Chart, categories: Categories, chart_width_in: float) -> None:
    """The plot area placed by hand (c:manualLayout), leaving the ranked names a column as wide as the longest
    one: left to itself LibreOffice narrows the names' column, wraps "17. Guangzong County" onto two lines and
    then drops every other county name. Right of the plot stays room for the value labels."""
    from lxml import etree

    names = [str(getattr(c, "label", c)) for c in categories]
    x = min(0.5, max(0.12, (max(text_width_in(n, LABEL_PT) for n in names) * 1.08 + 0.25) / chart_width_in))
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))  # noqa: SLF001 - no public API
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", f"{x:.3f}"),
                       ("y", "0.02"), ("w", f"{0.77 - x:.3f}"), ("h", "0.96")):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", value)


def _headroom(chart: Chart, values: Iterable[float | None], factor: float = 1.22) -> None:
    """Room beyond the longest bar for its value label (with unit); negative values keep an automatic minimum."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) and v.max() > 0:
        chart.value_axis.maximum_scale = float(v.max()) * factor
    if len(v) and v.min() >= 0:
        chart.value_axis.minimum_scale = 0.0


def _decimals(code: str) -> int:
    from data.catalogue import load_indicators

    cat = load_indicators().set_index("code")
    return int(cat.loc[code, "decimals"])


def build_deck(snap: Snapshot, rankings: list[Ranking], home: str, period: str, meta: ExportMeta, lang: str = "zh",
               scale: str = "万元", facts: list[Fact] | None = None) -> bytes:
    """Title; summary table (指标, 数值, 同比, 位次, 位次变化, 完成率); one ranking chart per indicator with its
    位次 sentence; the judged target progress (完成率, 增量进度 for stocks) against 序时进度; the home county's
    five-year trend. `facts` (server.exports.facts) feed the summary, targets and trend slides; every rank is
    figures.ranking's."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDE), Emu(HIGH)
    region_name = figures_ranking.region_name(snap.regions, home, lang)
    group_name = figures_ranking.region_name(snap.regions, rankings[0].group, lang) if rankings else ""
    period_text = figures_ranking.set_period_text(period, rankings, lang) if rankings else period
    facts = facts or []
    title_slide(prs, region_name, group_name, period_text, meta, lang,
                figures_ranking.any_within_reported(rankings + [f.ranking for f in facts]))
    summary_slides(prs, facts, period_text, meta, lang, rankings[0].measure if rankings else "value")
    for r in rankings:
        ranking_slide(prs, r, snap, meta, lang, scale)
    targets_slide(prs, facts, period_text, meta, lang)
    trend_slides(prs, snap, [f for f in facts if f.reported], home, period, meta, lang, scale)
    prs.core_properties.title = label("deck.title", lang, region=region_name)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
