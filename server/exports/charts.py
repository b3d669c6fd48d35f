"""The ranking chart: sorted horizontal bars of the comparison group, the home county highlighted."""
from __future__ import annotations
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from figures.ranking import Ranking
from indicators.conventions import MONEY_UNITS
from indicators.formatting import convert_amount, format_change, format_number, format_pct
from plots.charts import text_width
from texts.i18n import source_text
from server.exports.labels import demo_label, label
from server.exports.renderer import FONT_FAMILY

if TYPE_CHECKING:
    from server.exports.meta import ExportMeta

HOME_COLOR = "#D7261E"  # the highlight; no other element of the chart uses it
OTHER_COLOR = "#8FA3B8"
DEMO_COLOR = "#E8590C"
TEXT_COLOR = "#333333"
TOP, BOTTOM = 90, 104  # margins (px): title and demo label above; ticks, axis title and footnote below
NOTE_LINE = 18  # px of bottom margin per note line under the footnote

MONEY = MONEY_UNITS


def value_unit(r: Ranking, scale: str) -> str:
    """The unit the chart shows: money follows the 万元/亿元 choice (?unit=yi)."""
    return scale if r.measure == "value" and r.unit in MONEY else r.unit


def figures_shown(r: Ranking, scale: str = "万元"):
    """The plotted numbers in the shown unit (money converted to 亿元 when chosen)."""
    v = r.rows["measure"].to_numpy(dtype=float)
    return convert_amount(v, r.unit, scale) if r.measure == "value" and r.unit in MONEY else v


def figure_text(r: Ranking, v: float, scale: str = "万元") -> str:
    """A figure as the chart's value label: 总量 with the catalogue's decimals (2 in 亿元), 同比
    as % or 百分点 by the indicator's kind, shares and completion as %.
    """
    if r.measure == "value":
        money_yi = r.unit in MONEY and scale == "亿元"
        return format_number(v, 2 if money_yi else int(r.indicator["decimals"]))
    if r.measure == "yoy":
        return format_change(v, r.indicator["kind"])
    return format_pct(v)


def name_of(r: Ranking, lang: str) -> str:
    """The indicator's name on a chart: the short Chinese name in zh, the English name in en."""
    return r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"]


def measure_of(r: Ranking, lang: str) -> str:
    """The ranked measure in words for the axis and the 位次 footnote: 总量 / 同比增速 / 占全市比重 / 完成率; a ratio's
    own level is no 总量, so it is named by the indicator ("R&D强度位次", "by R&D intensity (% of GDP)"), as the
    sentence leaves 总量 out for it (indicators.sentences)."""
    if r.measure == "value" and str(r.indicator.get("kind")) == "ratio":
        return name_of(r, lang)
    return r.measure_name(lang)


def period_of(r: Ranking, lang: str) -> str:
    """The period as officials write it ("2026年1—3季度", "2026年三季度末"): the Ranking's one label
    (figures.ranking.period_label), as on the page and in the API."""
    return r.period_label(lang)


def title(r: Ranking, lang: str) -> str:
    """The chart's title: period, indicator and measure (empty for 总量), as chart.title_p in `lang`; a rank
    among the reporting units (Ranking.scope "reported") is never titled 全市排名 (chart.title_within_p)."""
    measure = "" if r.measure == "value" else r.measure_name(lang)
    key = "chart.title_within_p" if r.scope == "reported" else "chart.title_p"
    return label(key, lang, period=period_of(r, lang), name=name_of(r, lang),
                 measure=measure).replace("  ", " ").replace(" ,", ",")  # no measure word: "R&D expenditure, 2025"


