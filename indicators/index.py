"""Composite innovation index, in the spirit of Hebei's 县域科技创新能力监测评价.

1. Pick indicators and weights (data/catalogue/index_weights.toml; weights sum to 1).
2. Orient by catalogue polarity (lower-is-better indicators are negated).
3. Normalise each indicator within the comparison group:
   - "minmax": (x - min) / (max - min); a group where all values are equal scores 0.5.
   - "zscore": (x - mean) / std (population std); all-equal -> 0.
4. Score = weighted sum; minmax -> ×100; zscore -> 100·Φ(weighted z) (normal CDF) so it is
   also 0-100 with 50 = group average.
5. Grade A (score >= 80), B (60 <= score < 80), C (< 60); rank within the group (min ties).
A region missing any chosen indicator gets no score (reason missing_value), and is left out
of the normalisation so it does not move the others.
"""
from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from . import reasons as R
from .ranking import rank_within_groups

DEFAULT_WEIGHTS_PATH = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "index_weights.toml"


def load_weights(path: str | Path = DEFAULT_WEIGHTS_PATH, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """(indicator, weight) from the TOML file; checks the sum is 1 and codes are in the catalogue."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)["weight"]
    w = pd.DataFrame({"indicator": [r["indicator"] for r in raw], "weight": [float(r["weight"]) for r in raw]})
    if abs(w["weight"].sum() - 1.0) > 1e-9:
        raise ValueError(f"index weights sum to {w['weight'].sum()}, not 1")
    if indicators is not None:
        unknown = set(w["indicator"]) - set(indicators["code"].astype(str))
        if unknown:
            raise ValueError(f"index weights name unknown indicators: {sorted(unknown)}")
    return w


def grade(score: float) -> str | None:
    if score is None or not np.isfinite(score):
        return None
    return "A" if score >= 80 else ("B" if score >= 60 else "C")


def composite_index(values: pd.DataFrame, weights: pd.DataFrame, indicators: pd.DataFrame,
                    groups: pd.DataFrame, method: str = "minmax") -> pd.DataFrame:
    """Index score per region for one period.

    values: indicator, region, value (one period, already filtered); weights: indicator,
    weight; indicators: catalogue (code, polarity); groups: region, group.
    Output: region, group, score, grade, rank, tied, n_ranked, group_size, reason, plus one
    norm_<CODE> column (0-1 for minmax, z for zscore) per indicator.
    """
    if method not in ("minmax", "zscore"):
        raise ValueError("method is 'minmax' or 'zscore'")
    codes = weights["indicator"].astype(str).tolist()
    w = weights["weight"].to_numpy(dtype=float)
    g = groups[["region", "group"]].astype("string")
    v = values[values["indicator"].astype(str).isin(codes)].astype({"region": "string", "indicator": "string"})
    wide = v.pivot_table(index="region", columns="indicator", values="value", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=codes)
    frame = g.merge(wide, left_on="region", right_index=True, how="left")
    pol = dict(zip(indicators["code"].astype(str), indicators["polarity"].astype(int)))
    x = frame[codes].to_numpy(dtype=float, na_value=np.nan) * np.array([pol.get(c, 1) for c in codes], dtype=float)
    complete = np.isfinite(x).all(axis=1)
    norm = np.full(x.shape, np.nan)
    for grp in frame["group"].unique():
        rows = np.flatnonzero((frame["group"] == grp).to_numpy() & complete)
        if not len(rows):
            continue
        sub = x[rows]
        if method == "minmax":
            lo, hi = sub.min(axis=0), sub.max(axis=0)
            span = hi - lo
            norm[rows] = np.where(span > 0, (sub - lo) / np.where(span > 0, span, 1.0), 0.5)
        else:
            mu, sd = sub.mean(axis=0), sub.std(axis=0)
            norm[rows] = np.where(sd > 0, (sub - mu) / np.where(sd > 0, sd, 1.0), 0.0)
    combined = norm @ w
    if method == "minmax":
        score = combined * 100.0
    else:
        score = np.array([50.0 * (1.0 + math.erf(z / math.sqrt(2.0))) if np.isfinite(z) else np.nan for z in combined])
    out = frame[["region", "group"]].copy()
    out["score"] = score
    out["grade"] = pd.array([grade(s) for s in score], dtype="string")
    out["reason"] = R.to_categorical(np.where(complete, 0, R.CODE[R.MISSING_VALUE]))
    for i, c in enumerate(codes):
        out[f"norm_{c}"] = norm[:, i]
    ranked = rank_within_groups(out.assign(indicator="INDEX", value=out["score"]), g, pd.DataFrame(
        {"code": ["INDEX"], "polarity": [1]}), by=())
    out = out.merge(ranked[["region", "group", "rank", "tied", "n_ranked", "group_size"]], on=["region", "group"])
    return out.sort_values(["group", "rank", "region"], kind="stable", na_position="last").reset_index(drop=True)
