"""总览 selections: the home county's key indicators for the latest year, from the snapshot."""
from __future__ import annotations

import pandas as pd

from data.catalogue import load_indicators
from indicators.sentences import meeting_sentences
from indicators.targets import target_progress
from layouts import model


def latest_annual(rows: pd.DataFrame) -> pd.Series | None:
    annual = rows[(rows["period_kind"] == "Y").to_numpy() & rows["value"].notna().to_numpy()]
    return None if annual.empty else annual.iloc[-1]  # snapshot rows are in period order


def progress_row(rows: pd.DataFrame, targets: pd.DataFrame, indicator: str, region: str) -> pd.Series | None:
    """完成率 against 序时进度 for the latest year with a target: 累计 (flows) or period-end (stocks)."""
    tg = targets[(targets["indicator"] == indicator).to_numpy() & (targets["region"] == region).to_numpy()]
    if tg.empty:
        return None
    cand = rows[~rows["derived_from_ytd"].to_numpy() & rows["value"].notna().to_numpy()
                & rows["year"].isin(tg["year"]).to_numpy()]
    cumulative = bool(model.catalogue().at[indicator, "cumulative"])
    if cumulative:
        cand = cand[(cand["is_ytd"] | (cand["period_kind"] == "Y")).to_numpy()]
    if cand.empty:
        return None
    months = cand["sub"].astype(int) * cand["period_kind"].map({"Y": 0, "Q": 3, "M": 1}).astype(int)
    months = months.where(cand["period_kind"] != "Y", 12)
    best = cand.assign(_m=months.to_numpy()).sort_values(["year", "_m"], kind="stable").iloc[[-1]]
    best = best[["indicator", "region", "period", "value"]].astype({"indicator": str, "region": str, "period": str})
    out = target_progress(best, tg)
    return out.iloc[0] if len(out) else None


def cards(lang: str, scale: str, snap=None) -> list[dict]:  # noqa: ANN001
    snap = snap or model.snapshot()
    home = model.home()
    codes = model.key_indicators()
    cat = model.catalogue()
    rows_all = model.region_rows(home, codes, snap=snap)
    out = []
    by_ind = {code: rows_all[(rows_all["indicator"] == code).to_numpy()] for code in codes}
    latest = {code: latest_annual(r) for code, r in by_ind.items()}
    periods = {str(r["period"]) for r in latest.values() if r is not None}
    sentences = {}
    for period in periods:
        s = meeting_sentences(snap.analysis, home, period, load_indicators(), snap.regions,
                              codes=[c for c, r in latest.items() if r is not None and str(r["period"]) == period],
                              lang=lang)
        sentences.update(dict(zip(s["indicator"], s["sentence"])))
    for code in codes:
        row = latest[code]
        if row is None:
            continue
        annual = by_ind[code][(by_ind[code]["period_kind"] == "Y").to_numpy()]
        unit = str(cat.at[code, "unit"])
        out.append({
            "code": code,
            "name": model.indicator_name(code, lang),
            "period": str(row["period"]),
            "row": row,
            "kind": str(cat.at[code, "kind"]),
            "preliminary": str(row["status"]) == "preliminary",
            "spark_x": [str(p) for p in annual["period"]],
            "spark_y": list(model.to_display(annual["value"].to_numpy(dtype=float), unit, scale)),
            "progress": progress_row(by_ind[code], snap.targets, code, home),
            "sentence": sentences.get(code, ""),
        })
    return out
