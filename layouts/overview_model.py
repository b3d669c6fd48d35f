"""总览 selections: the home county's key indicators for the latest year, from the snapshot."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.catalogue import load_indicators
from indicators.sentences import meeting_sentences
from indicators.targets import target_progress
from layouts import model

COLUMNS = ["indicator", "region", "period", "period_kind", "is_ytd", "year", "sub", "derived_from_ytd", "value",
           "yoy_pct", "yoy_pp", "yoy_reason", "rank", "rank_change", "group_size", "tied", "status"]


def progress_rows(rows: pd.DataFrame, targets: pd.DataFrame, region: str) -> dict[str, pd.Series]:
    """完成率 against 序时进度 per indicator, for the latest year with a target.

    The actual is the 累计 figure (flows) or the period-end stock, as indicators.targets expects.
    """
    tg = targets[(targets["region"] == region).to_numpy()]
    if tg.empty or rows.empty:
        return {}
    cumulative = rows["indicator"].astype(str).map(lambda c: bool(model.meta(c)["cumulative"])).to_numpy()
    ok = (~rows["derived_from_ytd"].to_numpy() & rows["value"].notna().to_numpy()
          & (~cumulative | rows["is_ytd"].to_numpy() | (rows["period_kind"] == "Y").to_numpy()))
    cand = rows[ok]
    keys = set(zip(tg["indicator"].astype(str), tg["year"].astype(int)))
    has_target = np.array([(str(i), int(y)) in keys for i, y in zip(cand["indicator"], cand["year"])], dtype=bool)
    cand = cand[has_target]
    if cand.empty:
        return {}
    kind = cand["period_kind"].astype(str).to_numpy()
    months = np.where(kind == "Y", 12, cand["sub"].to_numpy(dtype=int) * np.where(kind == "Q", 3, 1))
    best = (cand.assign(_m=months).sort_values(["indicator", "year", "_m"], kind="stable")
            .drop_duplicates("indicator", keep="last"))
    best = best[["indicator", "region", "period", "value"]].astype({"indicator": str, "region": str, "period": str})
    out = target_progress(best, tg)
    return {str(r["indicator"]): r for _, r in out.iterrows()}


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