def footnote(r: Ranking, meta: ExportMeta, lang: str) -> str:
    """Source, as-of moment and the home county's 位次 on the ranked measure (figures.ranking: the same rank
    the page shows; "已报 n/N，暂不排名" when the group is incomplete; "本县未报（全市已报 17/18）" when the home county
    is the one missing: Ranking.home_rank_text) — the line under every chart and slide — then the units not drawn,
    by why: without a figure ("1个地区无数据，未列入", naming the home county when it is one of them: "清河县无数据，
    未列入", "3个地区无数据（含清河县），未列入"), or with a figure but without the ranked measure ("2个地区无可比的同比
    增速，未列入"). 占全市比重 of an indicator that does not add up states only that (the rank part): nobody lacks a
    figure (brk3 #10)."""
    names = r.rows.loc[r.rows["is_home"], "name" if lang == "zh" else "name_en"]
    home_name = names.iloc[0] if len(names) else r.home
    measure = measure_of(r, lang)
    parts = [label("footnote", lang, source=source_text(r.indicator["source"], lang), as_of=meta.as_of_text(), version=meta.version),
             label("footnote.rank", lang, home=home_name, measure=measure, rank=r.home_rank_text(lang))]
    if r.share_not_applicable:
        return ("" if lang == "zh" else " ").join(parts)
    no_value = r.rows["value"].isna().to_numpy()
    missing = int(no_value.sum())
    home_missing = bool((no_value & r.rows["is_home"].to_numpy()).any())
    if missing and home_missing:
        parts.append(label("footnote.missing_home", lang, home=home_name) if missing == 1 else
                     label("footnote.missing_with_home", lang, n=missing, home=home_name))
    elif missing:
        parts.append(label("footnote.missing", lang, n=missing))
    no_measure = int((~no_value & r.rows["measure"].isna().to_numpy()).sum())
    if no_measure:
        parts.append(label("footnote.no_measure", lang, n=no_measure, measure=measure))
    return ("" if lang == "zh" else " ").join(parts)


def footnote_lines(r: Ranking, meta: ExportMeta, lang: str) -> list[str]:
    """The footnote, then the period's 口径调整 / 说明 / 年报与累计不一致 lines (Ranking.note_lines, the page's)."""
    return [footnote(r, meta, lang), *r.note_lines(lang)]


def ranking_figure(r: Ranking, meta: ExportMeta, lang: str = "zh", width: int = 1200, height: int = 800,
                   scale: str = "万元") -> go.Figure:
    """The ranking as a horizontal bar chart (plotly Figure, `width` x `height` px): the home county
    highlighted, unreported units left out, value labels in their own column, the footnote (source, as-of, demo).
    """
    shown = r.rows["measure"].notna().to_numpy()
    rows = r.rows[shown]
    values = figures_shown(r, scale)[shown]
    names = rows["name" if lang == "zh" else "name_en"].tolist()
    colors = [HOME_COLOR if h else OTHER_COLOR for h in rows["is_home"]]
    unit = value_unit(r, scale)
    measure = measure_of(r, lang)
    texts = [figure_text(r, v, scale) for v in values]
    # value labels in a column right of the plot, one per row: a negative bar's label never lands on the
    # region name, a long bar's never on the frame
    fig = go.Figure(go.Bar(
        x=values, y=names, orientation="h", marker={"color": colors, "line": {"width": 0}},
        text=texts, textposition="none", hoverinfo="skip"))
    value_labels = [{"x": 1, "xref": "paper", "xanchor": "left", "xshift": 8, "y": i, "yref": "y", "text": txt,
                     "showarrow": False, "font": {"size": 14, "color": HOME_COLOR if home else TEXT_COLOR}}
                    for i, (txt, home) in enumerate(zip(texts, rows["is_home"]))]
    right = int(max([text_width(txt, 14) for txt in texts] or [0]) + 30)
    foot = footnote_lines(r, meta, lang)
    bottom = BOTTOM + NOTE_LINE * (len(foot) - 1)  # one more line of margin per note
    annotations = value_labels + [{"text": "<br>".join(foot), "xref": "paper", "yref": "paper", "x": 0,
                    # at the foot of the image, under the axis title (paper units: the plot's height)
                    "y": -(bottom - 6) / max(height - TOP - bottom, 1), "xanchor": "left", "yanchor": "bottom",
                    "showarrow": False, "align": "left",
                    "font": {"size": 12, "color": "#666666"}}]
    if meta.is_demo:
        annotations.append({"text": f"<b>{demo_label(lang)}</b>", "xref": "paper", "yref": "paper", "x": 1,
                            "y": 1.08, "xanchor": "right", "yanchor": "bottom", "showarrow": False,
                            "font": {"size": 16, "color": "#FFFFFF"}, "bgcolor": DEMO_COLOR, "borderpad": 4})
    fig.update_layout(
        title={"text": title(r, lang), "x": 0.02, "font": {"size": 22}},
        font={"family": FONT_FAMILY, "color": TEXT_COLOR, "size": 14},
        width=width, height=height, plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
        margin={"l": 110, "r": max(right, 60), "t": TOP, "b": bottom}, showlegend=False, annotations=annotations,
        xaxis={"title": {"text": label("chart.axis", lang, measure=measure, unit=unit)}, "gridcolor": "#EEEEEE",
               "zerolinecolor": "#BBBBBB", "tickformat": ",~r" if lang == "en" else "~r",
               "exponentformat": "none"},  # plain numbers in the axis unit (万元/亿元), never "10k"
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return fig
