"""Benchmark of the indicator engine at national scale.

Synthetic data: ~2,850 county-level units in ~330 city groups (+ the cities' own rows),
the real 30-indicator catalogue (26 observed, 4 formula-derived), annual 2015-2026 and
quarterly 2019-2026 (累计 for cumulative flows, period-end for stocks): ~3.6M observed rows.

Times (median of 5): build_analysis (growth, de-cumulation, derived indicators, ranks,
shares) and one page query (query_group: one group, one indicator, all periods).
Baseline: a naive pandas groupby-apply implementation of the same growth / de-cumulation /
rank / share steps, run on a sample of groups and extrapolated linearly by row count
(said so in the output). Last line: one JSON object.

Run: .venv/bin/python bench/indicators.py [--quick]
"""
from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.catalogue import load_indicators  # noqa: E402
from indicators.pipeline import build_analysis, query_group  # noqa: E402
from indicators.ranking import default_groups  # noqa: E402

N_COUNTIES, N_CITIES = 2850, 330
YEARS = range(2015, 2027)
QUARTER_YEARS = range(2019, 2027)


def make_regions(rng) -> pd.DataFrame:
    sizes = rng.integers(3, 15, N_CITIES)
    while sizes.sum() != N_COUNTIES:  # nudge random groups until the total is exact
        i = rng.integers(N_CITIES)
        sizes[i] = np.clip(sizes[i] + (1 if sizes.sum() < N_COUNTIES else -1), 2, 30)
    rows = [("000000", "全国", "province", None, False)]
    for c, n in enumerate(sizes):
        city = f"{100000 + c * 100:06d}"
        rows.append((city, f"市{c}", "city", "000000", False))
        rows += [(f"{int(city) + k + 1:06d}", f"县{c}-{k}", "county", city, True) for k in range(n)]
    df = pd.DataFrame(rows, columns=["code", "name", "level", "parent", "in_rankings"])
    df["short_name"] = df["name"]
    df["aliases"] = [()] * len(df)
    df["order"] = np.arange(len(df))
    return df


def make_obs(regions: pd.DataFrame, indicators: pd.DataFrame, rng) -> pd.DataFrame:
    obs_inds = indicators[indicators["formula"].isna()]
    regs = regions.loc[regions["level"].isin(["county", "city"]), "code"].to_numpy()
    periods = [(str(y), "Y", False, y, 0) for y in YEARS]
    periods += [(f"{y}Q{q}", "Q", None, y, q) for y in QUARTER_YEARS for q in range(1, 5)]
    parts = []
    for code, cum in zip(obs_inds["code"], obs_inds["cumulative"]):
        level = rng.lognormal(8, 1, len(regs))
        growth = 1 + rng.normal(0.08, 0.1, len(regs))
        for label, kind, ytd, year, q in periods:
            base = level * growth ** (year - 2015)
            val = base * (q / 4 if (cum and kind == "Q") else 1.0) * rng.uniform(0.97, 1.03, len(regs))
            val[rng.random(len(regs)) < 0.01] = np.nan  # some missing figures
            parts.append((code, label, kind, bool(cum) if ytd is None else ytd, val))
    n = len(regs)
    ind = np.concatenate([np.full(n, p[0], dtype=object) for p in parts])
    per = np.concatenate([np.full(n, p[1], dtype=object) for p in parts])
    kind = np.concatenate([np.full(n, p[2], dtype=object) for p in parts])
    ytd = np.concatenate([np.full(n, p[3]) for p in parts])
    val = np.concatenate([p[4] for p in parts])
    m = len(val)
    obs = pd.DataFrame({
        "indicator": pd.array(ind, dtype="string"),
        "region": pd.array(np.tile(regs, len(parts)), dtype="string"),
        "period": pd.array(per, dtype="string"),
        "period_kind": pd.array(kind, dtype="string"),
        "is_ytd": ytd.astype(bool),
        "value": val,
        "reported_yoy": np.full(m, np.nan),
        "base_value": np.full(m, np.nan),
        "status": pd.array(np.full(m, "final", dtype=object), dtype="string"),
        "note": pd.array([None] * m, dtype="string"),
        "revision_id": pd.array(np.ones(m, dtype=np.int64), dtype="Int64"),
    })
    return obs


