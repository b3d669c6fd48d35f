"""Targets: 完成率 and 序时进度 (time progress) with a status, by kind of indicator.

完成率 (completion_pct) = actual ÷ annual target × 100 (the 累计 figure for flows, the period-end figure for
stocks).
序时进度 (time_progress_pct) = months elapsed in the period ÷ 12 × 100:
  Q1 -> 25, 2023M05 -> 41.67, 2023Q3 -> 75, annual -> 100.
What is compared with 序时进度 (progress_pct) depends on the kind (`basis`):
  flow       (累计 indicators: R&D经费, 技术合同…)   progress_pct = completion_pct
  level      (ratios and other figures that do not accumulate over the year: R&D经费投入强度, 占比, 率):
             never compared with 序时进度 — 0.75% in September is no 83% of a 0.90% year. During the year
             progress_pct, time_progress_pct, gap_pp and judged_pct are NaN, status NA, reason not_applicable;
             the page says "当前 0.75%，目标 0.90%" and the 完成率 (value ÷ target) alone. Once the year has
             elapsed (the annual figure, or Q4 / 12月) it is judged completed / not_completed like any other.
  increment  (stocks: 高新技术企业数, 平台数…)       progress_pct = (actual − last year-end) ÷
             (target − last year-end) × 100: the share of the year's planned increase achieved. 88 firms at
             the end of last year, 95 now, target 98 -> 7 of 10 = 70% against 75% at Q3.
             No last year-end figure -> reason no_base; a target not above it -> base_nonpositive (status NA).
status, judged on the displayed precision (四舍五入 to 2 decimals, indicators.formatting.round_half_up: what
the page shows is what is judged — 99.996% shows "100.00%" and is 完成), with
gap_pp = progress_pct - time_progress_pct and a tolerance band (持平 band) of
DEFAULT_TOLERANCE_PP (5 百分点, about 2/3 of a month of progress):
  ahead     gap_pp >  +tolerance
  on_pace   |gap_pp| <= tolerance        (时间过半、任务过半; the band's edges count as 持平)
  behind    gap_pp <  -tolerance
Once the whole year has elapsed (序时进度 100%) the band no longer applies: the year is judged
  completed       completion_pct >= 100       (完成全年目标)
  not_completed   completion_pct <  100       (未完成全年目标)
judged_pct is the one figure the status is judged on, and so the one a chart sets against 序时进度:
progress_pct (增量进度 for stocks, 完成率 for flows) during the year, completion_pct once the year has
elapsed, NaN when no status can be judged (a stock without last year-end: its 完成率 is no progress
against 序时进度); judged_basis names it: "increment" (增量进度) or "completion" (完成率).
完成率 is judged on the displayed precision too (`decimals`: indicator -> catalogue decimals, filled in by
figures.targets): the actual, the target and the last year-end are each 四舍五入 to the decimals the page shows
them with before dividing, so "当前 0.75%，目标 0.90%" is 83.33%, never 83.29% from an unrounded 0.7496.
The actual must be the cumulative figure for the period (累计 for flows, the period-end stock
for counts); annual rows use the annual figure. Missing target -> reason no_base, target <= 0
-> base_nonpositive, missing actual -> missing_value (status NA).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import reasons as R
from .formatting import round_half_up
from .periods import parse_many

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

DEFAULT_TOLERANCE_PP = 5.0
STATUSES = ("ahead", "on_pace", "behind", "completed", "not_completed")
STATUS_ZH = {"ahead": "超序时进度", "on_pace": "与序时进度持平", "behind": "落后序时进度",
             "completed": "完成全年目标", "not_completed": "未完成全年目标"}


def time_progress_pct(period: str) -> float:
    """序时进度 of a period label in %."""
    p = parse_many([period]).iloc[0]
    return 100.0 if p["kind"] == "Y" else float(p["sub"] * (3 if p["kind"] == "Q" else 1)) / 12 * 100


BASES = ("flow", "increment", "level")


def target_progress(actuals: pd.DataFrame, targets: pd.DataFrame,
                    tolerance_pp: float = DEFAULT_TOLERANCE_PP, stocks: Iterable[str] = (),
                    year_end: pd.DataFrame | None = None, levels: Iterable[str] = (),
                    decimals: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Progress against annual targets.

    actuals: indicator, region, period, value (the cumulative figure; e.g. snapshot rows with
    is_ytd True for flows, or annual rows). targets: indicator, region, year, value (the
    store's current_targets frame). stocks: indicator codes judged on the increment; year_end: indicator,
    region, year, value — the figure at the end of `year` (used for the target year − 1). levels: indicator codes
    judged on the level only (ratios: never against 序时进度). decimals: indicator -> the decimals its figures are
    shown with (四舍五入 before 完成率 and 增量进度 are computed); codes not listed are taken as they are.
    Output: indicator, region, period, year, actual, target, completion_pct, basis, base_value,
    progress_pct, time_progress_pct, gap_pp, status (see STATUSES; NA when not computable), reason, judged_pct,
    judged_basis (the figure the status is judged on and its name; see the module docstring), level_in_year (bool:
    a level with its figure during the year — 完成率 alone, never set against 序时进度; the one flag every reader
    of that rule uses: the targets page, the overview, the brief and the deck).
    """
    cols = ["indicator", "region", "period", "year", "actual", "target", "completion_pct", "basis", "base_value",
            "progress_pct", "time_progress_pct", "gap_pp", "status", "reason", "judged_pct", "judged_basis",
            "level_in_year"]
    if not len(actuals):
        out = pd.DataFrame({c: pd.Series(dtype=float) for c in cols})
        for c in ("indicator", "region", "period", "status", "basis", "judged_basis"):
            out[c] = out[c].astype("string")
        out["year"] = out["year"].astype("int64")
        out["level_in_year"] = out["level_in_year"].astype(bool)
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
    if year_end is not None and len(year_end):
        ye = year_end[["indicator", "region", "year", "value"]].astype(
            {"indicator": "string", "region": "string", "year": "int64"})
        ye = ye.assign(year=ye["year"] + 1).rename(columns={"value": "base_value"})
        m = m.merge(ye.drop_duplicates(["indicator", "region", "year"], keep="last"),
                    on=["indicator", "region", "year"], how="left")
    else:
        m["base_value"] = np.nan
    actual = m["actual"].to_numpy(dtype=float, na_value=np.nan, copy=True)
    target = m["target"].to_numpy(dtype=float, na_value=np.nan, copy=True)
    base = m["base_value"].to_numpy(dtype=float, na_value=np.nan, copy=True)
    if decimals:
        # judged on the displayed precision: each figure 四舍五入 to the decimals it is shown with
        places = m["indicator"].astype(str).map(lambda c: decimals.get(c, -1)).to_numpy(dtype=int)
        for d in sorted(set(places.tolist()) - {-1}):
            at = places == d
            actual[at], target[at], base[at] = (round_half_up(x[at], d) for x in (actual, target, base))
    codes = m["indicator"].astype(str)
    is_stock = codes.isin([str(c) for c in stocks]).to_numpy()
    is_level = codes.isin([str(c) for c in levels]).to_numpy() & ~is_stock
    reason = np.select([~np.isfinite(target), target <= 0, ~np.isfinite(actual),
                        is_stock & ~np.isfinite(base), is_stock & (target <= base)],
                       [R.CODE[R.NO_BASE], R.CODE[R.BASE_NONPOSITIVE], R.CODE[R.MISSING_VALUE],
                        R.CODE[R.NO_BASE], R.CODE[R.BASE_NONPOSITIVE]], 0)
    ok = reason == 0
    level_ok = np.isfinite(target) & (target > 0) & np.isfinite(actual)
    with np.errstate(divide="ignore", invalid="ignore"):
        completion = np.where(level_ok, actual / np.where(level_ok, target, 1.0) * 100.0, np.nan)
        increment = np.where(ok & is_stock, (actual - base) / np.where(ok & is_stock, target - base, 1.0) * 100.0,
                             np.nan)
    progress = months / 12 * 100.0
    year_done = progress >= 100.0
    paced = ~is_level | year_done   # a level (ratio) is never set against 序时进度 during the year
    reason = np.where(ok & ~paced, R.CODE[R.NOT_APPLICABLE], reason)
    ok = ok & paced
    progress_pct = np.where(is_stock, increment, np.where(ok, completion, np.nan))
    # judged on the displayed precision: what the page shows (2 decimals) is what is judged
    shown_completion = round_half_up(completion, 2)
    shown_progress = round_half_up(progress_pct, 2)
    gap = np.where(is_level, np.nan, round_half_up(shown_progress - round_half_up(progress, 2), 2))
    status = np.select([year_done & level_ok & (shown_completion >= 100.0), year_done & level_ok,
                        ~ok, gap > tolerance_pp, gap < -tolerance_pp],
                       [ "completed", "not_completed", None, "ahead", "behind"], "on_pace")
    year_judged = year_done & level_ok
    reason = np.where(year_judged, 0, reason)
    m["judged_pct"] = np.where(year_judged, completion, np.where(ok, progress_pct, np.nan))
    m["judged_basis"] = pd.array(np.where(is_stock & ~year_judged, "increment", "completion"), dtype="string")
    m["completion_pct"] = completion
    m["basis"] = pd.array(np.where(is_stock, "increment", np.where(is_level, "level", "flow")), dtype="string")
    m["base_value"] = base
    m["progress_pct"] = progress_pct
    m["time_progress_pct"] = np.where(is_level, np.nan, progress)
    m["gap_pp"] = gap
    m["status"] = pd.array(status, dtype="string")
    m["reason"] = R.to_categorical(reason)
    m["level_in_year"] = is_level & ~year_done & level_ok
    return m[cols]
