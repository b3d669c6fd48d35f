"""The ranking of the home county's comparison group for one indicator, period and measure.

Read from the analysis snapshot (ranks, 同比 and shares come from the engine); this module only
picks the rows, orders them and names them, for the chart and the deck.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.catalogue import load_indicators
from data.errors import UserError
from indicators.pipeline import query_group, query_region

MEASURES = ("value", "yoy", "share")
MEASURE_ZH = {"value": "数值", "yoy": "同比增速", "share": "占全市比重"}
MEASURE_EN = {"value": "value", "yoy": "year-on-year change", "share": "share of city total"}


@dataclass(frozen=True)
class Ranking:
    indicator: dict  # catalogue row
    period: str
    measure: str
    column: str  # analysis column plotted
    unit: str  # unit of the plotted numbers
    rows: pd.DataFrame  # region, name, short_name, name_en, figure, rank, is_home; best first, missing last
    home: str
    home_row: dict  # the home county's analysis row (value, rank, group_size, yoy_pct, ...)
    group: str
    group_name: str

    @property
    def home_position(self) -> int | None:
        hit = self.rows.index[self.rows["is_home"]]
        return int(hit[0]) if len(hit) else None


def indicator_row(code: str) -> dict:
    cat = load_indicators().set_index("code")
    if code not in cat.index:
        raise UserError(f"未知的指标代码：{code}", f"Unknown indicator: {code}")
    return {"code": code, **cat.loc[code].to_dict()}


def latest_period(analysis: pd.DataFrame, home: str, codes: list[str]) -> str:
    """The latest year with a home-county figure for any of `codes`."""
    rows = query_region(analysis, home, codes)
    rows = rows[(rows["period_kind"] == "Y").to_numpy() & rows["value"].notna().to_numpy()]
    if rows.empty:
        raise UserError("本县暂无已发布的年度数据", "No published annual figures for the home region", status=404)
    return str(rows["period"].astype(str).max())


def build(snap, home: str, code: str, period: str, measure: str = "value",  # noqa: ANN001
          ytd: bool | None = None) -> Ranking:
    if measure not in MEASURES:
        raise UserError(f"measure 只能取 {'、'.join(MEASURES)}", f"measure must be one of {', '.join(MEASURES)}")
    ind = indicator_row(code)
    analysis = snap.analysis
    home_rows = query_region(analysis, home, [code], period)
    if home_rows.empty:
        raise UserError(f"{period} 没有本县的「{ind['name_zh']}」数据", f"No {code} figure for {period}", status=404)
    if ytd is None:  # quarterly flows: the 累计 figure is the one reported
        ytd = bool(home_rows["is_ytd"].any())
    home_rows = home_rows[(home_rows["is_ytd"] == ytd).to_numpy()]
    group = home_rows["group"].astype(object).iloc[0] if len(home_rows) else None
    if group is None or pd.isna(group):
        raise UserError("本县不在任何比较组中", "The home region is in no comparison group")
    rows = query_group(analysis, str(group), code, period, ytd)
    rows = rows[~rows["is_group_total"].to_numpy()]
    column, unit = _column(measure, ind)
    regions = snap.regions.set_index("code")
    reg = rows["region"].astype(str)
    out = pd.DataFrame({
        "region": reg.to_numpy(),
        "name": reg.map(regions["name"]).to_numpy(),
        "short_name": reg.map(regions["short_name"]).to_numpy(),
        "name_en": _english(reg, regions),
        "figure": rows[column].to_numpy(dtype=float, na_value=float("nan")),
        "rank": rows["rank"].to_numpy(dtype=float, na_value=float("nan")),
        "is_home": (reg == home).to_numpy(),
    })
    ascending = int(ind["polarity"]) < 0
    if measure == "value":  # the engine's rank, ties included
        out = out.sort_values(["rank", "region"], na_position="last")
    else:
        out = out.sort_values("figure", ascending=ascending, na_position="last", kind="stable")
    home_row = home_rows.iloc[0].to_dict()
    group_name = regions["name"].get(str(group), str(group))
    return Ranking(ind, period, measure, column, unit, out.reset_index(drop=True), home, home_row,
                   str(group), group_name)


def _english(codes: pd.Series, regions: pd.DataFrame):
    """English names ("Qinghe County") of the codes; the Chinese name where the store has none."""
    en = regions["name_en"] if "name_en" in regions.columns else pd.Series(dtype=object)
    return [e if isinstance(e, str) and e else n
            for e, n in zip(codes.map(en), codes.map(regions["name"]))]


def _column(measure: str, ind: dict) -> tuple[str, str]:
    if measure == "value":
        return "value", ind["unit"]
    if measure == "share":
        return "share_pct", "%"
    return ("yoy_pp", "百分点") if ind["kind"] == "ratio" else ("yoy_pct", "%")
