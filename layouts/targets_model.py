"""目标任务 selections: the latest cumulative figure of a target year against its target (indicators.targets)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from figures.targets import latest_actuals, progress
from indicators.pipeline import query_group, query_region
from layouts import model

if TYPE_CHECKING:
    from data.snapshot import Snapshot


def years(snap: Snapshot) -> list[int]:
    """The years with targets in `snap`, latest first."""
    return sorted({int(y) for y in snap.targets["year"]}, reverse=True)


def home_progress(year: int, snap: Snapshot) -> pd.DataFrame:
    """The home county's progress on each target of `year` (figures.targets.progress columns),
    in catalogue order.
    """
    home = model.home()
    tg = snap.targets[(snap.targets["region"] == home).to_numpy() & (snap.targets["year"] == year).to_numpy()]
    if tg.empty:
        return progress(snap, pd.DataFrame(columns=["indicator", "region", "period", "value"]), tg)
    rows = query_region(snap.analysis, home, list(dict.fromkeys(tg["indicator"].astype(str))))
    out = progress(snap, latest_actuals(rows, tg), tg)
    order = {c: i for i, c in enumerate(model.catalogue().index)}
    return out.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)


def group_indicators(year: int, snap: Snapshot) -> list[str]:
    """Indicators with targets for more than one county of the group in the year."""
    group = model.group_of(snap=snap)
    members = set(model.members(group, snap=snap))
    tg = snap.targets[(snap.targets["year"] == year).to_numpy() & snap.targets["region"].isin(members).to_numpy()]
    counts = tg.groupby("indicator")["region"].nunique()
    return [c for c in model.catalogue().index if counts.get(c, 0) > 1]


def group_progress(indicator: str, year: int, snap: Snapshot) -> pd.DataFrame:
    """The group members' progress on `indicator`'s targets of `year`, best completion first."""
    group = model.group_of(snap=snap)
    tg = snap.targets[(snap.targets["indicator"] == indicator).to_numpy() & (snap.targets["year"] == year).to_numpy()]
    rows = query_group(snap.analysis, group, indicator)
    out = progress(snap, latest_actuals(rows, tg), tg)
    members = model.members(group, snap=snap)
    out = out[out["region"].isin(members).to_numpy()]
    return out.sort_values("completion_pct", ascending=False, na_position="last").reset_index(drop=True)
