"""Selections from the current snapshot shared by the pages. Read at render time, never at import."""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from data.catalogue import load_indicators
from figures import ranking as fr
from indicators import formatting as fmt
from indicators.conventions import MONEY_UNITS
from indicators.pipeline import query_group, query_region
from layouts.memo import per_version
from server import context

if TYPE_CHECKING:
    from collections.abc import Mapping
    from data.snapshot import Snapshot
    import numpy as np
    from datetime import datetime

SCALES = {"wan": "万元", "yi": "亿元"}
MONEY = MONEY_UNITS


def snapshot(as_of: datetime | None = None):
    """The analysis snapshot (data.snapshot.Snapshot) of the current app, as published at `as_of` if given."""
    return context.snapshot(as_of=as_of)


def catalogue() -> pd.DataFrame:
    """The indicator catalogue (data.catalogue INDICATOR_COLUMNS) indexed by code."""
    return load_indicators().set_index("code", drop=False)


def meta(indicator: str) -> dict:
    """One catalogue entry as a dict (the catalogue file is static: read once per process by data.catalogue)."""
    from data.catalogue import _indicator_records

    for rec in _indicator_records():
        if rec["code"] == indicator:
            return rec
    raise KeyError(indicator)


def regions(snap: Snapshot | None = None) -> pd.DataFrame:
    """The store's regions (a national database carries its own), shaped like catalogue.load_regions()."""
    return (snap or snapshot()).regions


def region_table(snap: Snapshot | None = None) -> pd.DataFrame:
    """The regions of the snapshot (data.catalogue REGION_COLUMNS) indexed by code."""
    return regions(snap).set_index("code", drop=False)


def home() -> str:
    """The home county's GB/T 2260 code (the HOME_REGION setting)."""
    return context.settings().home_region


@per_version
def group_of(region: str | None = None, snap: Snapshot | None = None) -> str:
    """The comparison group (a city code): GROUP_CITY for the home county, else the region's parent."""
    s = context.settings()
    if s.group_city and region in (None, s.home_region):
        return s.group_city
    r = regions(snap)
    code = region or s.home_region
    parent = r.loc[r["code"] == code, "parent"]
    return str(parent.iloc[0]) if len(parent) and parent.iloc[0] else ""


@per_version
def members(group: str, snap: Snapshot | None = None) -> list[str]:
    """Ranked county-level units of a group, in catalogue order."""
    r = regions(snap)
    sel = r[(r["parent"] == group).to_numpy() & r["in_rankings"].to_numpy() & (r["level"] == "county").to_numpy()]
    return list(sel["code"])


@per_version
def devzones(group: str, snap: Snapshot | None = None) -> list[str]:
    """Codes of the development zones of city `group` (reported, never ranked)."""
    r = regions(snap)
    return list(r.loc[(r["parent"] == group) & (r["level"] == "devzone"), "code"])


def region_name(code: str, short: bool = False, snap: Snapshot | None = None, lang: str = "zh") -> str:
    """A region's name in `lang` (short form for charts); the code itself when unknown."""
    return region_names(short, snap, lang).get(code, code)


@per_version
def region_names(short: bool = False, snap: Snapshot | None = None, lang: str = "zh") -> dict[str, str]:
    """code -> name in the page language (figures.ranking.region_names, the one rule), memoised. Read-only."""
    return fr.region_names(regions(snap), lang, short)


def indicator_name(code: str, lang: str, short: bool = False) -> str:
    """An indicator's name in `lang` (short form for charts); the code itself when unknown."""
    try:
        row = meta(code)
    except KeyError:
        return code
    if lang == "en":
        return row["name_en"]
    return row["short_zh"] if short else row["name_zh"]


def indicator_options(lang: str, only: list[str] | None = None) -> list[dict]:
    """Dropdown options ``[{value: code, label: name}]`` for the catalogue (or the `only` codes)."""
    cat = load_indicators()
    if only is not None:
        cat = cat[cat["code"].isin(only)]
    return [{"value": r.code, "label": r.name_en if lang == "en" else r.name_zh} for r in cat.itertuples()]


