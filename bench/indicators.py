"""Benchmark of the indicator engine at national scale.

Synthetic data: ~2,850 county-level units in ~330 city groups (+ the cities' own rows),
the real 30-indicator catalogue (26 observed, 4 formula-derived), annual 2015-2026 and
quarterly 2019-2026 (累计 for cumulative flows, period-end for stocks): ~3.6M observed rows.

Times (median of 5, after one small build that loads the compiled kernels): build_analysis (growth, de-cumulation, derived indicators, ranks,
shares) and one page query (query_group: one group, one indicator, all periods). The process keeps the build's
freed memory for the next build, as the server does (indicators.memory.keep_freed_memory, called by
app.create_app); two more builds each follow 5 s idle (a publish after a quiet spell: the host may have taken
freed memory back by then). The same protocol runs in a child process without that policy (`--plain-child`),
for comparison: the build as a plain numpy program frees.
References, measured on the same data in the same run (median of 3): the same steps written plainly in
pandas and in polars (bench/reference_pipelines.py); the ratios are theirs over ours (bar: >= 3).
Peak memory: one build in a fresh child process with the server's memory policy, and one without (peak
resident memory, VmHWM, reset after the input data is made; `--peak-child [--plain]` runs just that). Last line:
one JSON object.

Run: .venv/bin/python bench/indicators.py [--quick]
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parent))  # after the root: bench/indicators.py is not the package

from data.catalogue import load_indicators  # noqa: E402
from indicators.memory import keep_freed_memory  # noqa: E402
from indicators.pipeline import build_analysis, query_group  # noqa: E402
from indicators.ranking import default_groups  # noqa: E402
from reference_pipelines import pandas_pipeline, polars_pipeline  # noqa: E402

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


def make_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicators, regions, obs, groups) of the national benchmark: the same seeded data in every process."""
    rng = np.random.default_rng(20240601)
    indicators = load_indicators()
    regions = make_regions(rng)
    return indicators, regions, make_obs(regions, indicators, rng), default_groups(regions)


def _median_run(fn, runs: int) -> tuple[float, float, list[float]]:
    """(median wall s, median CPU s, wall times) of `runs` calls of fn()."""
    times, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        del out
    return statistics.median(times), statistics.median(cpu), times


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_child() -> None:
    """Run in a child process: make the data, then reset the peak (Linux: 5 > /proc/self/clear_refs, after
    handing freed heap back with malloc_trim) so the generator's own peak does not count, build once, and
    print the resident memory before and the peak during the build (MB)."""
    import ctypes
    import gc

    if "--plain" not in sys.argv:
        keep_freed_memory()  # the server's policy (app.create_app)
    indicators, regions, obs, groups = make_inputs()
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_mb("VmRSS")
    analysis = build_analysis(obs, indicators, regions, None, groups)
    peak = _status_mb("VmHWM")
    print(json.dumps({"input_mb": round(before, 1), "peak_mb": round(peak, 1),
                      "build_mb": round(peak - before, 1),
                      "snapshot_mb": round(analysis.memory_usage(deep=False).sum() / 2**20, 1),
                      "snapshot_distinct_mb": round(_distinct_bytes(analysis) / 2**20, 1)}))


def _distinct_bytes(frame: pd.DataFrame) -> int:
    """Bytes of the frame's distinct numpy buffers (columns equal by rule share one: counted once)."""
    seen = {}
    for name in frame.columns:
        arr = frame[name].array
        parts = [arr.codes] if hasattr(arr, "codes") else [arr._data, arr._mask] if hasattr(arr, "_mask") \
            else [np.asarray(arr)]
        for buf in parts:
            while isinstance(getattr(buf, "base", None), np.ndarray):
                buf = buf.base
            seen[id(buf)] = buf.nbytes
    return sum(seen.values())


def measure_peak(plain: bool = False) -> dict:
    """Peak memory of one full build, in a fresh child process (its max RSS: getrusage RUSAGE_CHILDREN); plain:
    without the server's memory policy."""
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--peak-child", *(["--plain"] if plain else [])],
                         capture_output=True, text=True, timeout=1800, check=True)
    figures = json.loads(res.stdout.strip().splitlines()[-1])
    figures["children_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)  # with
    # the generator's peak: for reference only
    return figures


IDLE_S = 5.0  # the pause before each "after idle" build


def build_times(obs, indicators, regions, groups, runs: int) -> dict:
    """Wall times of `runs` back-to-back full builds and of two builds each after IDLE_S seconds idle, with the
    CPU time (user + system, all threads) and the system time alone (page faults) of each build."""
    def one() -> tuple[float, float, float]:
        r0, t = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        out = build_analysis(obs, indicators, regions, None, groups)
        wall, r1 = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF)
        del out
        return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), r1.ru_stime - r0.ru_stime
    b2b = [one() for _ in range(runs)]
    idle = []
    for _ in range(2):
        time.sleep(IDLE_S)
        idle.append(one())
    return {"median_s": statistics.median(x[0] for x in b2b), "cpu_median_s": statistics.median(x[1] for x in b2b),
            "times": [round(x[0], 3) for x in b2b], "sys": [round(x[2], 2) for x in b2b],
            "after_idle": [round(x[0], 3) for x in idle], "after_idle_sys": [round(x[2], 2) for x in idle]}


