"""Targets: 完成率 and 序时进度 (time progress) with a status.

完成率 (completion_pct) = cumulative actual ÷ annual target × 100.
序时进度 (time_progress_pct) = months elapsed in the period ÷ 12 × 100:
  Q1 -> 25, 2023M05 -> 41.67, 2023Q3 -> 75, annual -> 100.
status, with gap_pp = completion_pct - time_progress_pct and a tolerance band of
DEFAULT_TOLERANCE_PP (5 百分点, about 2/3 of a month of progress):
  ahead     gap_pp >  +tolerance
  on_pace   |gap_pp| <= tolerance        (时间过半、任务过半)
  behind    gap_pp <  -tolerance
Once the whole year has elapsed (序时进度 100%) the band no longer applies: the year is judged
  completed       completion_pct >= 100       (完成全年目标)
  not_completed   completion_pct <  100       (未完成全年目标)
The actual must be the cumulative figure for the period (累计 for flows, the period-end stock
for counts); annual rows use the annual figure. Missing target -> reason no_base, target <= 0
-> base_nonpositive, missing actual -> missing_value (status NA).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import reasons as R
from .periods import parse_many

DEFAULT_TOLERANCE_PP = 5.0
STATUSES = ("ahead", "on_pace", "behind", "completed", "not_completed")
STATUS_ZH = {"ahead": "超序时进度", "on_pace": "与序时进度持平", "behind": "落后序时进度",
             "completed": "完成全年目标", "not_completed": "未完成全年目标"}


def time_progress_pct(period: str) -> float:
    """序时进度 of a period label in %."""
    p = parse_many([period]).iloc[0]
    return 100.0 if p["kind"] == "Y" else float(p["sub"] * (3 if p["kind"] == "Q" else 1)) / 12 * 100


def target_progress(actuals: pd.DataFrame, targets: pd.DataFrame,
                    tolerance_pp: float = DEFAULT_TOLERANCE_PP) -> pd.DataFrame:
    """Progress against annual targets.

    actuals: indicator, region, period, value (the cumulative figure; e.g. snapshot rows with
    is_ytd True for flows, or annual rows). targets: indicator, region, year, value (the
    store's current_targets frame). Output: indicator, region, period, year, actual, target,
    completion_pct, time_progress_pct, gap_pp, status (see STATUSES; NA when not
    computable), reason.
    """
    cols = ["indicator", "region", "period", "year", "actual", "target", "completion_pct",
            "time_progress_pct", "gap_pp", "status", "reason"]
    if not len(actuals):
        out = pd.DataFrame({c: pd.Series(dtype=float) for c in cols})
        for c in ("indicator", "region", "period", "status"):
            out[c] = out[c].astype("string")
        out["year"] = out["year"].astype("int64")
        out["reason"] = pd.Categorical([], dtype=R.REASON_DTYPE)
        return out
    a = actuals[["indicator", "region", "period", "value"]].astype(
        {"indicator": "string", "region": "string", "period": "string"}).reset_index(drop=True)
    parts = parse_many(a["period"])
    a["year"] = parts["year"].to_numpy()
    months = np.where(parts["kind"] == "Y", 12, parts["sub"] * np.where(parts["kind"] == "Q", 3, 1))
    t = targets[["indicator", "region", "year", "value"]].astype(
        {"indicator": "string", "region": "string", "year": "int64"}).rename(columns={"value": "target"})
    m = a.merge(t, on=["indicator", "region", "year"], how="left").rename(columns={"value": "actual"})
    actual = m["actual"].to_numpy(dtype=float, na_value=np.nan)
    target = m["target"].to_numpy(dtype=float, na_value=np.nan)
    reason = np.select([~np.isfinite(target), target <= 0, ~np.isfinite(actual)],
                       [R.CODE[R.NO_BASE], R.CODE[R.BASE_NONPOSITIVE], R.CODE[R.MISSING_VALUE]], 0)
    ok = reason == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        completion = np.where(ok, actual / np.where(ok, target, 1.0) * 100.0, np.nan)
    progress = months / 12 * 100.0
    gap = completion - progress
    year_done = progress >= 100.0
    status = np.select([~ok, year_done & (completion >= 100.0), year_done, gap > tolerance_pp, gap < -tolerance_pp],
                       [None, "completed", "not_completed", "ahead", "behind"], "on_pace")
    m["completion_pct"] = completion
    m["time_progress_pct"] = progress
    m["gap_pp"] = gap
    m["status"] = pd.array(status, dtype="string")
    m["reason"] = R.to_categorical(reason)
    return m[cols]
