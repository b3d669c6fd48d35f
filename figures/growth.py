"""Growth over several years for pages and exports: CAGR (年均增长) from the published annual figures, "—" with
its reason across a 口径调整 (the snapshot's series-break annotations)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import math

import pandas as pd

from data.catalogue import load_indicators
from indicators.growth import cagr
from indicators.kernels import pp_shown
from indicators.pipeline import query_region

if TYPE_CHECKING:
    from data.snapshot import Snapshot


def annual_cagr(snap: Snapshot, indicator: str, region: str) -> dict | None:
    """{start, end, years, cagr_pct, pp_change, is_ratio, reason} over the region's first and last annual figures (None when
    there are fewer than two years). cagr_pct is None when there is a reason (series_break, base_nonpositive…).

    A ratio (catalogue kind "ratio": 强度, 占比, 率) has no 年均增长: its change is stated in 百分点 like its 同比
    (bw10: "2019—2025年年均增长 13.55%" of R&D强度 0.37% → 0.78%), so cagr_pct is None and pp_change is the
    difference of the two figures as shown, each 四舍五入 to 2 decimals (0.78 − 0.37 = 0.41); None across a 口径调整
    (the reason says why). For every other indicator pp_change is None."""
    rows = query_region(snap.analysis, region, [indicator])
    rows = rows[(rows["period_kind"] == "Y").to_numpy() & rows["value"].notna().to_numpy()
                & ~rows["derived_from_ytd"].to_numpy()]
    periods = sorted(map(str, rows["period"].astype(str)))
    if len(periods) < 2:
        return None
    frame = pd.DataFrame({"indicator": indicator, "region": region, "period": rows["period"].astype(str).to_numpy(),
                          "value": rows["value"].to_numpy(dtype=float)})
    got = cagr(frame, periods[0], periods[-1], snap.annotations).iloc[0]
    reason = None if pd.isna(got["cagr_reason"]) else str(got["cagr_reason"])
    out = {"start": periods[0], "end": periods[-1], "years": int(got["years"]),
           "cagr_pct": None if reason else float(got["cagr_pct"]), "pp_change": None, "is_ratio": False,
           "reason": reason}
    if load_indicators().set_index("code").at[indicator, "kind"] == "ratio":
        reason = reason if reason == "series_break" else None   # a ratio's base may be 0: still a 百分点 change
        # the change of the two figures as shown, by the build's one rule for 百分点 (kernels.pp_shown, as yoy_pp)
        start, end = float(got["value_start"]), float(got["value_end"])
        out.update(cagr_pct=None, reason=reason, is_ratio=True,
                   pp_change=None if reason or not (math.isfinite(start) and math.isfinite(end))
                   else float(pp_shown(end, start)))
    return out
