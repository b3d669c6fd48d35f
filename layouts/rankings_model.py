"""全市排名 selections: the group's counties ranked on a measure (level, 同比, share), rank moves, bump series."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.catalogue import load_indicators
from indicators.pipeline import query_group
from indicators.ranking import rank_within_groups
from indicators.sentences import meeting_sentences
from layouts import model
from layouts.memo import per_version

MEASURES = ("value", "yoy", "share")


@per_version
def _group_rows(indicator: str, snap, group: str) -> pd.DataFrame:  # noqa: ANN001
    """The group's rows of one indicator (shared by periods, ranking and bump; read-only)."""
    return query_group(snap.analysis, group, indicator)


def measure_column(indicator: str, measure: str) -> str:
    if measure == "yoy":
        return model.change_column(str(model.meta(indicator)["kind"]))
    return "share_pct" if measure == "share" else "value"


def _kind_rows(rows: pd.DataFrame, period: str, indicator: str) -> pd.DataFrame:
    """Rows comparable with `period`: annual, or quarterly 累计 for flows / period-end for stocks."""
    if len(period) == 4:
        return rows[(rows["period_kind"] == "Y").to_numpy()]
    want_ytd = bool(model.meta(indicator)["cumulative"])
    return rows[(rows["period_kind"] == "Q").to_numpy() & (rows["is_ytd"] == want_ytd).to_numpy()]


def chosen(query: dict, snap) -> tuple[str, list[str], str]:  # noqa: ANN001
    """(indicator, its periods for the home group, period) from a page's URL query: an unknown indicator
    falls back to the default, an unknown period to the newest year."""
    indicator = model.valid_indicator(query.get("indicator"))
    options = periods(indicator, snap, model.group_of(snap=snap))
    period = query.get("period") if query.get("period") in options else \
        next((p for p in options if len(p) == 4), options[0] if options else "")
    return indicator, options, period


@per_version
def periods(indicator: str, snap, group: str) -> list[str]:  # noqa: ANN001
    """Periods with figures for the group, newest first: years, then quarters (累计 / period-end)."""
    rows = _group_rows(indicator, snap, group)
    rows = rows[rows["value"].notna().to_numpy() & ~rows["is_group_total"].to_numpy()]
    years = sorted(set(map(str, _kind_rows(rows, "2000", indicator)["period"])), reverse=True)
    quarters = sorted(set(map(str, _kind_rows(rows, "2000Q1", indicator)["period"])), reverse=True)
    return years + quarters


def _ranked(rows: pd.DataFrame, indicator: str, measure: str, snap, group: str) -> pd.DataFrame:  # noqa: ANN001
    """Rank rows (members only, any periods) on the measure: the engine's level rank, else rank_within_groups."""
    col = measure_column(indicator, measure)
    if measure == "value":
        out = rows[["region", "period", "value", "rank", "tied", "n_ranked", "group_size"]].copy()
        out["measure"] = rows["value"].to_numpy(dtype=float)
        return out
    frame = pd.DataFrame({"indicator": indicator, "region": rows["region"].astype(str).to_numpy(),
                          "period": rows["period"].astype(str).to_numpy(), "is_ytd": rows["is_ytd"].to_numpy(),
                          "value": rows["value"].to_numpy(dtype=float),
                          "measure": rows[col].to_numpy(dtype=float)})
    groups = pd.DataFrame({"region": model.members(group, snap=snap), "group": group})
    return rank_within_groups(frame, groups, load_indicators(), measure="measure")


@per_version
def ranking(indicator: str, period: str, measure: str, snap, group: str | None = None) -> pd.DataFrame:  # noqa: ANN001
    """The group's counties for one period, best first: region, name, value, measure, rank, tied,
    rank_prev, rank_change, n_ranked, group_size, is_home. Unranked (missing) counties last.
    Memoised per data version: read-only (derive new frames, e.g. with .assign)."""
    group = group or model.group_of(snap=snap)
    from indicators.periods import shift_years

    prev = shift_years(period, -1)
    rows = _group_rows(indicator, snap, group)
    rows = _kind_rows(rows[~rows["is_group_total"].to_numpy()], period, indicator)
    rows = rows[rows["period"].isin([period, prev]).to_numpy()]
    ranked = _ranked(rows, indicator, measure, snap, group)
    ranked["region"] = ranked["region"].astype(str)
    ranked["period"] = ranked["period"].astype(str)
    now = ranked[ranked["period"] == period].set_index("region")
    before = ranked[ranked["period"] == prev].set_index("region")["rank"]
    out = pd.DataFrame({"region": model.members(group, snap=snap)})
    out = out.join(now[["value", "measure", "rank", "tied", "n_ranked"]], on="region")
    out["rank_prev"] = out["region"].map(before).astype("Int64")
    out["rank"] = out["rank"].astype("Int64")
    out["rank_change"] = (out["rank_prev"] - out["rank"]).astype("Int64")
    out["group_size"] = len(out)
    out["tied"] = out["tied"].fillna(False).astype(bool)
    names = model.region_names(snap=snap)
    out["name"] = out["region"].map(names)
    out["is_home"] = out["region"] == model.home()
    key = out["rank"].astype("float64").fillna(np.inf)
    return out.assign(_k=key.to_numpy()).sort_values(["_k", "region"], kind="stable").drop(columns="_k") \
        .reset_index(drop=True)


@per_version
def bump(indicator: str, measure: str, snap, group: str | None = None, years: int = 6) -> tuple[list[str], pd.DataFrame]:  # noqa: ANN001
    """Annual ranks of every county over the last `years` years (wide: region x period)."""
    group = group or model.group_of(snap=snap)
    rows = _group_rows(indicator, snap, group)
    rows = _kind_rows(rows[~rows["is_group_total"].to_numpy()], "2000", indicator)
    ranked = _ranked(rows, indicator, measure, snap, group)
    ranked = ranked[ranked["rank"].notna().to_numpy()]
    periods_ = sorted(set(map(str, ranked["period"])))[-years:]
    ranked = ranked[ranked["period"].astype(str).isin(periods_).to_numpy()]
    wide = ranked.pivot_table(index=ranked["region"].astype(str), columns=ranked["period"].astype(str),
                              values="rank", aggfunc="first", observed=True)
    return periods_, wide.reindex(columns=periods_)


def average(frame: pd.DataFrame) -> float | None:
    v = frame["measure"].to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if len(v) else None


def slide_period(indicator: str, wanted: str, snap, group: str) -> str | None:  # noqa: ANN001
    """The wanted period when the indicator has it, else its latest year (meeting mode mixes indicators)."""
    available = periods(indicator, snap, group)
    if wanted in available:
        return wanted
    years = [p for p in available if len(p) == 4]
    return years[0] if years else (available[0] if available else None)


@per_version
def sentence(indicator: str, period: str, lang: str, snap) -> str:  # noqa: ANN001
    s = meeting_sentences(snap.analysis, model.home(), period, load_indicators(), snap.regions,
                          codes=[indicator], lang=lang)
    return str(s["sentence"].iloc[0]) if len(s) else ""


@per_version
def is_preliminary(indicator: str, period: str, snap) -> bool:  # noqa: ANN001
    """The home county's figure for the period is 快报."""
    rows = model.region_rows(model.home(), [indicator], snap=snap)
    rows = rows[(rows["period"] == period).to_numpy() & ~rows["derived_from_ytd"].to_numpy()]
    return bool((rows["status"].astype(str) == "preliminary").any())
