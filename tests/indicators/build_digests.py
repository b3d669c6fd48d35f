"""Digests of the analysis build (indicators.pipeline.build_analysis) on the demo data, two seeded random
samples and a complete province (complete_obs), per column: the sha256 of pandas' row hashes of the column's values, and its dtype.

Issue 18 §2 asks that the faster build keep the result identical to the one before it. The file
`golden/build_digests.json` beside this module was written by this script on commit f4d81b3 (the last build before the
issue 18 rewrite; the "complete" source was added later and its digests recorded by running this script on
f4d81b3 too) and equals what the rewritten build gives; tests/indicators/test_build_identical.py compares
the current build with it column by column. Regenerated once since, for an intended change of two columns only:
yoy_pp and qoq_pp of ratios became the difference of the two figures as shown (2 decimals, 四舍五入; stop 25), every
other column's digest unchanged. Regenerated a second time for the demo source alone, for an intended change of the
demo data: 其中：本地技术合同登记额's quarters follow its whole's (data.demo._parts_within_whole; 58 of them stood above
技术合同登记额); the 240 rows of that indicator's quarters moved, the random samples' and the province's digests did
not (they still hold the build to f4d81b3's).

Regenerate only when a change of the figures is intended (and say so in the commit):
    .venv/bin/python tests/indicators/build_digests.py > tests/indicators/golden/build_digests.json
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("demo", 5, 23, "complete")


def complete_obs(regions: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Every county-level unit, development zone and city of the province for every observed indicator, 2019-2024 yearly and
    quarterly 累计, with some figures missing (some cities' own: their totals are then summed from whole groups
    of up to twenty units, which the small random samples never reach), reported 同比 and restated bases
    here and there. Seeded: the same frame on every run."""
    import numpy as np

    from data.catalogue import load_indicators
    from data.frames import OBS_COLUMNS, conform

    rng = np.random.default_rng(seed)
    inds = load_indicators()
    codes = regions.loc[regions["level"].isin(["county", "devzone", "city"]), "code"].astype(str).to_numpy()
    parts = []
    for ind in inds[inds["formula"].isna()].itertuples():
        level = rng.lognormal(6, 1, len(codes))
        for year in range(2019, 2025):
            periods = [(str(year), "Y", False, 4)] + ([(f"{year}Q{q}", "Q", True, q) for q in range(1, 5)]
                                                      if ind.cumulative else [])
            for period, kind, ytd, q in periods:
                value = level * (1.07 ** (year - 2019)) * (q / 4 if ytd else 1) * rng.uniform(0.9, 1.1, len(codes))
                value = np.round(value, int(rng.integers(0, 3)))
                value[rng.random(len(codes)) < 0.04] = np.nan
                parts.append(pd.DataFrame({
                    "indicator": ind.code, "region": codes, "period": period, "period_kind": kind, "is_ytd": ytd,
                    "value": value,
                    "reported_yoy": np.where(rng.random(len(codes)) < 0.05, np.round(rng.normal(7, 5, len(codes)), 2),
                                             np.nan),
                    "base_value": np.where(rng.random(len(codes)) < 0.03, value * 0.93, np.nan),
                    "status": rng.choice(["final", "preliminary"], len(codes)), "note": None}))
    return conform(pd.concat(parts, ignore_index=True).assign(revision_id=1), OBS_COLUMNS)


def build(source: str | int) -> pd.DataFrame:
    """The analysis frame of one source: "demo" (data.demo), "complete" (complete_obs) or a seed of
    test_build_order._random_obs."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "indicators")]
    from test_build_order import _random_obs

    from data.catalogue import load_indicators, load_regions, total_parts
    from data.demo import demo_observations
    from data.frames import OBS_COLUMNS, conform
    from indicators import pipeline

    regions = load_regions()
    if source == "demo":
        obs = conform(demo_observations(), OBS_COLUMNS)
    elif source == "complete":
        obs = complete_obs(regions)
    else:
        obs = _random_obs(int(source), regions)
    annotations = pd.DataFrame({"indicator": ["GDP"], "region": [None], "period": ["2022"],
                                "kind": ["series_break"], "text": ["口径调整"]})
    return pipeline.build_analysis(obs, load_indicators(), regions, annotations, total_parts=total_parts(regions))


def digests(frame: pd.DataFrame) -> dict:
    """{"rows": n, "columns": {name: [dtype, sha256 of the column's row hashes]}} in column order."""
    cols = {}
    for name in frame.columns:
        hashed = pd.util.hash_pandas_object(frame[name], index=False).to_numpy()
        cols[str(name)] = [str(frame[name].dtype), hashlib.sha256(hashed.tobytes()).hexdigest()]
    return {"rows": len(frame), "columns": cols}


if __name__ == "__main__":
    print(json.dumps({str(s): digests(build(s)) for s in SOURCES}, ensure_ascii=False, indent=1))
