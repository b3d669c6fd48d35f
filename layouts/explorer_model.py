"""数据查询 selections: published observations (now, or as published on a date) with their flags."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from data import store
from data.db import reading
from indicators.conventions import end_of_day
from layouts import model
from server.context import engine

MAX_ROWS = 20_000


def as_of_moment(day: str | None) -> datetime | None:
    """"As published on D" (``YYYY-MM-DD…``): the end of day D in China Standard Time; None when not a date."""
    if not day:
        return None
    try:
        return end_of_day(date.fromisoformat(str(day)[:10]))
    except ValueError:
        return None


def observations(indicators: list[str], regions: list[str], kind: str | None, as_of: datetime | None,
                 snap) -> pd.DataFrame:  # noqa: ANN001
    """Published rows for the filters; as_of reads what was published then (the store keeps every revision)."""
    if as_of is not None:
        with reading(engine()) as conn:
            obs = store.published_observations(conn, as_of=as_of, indicators=indicators or None,
                                               regions=regions or None)
    else:
        obs = snap.observations
        mask = pd.Series(True, index=obs.index)
        if indicators:
            mask &= obs["indicator"].isin(indicators)
        if regions:
            mask &= obs["region"].isin(regions)
        obs = obs[mask.to_numpy()]
    if kind in ("Y", "Q", "M"):
        obs = obs[(obs["period_kind"] == kind).to_numpy()]
    order = {c: i for i, c in enumerate(model.catalogue().index)}
    obs = obs.assign(_o=obs["indicator"].map(order)).sort_values(["_o", "region", "period_kind", "is_ytd", "period"])
    return with_breaks(obs.drop(columns="_o").head(MAX_ROWS), snap.annotations)


def with_breaks(obs: pd.DataFrame, annotations: pd.DataFrame) -> pd.DataFrame:
    """Adds `break_text`: the 口径调整 note of a series break at the row's year (region-specific or for all)."""
    brk = annotations[(annotations["kind"] == "series_break").fillna(False).to_numpy()]
    if brk.empty or obs.empty:
        return obs.assign(break_text="")
    year = obs["period"].astype(str).str[:4]
    texts = []
    specific = {(a.indicator, a.region, str(a.period)[:4]): a.text for a in brk.itertuples() if isinstance(a.region, str)}
    general = {(a.indicator, str(a.period)[:4]): a.text for a in brk.itertuples() if not isinstance(a.region, str)}
    for ind, reg, y in zip(obs["indicator"], obs["region"], year):
        texts.append(specific.get((ind, reg, y)) or general.get((ind, y)) or "")
    return obs.assign(break_text=texts)


def region_choices(snap) -> list[str]:  # noqa: ANN001
    """The group's counties, the city itself and its development zones (the home county first)."""
    group = model.group_of(snap=snap)
    home = model.home()
    codes = [home] + [c for c in model.members(group, snap=snap) if c != home] + [group] + \
        model.devzones(group, snap=snap)
    return list(dict.fromkeys(c for c in codes if c))
