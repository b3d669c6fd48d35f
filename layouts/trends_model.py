"""指标分析 selections: one indicator's series for chosen regions, the city average and series breaks."""
from __future__ import annotations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from figures.completeness import Completeness, average_of_reported, completeness
from indicators.pipeline import query_group, query_region
from indicators.reasons import explain
from layouts import model

if TYPE_CHECKING:
    from data.snapshot import Snapshot


def select_rows(rows: pd.DataFrame, freq: str, qmode: str, cumulative: bool) -> pd.DataFrame:
    """Annual rows, or quarterly rows as 单季 (single quarters, de-cumulated) or 累计 (year to date)."""
    if freq == "Y":
        return rows[(rows["period_kind"] == "Y").to_numpy()]
    q = rows[(rows["period_kind"] == "Q").to_numpy()]
    want_ytd = cumulative and qmode == "ytd"
    return q[(q["is_ytd"] == want_ytd).to_numpy()]


def offers_qoq(freq: str, qmode: str, cumulative: bool) -> bool:
    """环比 is offered where single periods exist: quarters of a stock (period-end figures) and single quarters
    (单季) of a flow; never years, never 累计 (a 1—3季度 累计 against 1—2季度 is not a 环比)."""
    return freq == "Q" and (not cumulative or qmode == "single")


def series(indicator: str, region: str, freq: str, qmode: str, snap: Snapshot) -> pd.DataFrame:
    """One region's series of `indicator`: columns period, value, yoy (% or 百分点), reason, status, note, qoq
    (环比, see `offers_qoq`), years or quarters (single or 累计) as asked; yoy_ytd beside single quarters of a flow.
    """
    cat = model.meta(indicator)
    cumulative = bool(cat["cumulative"])
    rows = query_region(snap.analysis, region, [indicator])
    main = select_rows(rows, freq, qmode, cumulative)
    out = pd.DataFrame({
        "period": main["period"].astype(str).to_numpy(),
        "value": main["value"].to_numpy(dtype=float),
        "yoy": main[model.change_column(str(cat["kind"]))].to_numpy(dtype=float),
        "reason": main["yoy_reason"].astype(object).to_numpy(),
        "status": main["status"].astype(object).to_numpy(),
        "note": main["note"].astype(object).to_numpy(),
        # 环比 (indicators.growth): single quarters and period-end figures only, NaN for years and 累计
        "qoq": main["qoq_pp" if str(cat["kind"]) == "ratio" else "qoq_pct"].to_numpy(dtype=float),
    })
    if freq == "Q" and cumulative and qmode == "single":
        ytd = select_rows(rows, "Q", "ytd", True)
        by_period = dict(zip(ytd["period"].astype(str), ytd[model.change_column(str(cat["kind"]))]))
        out["yoy_ytd"] = out["period"].map(by_period).astype(float)
    return out


def city_average(indicator: str, group: str, freq: str, qmode: str, measure: str,
                 snap: Snapshot) -> tuple[pd.Series, dict[str, Completeness]]:
    """The comparison chart's average line by period, and each period's completeness (figures.completeness).

    value: the mean over the group's members (county-level units) that reported the period, never over units that
    have not (figures.completeness.average_of_reported); a period nobody reported is absent. The completeness says
    what the line is at that period: 全市平均 when every member reported, else 已报单位平均（n家）.
    measure 'yoy': the city's own 同比 (its total row), completeness {} (the city's figure, not an average)."""
    cat = model.meta(indicator)
    rows = select_rows(query_group(snap.analysis, group, indicator), freq, qmode, bool(cat["cumulative"]))
    if measure == "yoy":
        total = rows[rows["is_group_total"].to_numpy()]
        return pd.Series(total[model.change_column(str(cat["kind"]))].to_numpy(dtype=float),
                         index=total["period"].astype(str).to_numpy()), {}
    members = model.members(group, snap=snap)
    counties = rows[~rows["is_group_total"].to_numpy()]
    means, states = {}, {}
    for period, part in counties.groupby(counties["period"].astype(str), observed=True):
        state = completeness(part, members)
        mean = average_of_reported(part.loc[part["region"].astype(str).isin(state.reported).to_numpy(), "value"])
        if mean is not None:
            means[str(period)], states[str(period)] = mean, state
    return pd.Series(means, dtype=float), states


def breaks(indicator: str, region: str, periods: list[str], frame: pd.DataFrame, lang: str, snap: Snapshot) -> list[dict]:
    """Series breaks (口径调整) to mark on the chart: annotations plus rows whose 同比 broke."""
    ann = snap.annotations
    sel = ann[(ann["indicator"] == indicator).fillna(False).to_numpy()
              & ((ann["region"] == region).fillna(False) | ann["region"].isna()).to_numpy()
              & (ann["kind"] == "series_break").fillna(False).to_numpy()]
    out, seen = [], set()
    for a in sel.itertuples():
        x = _position(str(a.period), periods)
        if x and x not in seen:
            seen.add(x)
            out.append({"x": x, "text": str(a.text)})
    broke = frame[np.asarray(frame["reason"] == "series_break", dtype=bool)]
    for p in broke["period"]:
        if p not in seen:
            seen.add(p)
            out.append({"x": p, "text": explain("series_break", lang)})
    return out


def _position(period: str, periods: list[str]) -> str | None:
    """Where a break at `period` shows on an axis of `periods` (an annual break marks its first quarter)."""
    if period in periods:
        return period
    later = [p for p in periods if p >= period]
    return later[0] if later else None
