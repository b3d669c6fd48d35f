"""目标任务 selections: one period for every row, the overview's (figures.ranking.default_period through
layouts.overview_model) unless the reader picks another; each target is set against the figure of that period
(figures.targets.ranking_actuals: the value ranking's figure, what the overview card of that period shows), so
the page's 完成率 is the overview's, the deck's and the brief's for the same period."""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from figures.targets import progress, ranking_actuals
from layouts import model
from layouts import overview_model as om
from layouts import rankings_model as rm

if TYPE_CHECKING:
    from data.snapshot import Snapshot


def years(snap: Snapshot) -> list[int]:
    """The years with targets in `snap`, latest first."""
    return sorted({int(y) for y in snap.targets["year"]}, reverse=True)


def periods(snap: Snapshot) -> list[str]:
    """The periods the page offers, newest first: the overview's (layouts.overview_model.periods) of a year with
    targets."""
    with_targets = set(years(snap))
    return [p for p in om.periods(snap) if int(p[:4]) in with_targets]


def chosen_period(query_period: str | None, query_year: object, snap: Snapshot) -> tuple[str | None, list[str]]:
    """(the period shown, the periods offered). The asked period when offered; else, for an asked year (the
    older `?year=` links), the overview's default period when it is of that year, the year's annual figure, or
    the year's newest period; else the overview's default period (figures.ranking.default_period) when a target
    of its year exists; else the newest offered. One period for every row of the page."""
    options = periods(snap)
    if query_period in options:
        return str(query_period), options
    default = om.default(snap)
    year = str(query_year) if str(query_year or "").isdigit() else None
    if year is not None:
        mine = [p for p in options if p[:4] == year]
        if mine:
            if default in mine:
                return default, options
            return (year if year in mine else mine[0]), options
    if default in options:
        return default, options
    return (options[0] if options else None), options


def _frame(snap: Snapshot, tg: pd.DataFrame, period: str, regions: list[str] | None) -> pd.DataFrame:
    """figures.targets.progress of the targets `tg` against the figures of `period` (ranking_actuals)."""
    codes = list(dict.fromkeys(tg["indicator"].astype(str)))
    parts = [ranking_actuals(rm.result(c, period, "value", snap), regions) for c in codes]
    actuals = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["indicator", "region", "period", "value"])
    keys = set(zip(tg["indicator"].astype(str), tg["region"].astype(str)))
    actuals = actuals[[k in keys for k in zip(actuals["indicator"], actuals["region"])]]
    return progress(snap, actuals, tg)


def home_progress(period: str, snap: Snapshot) -> pd.DataFrame:
    """The home county's progress on each target of `period`'s year against the figures of `period`
    (figures.targets.progress columns; a target without a figure of the period: reason missing_value), in
    catalogue order."""
    home = model.home()
    year = int(str(period)[:4])
    tg = snap.targets[(snap.targets["region"] == home).to_numpy() & (snap.targets["year"] == year).to_numpy()]
    out = _frame(snap, tg, str(period), [home])
    order = {c: i for i, c in enumerate(model.catalogue().index)}
    return out.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)


def group_indicators(year: int, snap: Snapshot) -> list[str]:
    """Indicators with targets for more than one county of the group in the year."""
    group = model.group_of(snap=snap)
    members = set(model.members(group, snap=snap))
    tg = snap.targets[(snap.targets["year"] == year).to_numpy() & snap.targets["region"].isin(members).to_numpy()]
    counts = tg.groupby("indicator")["region"].nunique()
    return [c for c in model.catalogue().index if counts.get(c, 0) > 1]


def group_progress(indicator: str, period: str, snap: Snapshot) -> pd.DataFrame:
    """The group members' progress on `indicator`'s targets of `period`'s year against the figures of `period`,
    best completion first."""
    group = model.group_of(snap=snap)
    year = int(str(period)[:4])
    members = model.members(group, snap=snap)
    tg = snap.targets[(snap.targets["indicator"] == indicator).to_numpy() & (snap.targets["year"] == year).to_numpy()
                      & snap.targets["region"].isin(members).to_numpy()]
    out = _frame(snap, tg, str(period), list(members))
    return out.sort_values("completion_pct", ascending=False, na_position="last").reset_index(drop=True)
