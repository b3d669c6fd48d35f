"""总览 selections: the home county's key indicators for the latest year, from the snapshot."""
from __future__ import annotations

import pandas as pd

from data.catalogue import load_indicators
from indicators.sentences import meeting_sentences
from indicators.targets import target_progress
from layouts import model
from layouts.memo import per_version
from layouts.targets_model import latest_actuals

COLUMNS = ["indicator", "region", "period", "period_kind", "is_ytd", "year", "sub", "derived_from_ytd", "value",
           "yoy_pct", "yoy_pp", "yoy_reason", "rank", "rank_change", "group_size", "tied", "status"]


def progress_rows(rows: pd.DataFrame, targets: pd.DataFrame, region: str) -> dict[str, pd.Series]:
    """完成率 against 序时进度 per indicator, for the latest year with a target."""
    tg = targets[(targets["region"] == region).to_numpy()]
    actuals = latest_actuals(rows, tg)
    if actuals.empty:
        return {}
    latest = actuals.assign(_y=actuals["period"].str[:4]).drop_duplicates("indicator", keep="last")
    out = target_progress(latest.drop(columns="_y"), tg)
    return {str(r["indicator"]): r for _, r in out.iterrows()}


@per_version
def cards(lang: str, scale: str, snap=None) -> list[dict]:  # noqa: ANN001
    snap = snap or model.snapshot()
    home = model.home()
    codes = model.key_indicators()
    rows_all = model.region_rows(home, codes, snap=snap)[COLUMNS]
    annual = rows_all[(rows_all["period_kind"] == "Y").to_numpy() & rows_all["value"].notna().to_numpy()]
    latest = {str(r["indicator"]): r for _, r in annual.drop_duplicates("indicator", keep="last").iterrows()}
    progress = progress_rows(rows_all, snap.targets, home)
    sentences = {}
    for period in sorted({str(r["period"]) for r in latest.values()}):
        s = meeting_sentences(snap.analysis, home, period, load_indicators(), snap.regions,
                              codes=[c for c, r in latest.items() if str(r["period"]) == period], lang=lang)
        sentences.update(dict(zip(s["indicator"], s["sentence"])))
    out = []
    for code in codes:
        if code not in latest:
            continue
        row = latest[code]
        mine = annual[(annual["indicator"] == code).to_numpy()]
        unit = str(model.meta(code)["unit"])
        out.append({
            "code": code,
            "name": model.indicator_name(code, lang),
            "period": str(row["period"]),
            "row": row,
            "kind": str(model.meta(code)["kind"]),
            "preliminary": str(row["status"]) == "preliminary",
            "spark_x": [str(p) for p in mine["period"]],
            "spark_y": list(model.to_display(mine["value"].to_numpy(dtype=float), unit, scale)),
            "progress": progress.get(code),
            "sentence": sentences.get(code, ""),
        })
    return out