def plain_child() -> None:
    """Run in a child process without keep_freed_memory: the same builds (build_times, 3 back to back), printed as
    one JSON line."""
    indicators, regions, obs, groups = make_inputs()
    build_analysis(obs.iloc[:50_000], indicators, regions, None, groups)
    print(json.dumps(build_times(obs, indicators, regions, groups, 3)))


def main(quick: bool = False) -> dict:
    kept = keep_freed_memory()  # the server's policy (app.create_app), before any thread allocates
    indicators, regions, obs, groups = make_inputs()
    print(f"rows: {len(obs):,} observed; regions: {len(regions):,}; groups: {groups['group'].nunique()}")

    runs = 2 if quick else 5
    t = time.perf_counter()
    build_analysis(obs.iloc[:50_000], indicators, regions, None, groups)  # loads the compiled kernels (once per
    print(f"first build in the process (compiled kernels loaded): {time.perf_counter() - t:.2f} s on 50k rows")  # process)
    bt = build_times(obs, indicators, regions, groups, runs)
    full, full_cpu, times = bt["median_s"], bt["cpu_median_s"], bt["times"]
    analysis = build_analysis(obs, indicators, regions, None, groups)
    n_out = int(len(analysis))
    print(f"full pipeline (freed memory kept for the next build: {kept}): median {full:.3f} s wall over {runs} runs "
          f"{times} (CPU time median {full_cpu:.3f} s over both cores; system time {bt['sys']} s); after "
          f"{IDLE_S:.0f} s idle: {bt['after_idle']} s (system {bt['after_idle_sys']} s); output rows "
          f"{len(analysis):,}, columns {analysis.shape[1]}")

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

    del analysis, page
    # the same steps written plainly in pandas and in polars (bench/reference_pipelines.py), same data, same run
    ref_runs = 1 if quick else 3
    pd_s, pd_cpu, pd_times = _median_run(lambda: pandas_pipeline(obs, indicators, groups), ref_runs)
    print(f"plain pandas implementation: median {pd_s:.3f} s wall over {ref_runs} runs "
          f"{[round(x, 3) for x in pd_times]} (CPU {pd_cpu:.3f} s): {pd_s / full:.1f}x ours")
    pl_s, pl_cpu, pl_times = _median_run(lambda: polars_pipeline(obs, indicators, groups), ref_runs)
    print(f"polars implementation: median {pl_s:.3f} s wall over {ref_runs} runs "
          f"{[round(x, 3) for x in pl_times]} (CPU {pl_cpu:.3f} s, all cores): {pl_s / full:.1f}x ours "
          "(the references skip reasons, breaks, reported 同比, ties and share changes: they do less work)")
    plain = json.loads(subprocess.run([sys.executable, str(Path(__file__).resolve()), "--plain-child"],
                                      capture_output=True, text=True, timeout=1800, check=True).stdout.splitlines()[-1])
    print(f"the same builds without keeping freed memory (a child process): median {plain['median_s']:.3f} s over "
          f"3 runs {plain['times']} (system {plain['sys']} s); after {IDLE_S:.0f} s idle: {plain['after_idle']} s "
          f"(system {plain['after_idle_sys']} s)")
    peak = measure_peak()
    plain_peak = measure_peak(plain=True)
    print(f"peak memory of one full build in a fresh process (with the policy; without it, the build adds "
          f"{plain_peak['build_mb']:.0f} MB): {peak['peak_mb']:.0f} MB resident at most "
          f"(VmHWM), of which the input data {peak['input_mb']:.0f} MB before the build: the build adds "
          f"{peak['build_mb']:.0f} MB at its peak (the analysis frame it returns: {peak['snapshot_distinct_mb']:.0f} MB "
          f"of distinct buffers; {peak['snapshot_mb']:.0f} MB counting each column, where columns equal by rule share "
          "one array)")
    result = {
        "rows": int(len(obs)),
        "analysis_rows": n_out,
        "full_pipeline_s": round(full, 3),
        "full_pipeline_cpu_s": round(full_cpu, 3),
        "full_pipeline_min_s": round(min(times), 3),
        "full_pipeline_runs_s": times,
        "after_idle_s": bt["after_idle"],
        "keeps_freed_memory": kept,
        "plain_median_s": round(plain["median_s"], 3),
        "plain_after_idle_s": plain["after_idle"],
        "one_group_ms": round(one_group_ms, 3),
        "peak_mb": peak["peak_mb"],
        "input_mb": peak["input_mb"],
        "build_peak_mb": peak["build_mb"],
        "plain_build_peak_mb": plain_peak["build_mb"],
        "snapshot_distinct_mb": peak["snapshot_distinct_mb"],
        "pandas_s": round(pd_s, 3),
        "polars_s": round(pl_s, 3),
        "pandas_ratio": round(pd_s / full, 2),
        "polars_ratio": round(pl_s / full, 2),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
        "targets": {"full_pipeline_s": 0.5, "one_group_ms": 20.0, "peak_mb": 800, "pandas_ratio": 3.0,
                    "polars_ratio": 3.0},
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    if "--peak-child" in sys.argv:
        peak_child()
    elif "--plain-child" in sys.argv:
        plain_child()
    else:
        main(quick="--quick" in sys.argv)
