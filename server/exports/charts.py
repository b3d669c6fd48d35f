"""The ranking chart: sorted horizontal bars of the comparison group, the home county highlighted."""
from __future__ import annotations

import plotly.graph_objects as go

from indicators.formatting import format_change, format_number, format_pct, format_rank
from layouts.charts import text_width
from layouts.i18n import source_text
from server.exports.labels import demo_label, label
from server.exports.ranking import MEASURE_EN, MEASURE_ZH, Ranking
from server.exports.renderer import FONT_FAMILY

HOME_COLOR = "#D7261E"  # the highlight; no other element of the chart uses it
OTHER_COLOR = "#8FA3B8"
DEMO_COLOR = "#E8590C"
TEXT_COLOR = "#333333"
TOP, BOTTOM = 90, 104  # margins (px): title and demo label above; ticks, axis title and footnote below


def figure_text(r: Ranking, v: float) -> str:
    if r.measure == "value":
        return format_number(v, int(r.indicator["decimals"]))
    if r.measure == "yoy":
        return format_change(v, r.indicator["kind"])
    return format_pct(v)


def name_of(r: Ranking, lang: str) -> str:
    return r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"]


def title(r: Ranking, lang: str) -> str:
    measure = "" if r.measure == "value" else (MEASURE_ZH if lang == "zh" else MEASURE_EN)[r.measure]
    return label("chart.title", lang, period=r.period, name=name_of(r, lang), measure=measure).replace("  ", " ")


def footnote(r: Ranking, meta, lang: str) -> str:  # noqa: ANN001
    """Source, as-of moment and the home county's 位次 — the line under every chart and slide."""
    home = r.home_row
    rank = format_rank(home.get("rank"), home.get("group_size"), bool(home.get("tied")), lang=lang)
    names = r.rows.loc[r.rows["is_home"], "name" if lang == "zh" else "name_en"]
    parts = [label("footnote", lang, source=source_text(r.indicator["source"], lang), as_of=meta.as_of_text(), version=meta.version),
             label("footnote.home", lang, home=names.iloc[0] if len(names) else r.home, rank=rank)]
    missing = int(r.rows["figure"].isna().sum())
    if missing:
        parts.append(label("footnote.missing", lang, n=missing))
    return ("" if lang == "zh" else " ").join(parts)


def ranking_figure(r: Ranking, meta, lang: str = "zh", width: int = 1200, height: int = 800) -> go.Figure:  # noqa: ANN001
    rows = r.rows[r.rows["figure"].notna()]
    names = rows["name" if lang == "zh" else "name_en"].tolist()
    colors = [HOME_COLOR if h else OTHER_COLOR for h in rows["is_home"]]
    unit = r.unit
    measure = (MEASURE_ZH if lang == "zh" else MEASURE_EN)[r.measure]
    texts = [figure_text(r, v) for v in rows["figure"]]
    # value labels in a column right of the plot, one per row: a negative bar's label never lands on the
    # region name, a long bar's never on the frame
    fig = go.Figure(go.Bar(
        x=rows["figure"], y=names, orientation="h", marker={"color": colors, "line": {"width": 0}},
        text=texts, textposition="none", hoverinfo="skip"))
    values = [{"x": 1, "xref": "paper", "xanchor": "left", "xshift": 8, "y": i, "yref": "y", "text": txt,
               "showarrow": False, "font": {"size": 14, "color": HOME_COLOR if home else TEXT_COLOR}}
              for i, (txt, home) in enumerate(zip(texts, rows["is_home"]))]
    right = int(max([text_width(t, 14) for t in texts] or [0]) + 30)
    annotations = values + [{"text": footnote(r, meta, lang), "xref": "paper", "yref": "paper", "x": 0,
                    # at the foot of the image, under the axis title (paper units: the plot's height)
                    "y": -(BOTTOM - 6) / max(height - TOP - BOTTOM, 1), "xanchor": "left", "yanchor": "bottom", "showarrow": False, "align": "left",
                    "font": {"size": 12, "color": "#666666"}}]
    if meta.is_demo:
        annotations.append({"text": f"<b>{demo_label(lang)}</b>", "xref": "paper", "yref": "paper", "x": 1,
                            "y": 1.08, "xanchor": "right", "yanchor": "bottom", "showarrow": False,
                            "font": {"size": 16, "color": "#FFFFFF"}, "bgcolor": DEMO_COLOR, "borderpad": 4})
    fig.update_layout(
        title={"text": title(r, lang), "x": 0.02, "font": {"size": 22}},
        font={"family": FONT_FAMILY, "color": TEXT_COLOR, "size": 14},
        width=width, height=height, plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
        margin={"l": 110, "r": max(right, 60), "t": TOP, "b": BOTTOM}, showlegend=False, annotations=annotations,
        xaxis={"title": {"text": label("chart.axis", lang, measure=measure, unit=unit)}, "gridcolor": "#EEEEEE",
               "zerolinecolor": "#BBBBBB"},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return fig