# ---- naive baseline: what a straightforward pandas implementation looks like ----------
def _series_growth(s: pd.DataFrame) -> pd.DataFrame:
    s = s.sort_values("period")
    prev = {p: v for p, v in zip(s["period"], s["value"])}
    out = s.copy()
    out["yoy_pct"] = [
        (v / prev[str(int(p[:4]) - 1) + p[4:]] - 1) * 100 if (str(int(p[:4]) - 1) + p[4:]) in prev else np.nan
        for p, v in zip(s["period"], s["value"])
    ]
    if s["is_ytd"].iloc[0]:
        out["single"] = [
            v if p.endswith("Q1") else v - prev.get(p[:5] + str(int(p[5:]) - 1), np.nan)
            for p, v in zip(s["period"], s["value"])
        ]
    return out


def _block_rank_share(b: pd.DataFrame) -> pd.DataFrame:
    b = b.copy()
    b["rank"] = b["value"].rank(method="min", ascending=False)
    b["share_pct"] = b["value"] / b["value"].sum() * 100
    return b


def naive_pipeline(obs: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    # group by copies of the keys: pandas 3 does not pass grouping columns to apply
    g = _by_copies(obs, ["indicator", "region", "period_kind", "is_ytd"]).apply(_series_growth)
    g = g.merge(groups[["region", "group"]], on="region", how="inner")
    return _by_copies(g, ["indicator", "period", "is_ytd", "group"]).apply(_block_rank_share)


def _by_copies(df: pd.DataFrame, keys: list[str]):
    return df.assign(**{f"_k{i}": df[k] for i, k in enumerate(keys)}).groupby(
        [f"_k{i}" for i in range(len(keys))], group_keys=False)


def main(quick: bool = False) -> dict:
    rng = np.random.default_rng(20240601)
    indicators = load_indicators()
    regions = make_regions(rng)
    obs = make_obs(regions, indicators, rng)
    groups = default_groups(regions)
    print(f"rows: {len(obs):,} observed; regions: {len(regions):,}; groups: {groups['group'].nunique()}")

    runs = 2 if quick else 5
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        analysis = build_analysis(obs, indicators, regions, None, groups)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        del analysis
    analysis = build_analysis(obs, indicators, regions, None, groups)
    full = statistics.median(times)
    full_cpu = statistics.median(cpu)
    n_out = int(len(analysis))
    print(f"full pipeline: median {full:.3f} s wall over {runs} runs {[round(x, 3) for x in times]} "
          f"(CPU time median {full_cpu:.3f} s; wall > CPU means other processes shared the 2 cores); "
          f"output rows {len(analysis):,}, columns {analysis.shape[1]}")

    qrng = np.random.default_rng(7)
    gcodes = groups["group"].unique()
    codes = indicators["code"].to_numpy()
    qtimes = []
    for _ in range(200):
        g, i = gcodes[qrng.integers(len(gcodes))], codes[qrng.integers(len(codes))]
        t = time.perf_counter()
        page = query_group(analysis, g, i)
        qtimes.append(time.perf_counter() - t)
        assert len(page) > 0
    one_group_ms = statistics.median(qtimes) * 1000
    print(f"one group query: median {one_group_ms:.2f} ms over {len(qtimes)} queries "
          f"(p95 {np.percentile(qtimes, 95) * 1000:.2f} ms), {len(page)} rows")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del analysis, page
    # baseline on a sample of groups, extrapolated by observed row count
    sample_groups = gcodes[: (4 if quick else 12)]
    members = set(groups.loc[groups["group"].isin(sample_groups), "region"]) | set(sample_groups)
    sample = obs[obs["region"].isin(members).to_numpy()]
    t = time.perf_counter()
    naive_pipeline(sample, groups[groups["group"].isin(sample_groups)])
    sample_s = time.perf_counter() - t
    baseline_s = sample_s * len(obs) / len(sample)
    print(f"naive groupby-apply baseline: {sample_s:.1f} s on a sample of {len(sample):,} rows "
          f"({len(sample_groups)} groups), extrapolated to {baseline_s:.0f} s for {len(obs):,} rows "
          "(baseline does less work: no derived indicators, breaks, reasons)")
    print(f"peak memory (process max RSS: input data, snapshot and pipeline temporaries): {peak_mb:.0f} MB")
    result = {
        "rows": int(len(obs)),
        "analysis_rows": n_out,
        "full_pipeline_s": round(full, 3),
        "full_pipeline_cpu_s": round(full_cpu, 3),
        "full_pipeline_min_s": round(min(times), 3),
        "one_group_ms": round(one_group_ms, 3),
        "peak_mb": round(peak_mb, 1),
        "baseline_extrapolated_s": round(baseline_s, 1),
        "baseline_sample_rows": int(len(sample)),
        "speedup_vs_baseline": round(baseline_s / full, 1),
        "targets": {"full_pipeline_s": 2.0, "one_group_ms": 20.0, "peak_mb": 2048},
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
