"""目标任务 selections: the latest cumulative figure of a target year against its target (indicators.targets)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.pipeline import query_group, query_region
from indicators.targets import target_progress
from layouts import model


def latest_actuals(rows: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Per (indicator, region) with a target: the latest figure of the target year that counts toward it —
    累计 for flows, the period-end stock otherwise, the annual figure once there is one."""
    if rows.empty or targets.empty:
        return pd.DataFrame(columns=["indicator", "region", "period", "value"])
    cumulative = rows["indicator"].astype(str).map(lambda c: bool(model.meta(c)["cumulative"])).to_numpy()
    ok = (~rows["derived_from_ytd"].to_numpy() & rows["value"].notna().to_numpy()
          & (~cumulative | rows["is_ytd"].to_numpy() | (rows["period_kind"] == "Y").to_numpy()))
    cand = rows[ok]
    keys = set(zip(targets["indicator"].astype(str), targets["region"].astype(str), targets["year"].astype(int)))
    hit = np.array([k in keys for k in zip(cand["indicator"].astype(str), cand["region"].astype(str),
                                            cand["year"].astype(int))], dtype=bool)
    cand = cand[hit]
    if cand.empty:
        return pd.DataFrame(columns=["indicator", "region", "period", "value"])
    kind = cand["period_kind"].astype(str).to_numpy()
    months = np.where(kind == "Y", 12, cand["sub"].to_numpy(dtype=int) * np.where(kind == "Q", 3, 1))
    best = (cand.assign(_m=months, _y=cand["year"].to_numpy())
            .sort_values(["indicator", "region", "_y", "_m"], kind="stable")
            .drop_duplicates(["indicator", "region", "_y"], keep="last"))
    return best[["indicator", "region", "period", "value"]].astype({"indicator": str, "region": str, "period": str})


def years(snap) -> list[int]:  # noqa: ANN001
    return sorted({int(y) for y in snap.targets["year"]}, reverse=True)


def home_progress(year: int, snap) -> pd.DataFrame:  # noqa: ANN001
    home = model.home()
    tg = snap.targets[(snap.targets["region"] == home).to_numpy() & (snap.targets["year"] == year).to_numpy()]
    if tg.empty:
        return target_progress(pd.DataFrame(columns=["indicator", "region", "period", "value"]), tg)
    rows = query_region(snap.analysis, home, list(dict.fromkeys(tg["indicator"].astype(str))))
    out = target_progress(latest_actuals(rows, tg), tg)
    order = {c: i for i, c in enumerate(model.catalogue().index)}
    return out.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)


def group_indicators(year: int, snap) -> list[str]:  # noqa: ANN001
    """Indicators with targets for more than one county of the group in the year."""
    group = model.group_of(snap=snap)
    members = set(model.members(group, snap=snap))
    tg = snap.targets[(snap.targets["year"] == year).to_numpy() & snap.targets["region"].isin(members).to_numpy()]
    counts = tg.groupby("indicator")["region"].nunique()
    return [c for c in model.catalogue().index if counts.get(c, 0) > 1]


def group_progress(indicator: str, year: int, snap) -> pd.DataFrame:  # noqa: ANN001
    group = model.group_of(snap=snap)
    tg = snap.targets[(snap.targets["indicator"] == indicator).to_numpy() & (snap.targets["year"] == year).to_numpy()]
    rows = query_group(snap.analysis, group, indicator)
    out = target_progress(latest_actuals(rows, tg), tg)
    members = model.members(group, snap=snap)
    out = out[out["region"].isin(members).to_numpy()]
    return out.sort_values("completion_pct", ascending=False, na_position="last").reset_index(drop=True)
