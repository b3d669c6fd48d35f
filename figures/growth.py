"""Growth over several years for pages and exports: CAGR (年均增长) from the published annual figures, "—" with
its reason across a 口径调整 (the snapshot's series-break annotations)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from indicators.growth import cagr
from indicators.pipeline import query_region

if TYPE_CHECKING:
    from data.snapshot import Snapshot


def annual_cagr(snap: Snapshot, indicator: str, region: str) -> dict | None:
    """{start, end, years, cagr_pct, reason} over the region's first and last annual figures (None when there
    are fewer than two years). cagr_pct is None when there is a reason (series_break, base_nonpositive…)."""
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
    return {"start": periods[0], "end": periods[-1], "years": int(got["years"]),
            "cagr_pct": None if reason else float(got["cagr_pct"]), "reason": reason}
