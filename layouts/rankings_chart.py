"""The 全市排名 bar chart and the labels around it, shared by the rankings page and its meeting mode.

`ranking_figure` takes a figures.ranking.Ranking and returns a Plotly figure dict; `period_label` the period as
leaders read it (2026年1—3季度).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from figures import ranking as fr
from indicators import formatting as fmt
from layouts import model
from plots import charts
from texts.i18n import t, unit_label

if TYPE_CHECKING:
    from figures.ranking import Ranking
    import pandas as pd


def period_label(period: str, indicator: str, lang: str) -> str:
    """"2026年1—3季度" for flows and ratios of flows (累计), "2026年三季度末" for stocks and ratios of stocks
    (期末数), "2025年" for years: figures.ranking.period_label, the label of the exports and the API."""
    return fr.period_label(model.meta(indicator), period, lang)


def measure_texts(frame: pd.DataFrame, indicator: str, measure: str, scale: str, lang: str) -> list[str]:
    """The bar labels of a ranking frame: 同比 as % or 百分点, shares and completion as %, 总量 with its
    unit in the display scale.
    """
    kind = str(model.meta(indicator)["kind"])
    if measure == "yoy":
        return [fmt.format_change(v, kind, lang=lang) for v in frame["measure"]]
    if measure in ("share", "completion"):
        return [fmt.format_pct(v, lang=lang) for v in frame["measure"]]
    return [model.value_text(v, indicator, scale, lang) for v in frame["value"]]


def measure_unit(indicator: str, measure: str, scale: str, lang: str) -> str:
    """The axis unit of the measure: 百分点 or % for 同比, % for shares and completion, else the display unit."""
    meta = model.meta(indicator)
    if measure == "yoy":
        return t("unit.pp", lang) if meta["kind"] == "ratio" else t("unit.pct", lang)
    if measure in ("share", "completion"):
        return t("unit.pct", lang)
    return unit_label(model.display_unit(str(meta["unit"]), scale), lang)


def ranking_figure(result: Ranking, scale: str, lang: str, font_size: int = 14) -> dict:
    """Bars of the units with a figure of a figures.ranking.Ranking, best first. Rank numbers only when a rank
    is published (figures' completeness rule); the average line covers the reporting units and is labelled
    accordingly; the state ("已报 n/N，暂不排名") stands where ranks would."""
    indicator, measure = str(result.indicator["code"]), result.measure
    meta = model.meta(indicator)
    shown = result.rows[result.rows["measure"].notna().to_numpy()]
    # bare numbers beside the bars: the unit is on the axis title
    texts = [model.number_text(v, indicator, scale, lang) for v in shown["value"]] if measure == "value" \
        else measure_texts(shown, indicator, measure, scale, lang)
    labels = [f"{txt}  {t('rank.tied', lang)}" if tied else txt for txt, tied in zip(texts, shown["tied"])]
    values = shown["measure"].to_numpy(dtype=float)
    avg = result.average()
    if measure == "value":
        values = model.to_display(values, str(meta["unit"]), scale)
        avg = None if avg is None else float(model.to_display([avg], str(meta["unit"]), scale)[0])
    title = t("fmt.axis", lang, name=t(f"measure.{measure}", lang), unit=measure_unit(indicator, measure, scale, lang))
    fig = charts.ranking(result.bar_names(shown, lang), list(values), labels, list(shown["is_home"]), title, avg,
                         result.average_label(lang), font_size=font_size)
    state = result.state_text(lang)
    if state:  # incomplete reporting: the state stands where ranks would
        fig["layout"].setdefault("annotations", []).append(
            {"text": state, "xref": "paper", "yref": "paper", "x": 1, "y": 1.0, "xanchor": "right",
             "yanchor": "bottom", "showarrow": False, "font": {"size": font_size, "color": "#c92a2a"},
             "name": "completeness"})
    return fig
