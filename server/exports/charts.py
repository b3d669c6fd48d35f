"""The ranking chart: sorted horizontal bars of the comparison group, the home county highlighted."""
from __future__ import annotations

import plotly.graph_objects as go

from figures.ranking import MEASURE_EN, MEASURE_ZH, Ranking
from indicators.formatting import convert_amount, format_change, format_number, format_pct
from server.exports.labels import demo_label, label, period_name
from server.exports.renderer import FONT_FAMILY

HOME_COLOR = "#D7261E"  # the highlight; no other element of the chart uses it
OTHER_COLOR = "#8FA3B8"
DEMO_COLOR = "#E8590C"
TEXT_COLOR = "#333333"


MONEY = ("元", "万元", "亿元")


def value_unit(r: Ranking, scale: str) -> str:
    """The unit the chart shows: money follows the 万元/亿元 choice (?unit=yi)."""
    return scale if r.measure == "value" and r.unit in MONEY else r.unit


def figures_shown(r: Ranking, scale: str = "万元"):  # noqa: ANN201
    """The plotted numbers in the shown unit (money converted to 亿元 when chosen)."""
    v = r.rows["measure"].to_numpy(dtype=float)
    return convert_amount(v, r.unit, scale) if r.measure == "value" and r.unit in MONEY else v


def figure_text(r: Ranking, v: float, scale: str = "万元") -> str:
    if r.measure == "value":
        money_yi = r.unit in MONEY and scale == "亿元"
        return format_number(v, 2 if money_yi else int(r.indicator["decimals"]))
    if r.measure == "yoy":
        return format_change(v, r.indicator["kind"])
    return format_pct(v)


def name_of(r: Ranking, lang: str) -> str:
    return r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"]


def period_of(r: Ranking, lang: str) -> str:
    """The period as officials write it ("2026年1—3季度", "2026年三季度末"), through the one label function."""
    return period_name(r.period, lang, r.is_ytd, stock=not bool(r.indicator["cumulative"]))


def title(r: Ranking, lang: str) -> str:
    measure = "" if r.measure == "value" else (MEASURE_ZH if lang == "zh" else MEASURE_EN)[r.measure]
    return label("chart.title_p", lang, period=period_of(r, lang), name=name_of(r, lang),
                 measure=measure).replace("  ", " ")


def footnote(r: Ranking, meta, lang: str) -> str:  # noqa: ANN001
    """Source, as-of moment and the home county's 位次 on the ranked measure (figures.ranking: the same rank
    the page shows; "已报 n/N，暂不排名" when the group is incomplete) — the line under every chart and slide."""
    names = r.rows.loc[r.rows["is_home"], "name"]
    measure = (MEASURE_ZH if lang == "zh" else MEASURE_EN)[r.measure]
    parts = [label("footnote", lang, source=r.indicator["source"], as_of=meta.as_of_text(), version=meta.version),
             label("footnote.rank", lang, home=names.iloc[0] if len(names) else r.home, measure=measure,
                   rank=r.rank_text(lang=lang))]
    missing = int(r.rows["measure"].isna().sum())
    if missing:
        parts.append(label("footnote.missing", lang, n=missing))
    return ("" if lang == "zh" else " ").join(parts)


def ranking_figure(r: Ranking, meta, lang: str = "zh", width: int = 1200, height: int = 800,  # noqa: ANN001
                   scale: str = "万元") -> go.Figure:
    shown = r.rows["measure"].notna().to_numpy()
    rows = r.rows[shown]
    values = figures_shown(r, scale)[shown]
    names = rows["name"].tolist() if lang == "zh" else rows["region"].tolist()
    colors = [HOME_COLOR if h else OTHER_COLOR for h in rows["is_home"]]
    unit = value_unit(r, scale)
    measure = (MEASURE_ZH if lang == "zh" else MEASURE_EN)[r.measure]
    fig = go.Figure(go.Bar(
        x=values, y=names, orientation="h", marker={"color": colors, "line": {"width": 0}},
        text=[figure_text(r, v, scale) for v in values], textposition="outside", cliponaxis=False,
        textfont={"color": TEXT_COLOR, "size": 14}))
    annotations = [{"text": footnote(r, meta, lang), "xref": "paper", "yref": "paper", "x": 0, "y": -0.07,
                    "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
                    "font": {"size": 12, "color": "#666666"}}]
    if meta.is_demo:
        annotations.append({"text": f"<b>{demo_label(lang)}</b>", "xref": "paper", "yref": "paper", "x": 1,
                            "y": 1.08, "xanchor": "right", "yanchor": "bottom", "showarrow": False,
                            "font": {"size": 16, "color": "#FFFFFF"}, "bgcolor": DEMO_COLOR, "borderpad": 4})
    fig.update_layout(
        title={"text": title(r, lang), "x": 0.02, "font": {"size": 22}},
        font={"family": FONT_FAMILY, "color": TEXT_COLOR, "size": 14},
        width=width, height=height, plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
        margin={"l": 110, "r": 90, "t": 90, "b": 90}, showlegend=False, annotations=annotations,
        xaxis={"title": {"text": label("chart.axis", lang, measure=measure, unit=unit)}, "gridcolor": "#EEEEEE",
               "zerolinecolor": "#BBBBBB", "tickformat": ",~r" if lang == "en" else "~r",
               "exponentformat": "none"},  # plain numbers in the axis unit (万元/亿元), never "10k"
        yaxis={"autorange": "reversed", "type": "category"},
    )
    return fig
