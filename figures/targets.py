"""Target matching and 序时进度 by kind, once: pages (目标任务, 总览), the ranking on 完成率 and the API read it.

- the actual set against a year's target is the figure of one period, the same for every row of a view: the
  value ranking's figure of that period (`ranking_actuals`: 累计 for flows, the period-end figure for stocks),
  exactly what the overview card of that period shows — the 目标任务 page, the overview, the deck and the brief
  take the same period (figures.ranking.default_period unless the reader picks one) and so the same 完成率;
  `latest_actuals` (each target's latest figure of its year) is for a target's own history only, never for a
  view that states one period;
- flows are judged on 完成率 against months ÷ 12, stocks on the increment since the last year-end
  (indicators.targets documents the rule and the 持平 band); ratios and every other figure that does not
  accumulate over the year (`level_indicators`: 强度, 占比, 率) are never set against 序时进度: during the year
  they have a 完成率 (value ÷ target) and no status, at year end completed / not completed;
- 完成率 is computed once, by indicators.targets.target_progress, on the displayed precision (each figure
  四舍五入 to its catalogue decimals first: `shown_decimals`);
- a target belongs to its own year only: a 2025 target is never set against 2026 figures;
- what a chart sets against 序时进度 is `judged_pct` (named by `judged_basis`: 增量进度 for a stock during the
  year, else 完成率), the figure the status is judged on: the 目标任务 page, the overview card and the deck's
  目标任务 slide all draw it, never a stock's 完成率.
"""
from __future__ import annotations
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from data.catalogue import load_indicators
from indicators.targets import DEFAULT_TOLERANCE_PP, target_progress

if TYPE_CHECKING:
    from data.snapshot import Snapshot

ACTUAL_COLUMNS = ["indicator", "region", "period", "value"]


class Ranking(Protocol):
    """What `ranking_actuals` reads of a figures.ranking.Ranking (not imported: figures.ranking imports this)."""

    indicator: dict
    period: str
    rows: pd.DataFrame


def stock_indicators() -> list[str]:
    """Indicators judged on the increment: stocks (not 累计) that are amounts or counts, not ratios."""
    cat = load_indicators()
    return list(cat.loc[~cat["cumulative"] & (cat["kind"] != "ratio"), "code"].astype(str))


def level_indicators() -> list[str]:
    """Indicators never judged against 序时进度: neither 累计 flows nor stocks, i.e. ratios (强度, 占比, 率) — a
    ratio in September is no three quarters of the year's ratio."""
    cat = load_indicators()
    return list(cat.loc[~cat["cumulative"] & (cat["kind"] == "ratio"), "code"].astype(str))


def shown_decimals() -> dict[str, int]:
    """indicator -> the decimals its figures are shown (and so judged) with: the catalogue's."""
    cat = load_indicators()
    return dict(zip(cat["code"].astype(str), cat["decimals"].astype(int)))


def completion(actuals: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """target_progress without the last year-ends (the 完成率 alone, e.g. the ranking on 完成率), with the kinds and
    the displayed precision filled in as `progress` does."""
    return target_progress(actuals, targets, stocks=stock_indicators(), levels=level_indicators(),
                           decimals=shown_decimals())


def year_end_values(analysis: pd.DataFrame, codes: list[str], regions: list[str] | None = None) -> pd.DataFrame:
    """indicator, region, year, value: each year's annual figure (the year-end stock) of `codes`."""
    sel = analysis[(analysis["period_kind"] == "Y").to_numpy() & analysis["indicator"].isin(codes).to_numpy()
                   & analysis["value"].notna().to_numpy()]
    if regions is not None:
        sel = sel[sel["region"].isin(regions).to_numpy()]
    return pd.DataFrame({"indicator": sel["indicator"].astype(str).to_numpy(),
                         "region": sel["region"].astype(str).to_numpy(),
                         "year": sel["year"].to_numpy(dtype="int64"), "value": sel["value"].to_numpy(dtype=float)})


def ranking_actuals(r: Ranking, regions: list[str] | None = None) -> pd.DataFrame:
    """indicator, region, period, value: the figures of a value ranking (figures.ranking.ranking) of `regions`
    (default every member), NaN where a member has none — the period's 累计 for flows, its period-end figure for
    stocks: what the overview card of the period shows and so what its targets are judged on."""
    rows = r.rows if regions is None else r.rows[r.rows["region"].astype(str).isin(list(regions)).to_numpy()]
    return pd.DataFrame({"indicator": str(r.indicator["code"]), "region": rows["region"].astype(str).to_numpy(),
                         "period": str(r.period), "value": rows["value"].to_numpy(dtype=float)},
                        columns=ACTUAL_COLUMNS)


def latest_actuals(rows: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Per (indicator, region, year) with a target: the latest figure of the target year that counts toward it —
    累计 for flows, the period-end stock otherwise, the annual figure once there is one."""
    if rows.empty or targets.empty:
        return pd.DataFrame(columns=ACTUAL_COLUMNS)
    flows = set(load_indicators().loc[lambda c: c["cumulative"], "code"].astype(str))
    cumulative = rows["indicator"].astype(str).isin(flows).to_numpy()
    ok = (~rows["derived_from_ytd"].to_numpy() & rows["value"].notna().to_numpy()
          & (~cumulative | rows["is_ytd"].to_numpy() | (rows["period_kind"] == "Y").to_numpy()))
    cand = rows[ok]
    keys = set(zip(targets["indicator"].astype(str), targets["region"].astype(str), targets["year"].astype(int)))
    hit = np.array([k in keys for k in zip(cand["indicator"].astype(str), cand["region"].astype(str),
                                            cand["year"].astype(int))], dtype=bool)
    cand = cand[hit]
    if cand.empty:
        return pd.DataFrame(columns=ACTUAL_COLUMNS)
    kind = cand["period_kind"].astype(str).to_numpy()
    months = np.where(kind == "Y", 12, cand["sub"].to_numpy(dtype=int) * np.where(kind == "Q", 3, 1))
    best = (cand.assign(_m=months, _y=cand["year"].to_numpy())
            .sort_values(["indicator", "region", "_y", "_m"], kind="stable")
            .drop_duplicates(["indicator", "region", "_y"], keep="last"))
    return best[ACTUAL_COLUMNS].astype({"indicator": str, "region": str, "period": str})


def progress(snap: Snapshot, actuals: pd.DataFrame, targets: pd.DataFrame,
             tolerance_pp: float = DEFAULT_TOLERANCE_PP) -> pd.DataFrame:
    """indicators.targets.target_progress with the kinds and last year-ends of the snapshot filled in."""
    stocks = stock_indicators()
    codes = sorted(set(actuals["indicator"].astype(str)) & set(stocks)) if len(actuals) else []
    ends = year_end_values(snap.analysis, codes, sorted(set(actuals["region"].astype(str)))) if codes else None
    return target_progress(actuals, targets, tolerance_pp, stocks=stocks, year_end=ends, levels=level_indicators(),
                           decimals=shown_decimals())
