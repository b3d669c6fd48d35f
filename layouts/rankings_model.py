"""全市排名 selections for the pages: memoised readers of the one ranking in `figures.ranking` (this module
ranks nothing itself). The group's counties on a measure (总量, 同比, 占比, 完成率), rank moves, bump series,
the completeness state (已报 n/N) and the meeting sentence."""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from figures import ranking as fr
from figures.sentences import ranking_sentence
from layouts import model
from layouts.memo import per_version

if TYPE_CHECKING:
    from data.snapshot import Snapshot

MEASURES = fr.MEASURES


def measure_column(indicator: str, measure: str) -> str:
    """The analysis column holding `measure` of `indicator` (figures.ranking.measure_column)."""
    return fr.measure_column(fr.indicator_row(indicator), measure)


def chosen(query: dict, snap: Snapshot) -> tuple[str, list[str], str]:
    """(indicator, its periods for the home group, period) from a page's URL query: an unknown indicator
    falls back to the default; a period not offered (rolled back) by figures.ranking.link_period (the overview's rule:
    the newest offered period ending by it), else the latest year with a home figure (else the newest)."""
    indicator = model.valid_indicator(query.get("indicator"))
    options = periods(indicator, snap, model.group_of(snap=snap))
    if query.get("period") in options:
        return indicator, options, query["period"]
    latest = fr.latest_period(snap, model.home(), [indicator])
    default = latest if latest in options else \
        next((p for p in options if len(p) == 4), options[0] if options else "")
    return indicator, options, fr.link_period(query.get("period"), options, default) or ""


def within_of(query: dict) -> bool:
    """The reader chose "在已报单位中排名" (?within=1)."""
    return query.get("within") in ("1", "true", True)


@per_version
def periods(indicator: str, snap: Snapshot, group: str) -> list[str]:
    """Periods with figures for the group, newest first: years, then quarters (累计 / period-end)."""
    return fr.periods(snap, indicator, group)


@per_version
def result(indicator: str, period: str, measure: str, snap: Snapshot, group: str | None = None,
           within: bool = False) -> fr.Ranking:
    """The figures.ranking.Ranking (read-only: memoised per data version)."""
    return fr.ranking(snap, indicator, period, measure, home=model.home(), group=group or model.group_of(snap=snap),
                      within_reported=within)


def ranking(indicator: str, period: str, measure: str, snap: Snapshot, group: str | None = None,
            within: bool = False) -> pd.DataFrame:
    """The ranking's rows (figures.ranking.ROW_COLUMNS), best first. Read-only (derive with .assign)."""
    return result(indicator, period, measure, snap, group, within).rows


@per_version
def bump(indicator: str, measure: str, snap: Snapshot, group: str | None = None, years: int = 6,
         within: bool = False) -> tuple[list[str], pd.DataFrame]:
    """Annual ranks of every county over the last `years` years (wide: region x period)."""
    return fr.history(snap, indicator, measure, home=model.home(), group=group or model.group_of(snap=snap),
                      years=years, within_reported=within)


def slide_period(indicator: str, wanted: str, snap: Snapshot, group: str) -> str | None:
    """The wanted period when the indicator has it, else its latest year (meeting mode mixes indicators)."""
    available = periods(indicator, snap, group)
    if wanted in available:
        return wanted
    years = [p for p in available if len(p) == 4]
    return years[0] if years else (available[0] if available else None)


@per_version
def sentence(indicator: str, period: str, lang: str, snap: Snapshot, measure: str = "value",
             within: bool = False) -> str:
    """The home county's meeting sentence, from the same ranking the chart shows."""
    return ranking_sentence(result(indicator, period, measure, snap, None, within), snap.regions, lang)


@per_version
def is_preliminary(indicator: str, period: str, snap: Snapshot) -> bool:
    """The home county's figure for the period is 快报."""
    rows = model.region_rows(model.home(), [indicator], snap=snap)
    rows = rows[(rows["period"] == period).to_numpy() & ~rows["derived_from_ytd"].to_numpy()]
    return bool((rows["status"].astype(str) == "preliminary").any())