def key_indicators() -> list[str]:
    """Codes of the indicators marked ``key`` in the catalogue (the overview's), in catalogue order."""
    cat = load_indicators()
    return list(cat.loc[cat["key"], "code"])


def valid_indicator(code: str | None, default: str | None = None) -> str:
    """`code` when it is in the catalogue, else `default` or the first key indicator."""
    if code in set(load_indicators()["code"]):
        return code
    return default or key_indicators()[0]


def group_rows(indicator: str, period: str | None = None, is_ytd: bool | None = None,
               group: str | None = None, snap: Snapshot | None = None) -> pd.DataFrame:
    """Analysis rows (indicators.pipeline columns) of one indicator for the comparison group's units."""
    snap = snap or snapshot()
    return query_group(snap.analysis, group or group_of(snap=snap), indicator, period=period, is_ytd=is_ytd)


def region_rows(region: str, indicators: list[str] | None = None, snap: Snapshot | None = None) -> pd.DataFrame:
    """Analysis rows (indicators.pipeline columns) of one region, for `indicators` or all."""
    snap = snap or snapshot()
    return query_region(snap.analysis, region, indicators=indicators)


def periods_of(rows: pd.DataFrame, kind: str = "Y", is_ytd: bool | None = None) -> list[str]:
    """Periods with at least one figure, oldest first."""
    sel = rows[(rows["period_kind"] == kind).to_numpy() & rows["value"].notna().to_numpy()]
    if is_ytd is not None:
        sel = sel[(sel["is_ytd"] == is_ytd).to_numpy()]
    return sorted(map(str, pd.unique(sel["period"].astype(str))))


def scale_of(unit_param: str | None) -> str:
    """The money unit chosen by ``?unit=`` (wan → 万元, yi → 亿元); 万元 by default."""
    return SCALES.get(unit_param or "", "万元")


def display_unit(unit: str, scale: str) -> str:
    """The unit a figure is shown in: money follows the 万元/亿元 switch."""
    return scale if unit in MONEY else unit


def to_display(values: float | None | np.ndarray | pd.Series, unit: str, scale: str):
    """Numbers in the display unit (for chart axes and tables)."""
    import numpy as np

    arr = np.asarray(values, dtype=float)
    return fmt.convert_amount(arr, unit, scale) if unit in MONEY else arr


def change_of(row: Mapping, kind: str):
    """The 同比 figure in the indicator's convention: 百分点 for ratios, % otherwise."""
    return row["yoy_pp"] if kind == "ratio" else row["yoy_pct"]


def change_column(kind: str) -> str:
    """The analysis column holding 同比: yoy_pp (百分点) for ratios, yoy_pct (%) otherwise."""
    return "yoy_pp" if kind == "ratio" else "yoy_pct"


def value_text(value: float | None, indicator: str, scale: str, lang: str) -> str:
    """A figure with its unit, money in the 万元/亿元 the user chose (catalogue decimals are for 万元)."""
    row = meta(indicator)
    unit = str(row["unit"])
    if unit in MONEY:
        return fmt.format_value(value, unit, int(row["decimals"]) if scale == "万元" else None, scale=scale, lang=lang)
    return fmt.format_value(value, unit, int(row["decimals"]), lang=lang)


def number_text(value: float | None, indicator: str, scale: str, lang: str) -> str:
    """A bare number in the display unit (chart labels; the unit is on the axis)."""
    row = meta(indicator)
    unit = str(row["unit"])
    decimals = int(row["decimals"]) if not (unit in MONEY and scale == "亿元") else 2
    return fmt.format_number(to_display(value, unit, scale), decimals, lang)


def change_text(row: Mapping, indicator: str, lang: str) -> str:
    """The row's 同比 formatted for the indicator's kind (% or 百分点) in `lang`."""
    kind = str(meta(indicator)["kind"])
    return fmt.format_change(change_of(row, kind), kind, lang=lang)
