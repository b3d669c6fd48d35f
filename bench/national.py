"""A national-scale benchmark database: about 2,850 county-level units in about 330 cities.

Hebei keeps its real catalogue (with 清河县 and the demo's 邢台 figures); the other 30 provinces get
synthetic cities and counties. Annual 2015–2025 for every base indicator, quarterly 累计 2023Q1–2026Q3
for flows. Used by bench/pages.py and bench/load.py:

    python bench/national.py /tmp/national      # builds /tmp/national/dashboard.sqlite once
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data import store  # noqa: E402
from data.bootstrap import ensure_database  # noqa: E402
from data.catalogue import load_indicators, load_regions  # noqa: E402
from data.db import make_engine  # noqa: E402
from data.frames import OBS_COLUMNS, conform  # noqa: E402

PROVINCES = [11, 12, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
             53, 54, 61, 62, 63, 64, 65]
TARGET_COUNTIES = 2850
YEARS = range(2015, 2026)


def national_regions(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    hebei = load_regions()
    rows = [dict(r._asdict()) for r in hebei.itertuples(index=False)]
    need = TARGET_COUNTIES - int((hebei["level"] == "county").sum())
    per_province = np.full(len(PROVINCES), need // len(PROVINCES))
    per_province[: need % len(PROVINCES)] += 1
    order = len(rows)
    for p, n_counties in zip(PROVINCES, per_province):
        prov = f"{p}0000"
        rows.append(dict(code=prov, name=f"省{p}", name_en=f"Province {p}", short_name=f"省{p}", level="province",
                         parent=None,
                         aliases=(), in_rankings=False, order=order))
        n_cities = max(1, round(n_counties / 9))
        sizes = rng.multinomial(n_counties - n_cities, np.ones(n_cities) / n_cities) + 1
        for c, size in enumerate(sizes, start=1):
            city = f"{p}{c:02d}00"
            rows.append(dict(code=city, name=f"市{p}{c:02d}", name_en=f"City {p}{c:02d}", short_name=f"市{p}{c:02d}",
                             level="city",
                             parent=prov, aliases=(), in_rankings=False, order=order))
            for k in range(1, size + 1):
                rows.append(dict(code=f"{p}{c:02d}{k:02d}", name=f"县{p}{c:02d}{k:02d}",
                                 name_en=f"County {p}{c:02d}{k:02d}",
                                 short_name=f"县{p}{c:02d}{k:02d}", level="county", parent=city, aliases=(),
                                 in_rankings=True, order=order))
                order += 1
    return pd.DataFrame(rows)


def national_observations(regions: pd.DataFrame, seed: int = 11) -> pd.DataFrame:
    from data.demo import demo_observations

    rng = np.random.default_rng(seed)
    inds = load_indicators()
    base = inds[inds["formula"].isna()]
    counties = regions[(regions["level"] == "county") & ~regions["code"].str.startswith("1305")]
    codes = counties["code"].to_numpy()
    frames = []
    for ind in base.itertuples():
        level = np.exp(rng.normal(np.log(5000 if ind.kind == "amount" else 40), 0.8, len(codes)))
        growth = rng.normal(0.08, 0.04, len(codes))
        for y in YEARS:
            v = level * (1 + growth) ** (y - 2023)
            frames.append(pd.DataFrame({"indicator": ind.code, "region": codes, "period": str(y),
                                        "period_kind": "Y", "is_ytd": False, "value": np.round(v)}))
            if ind.cumulative and y >= 2023:
                for q, share in zip(range(1, 5), (0.22, 0.47, 0.73, 1.0)):
                    frames.append(pd.DataFrame({"indicator": ind.code, "region": codes, "period": f"{y}Q{q}",
                                                "period_kind": "Q", "is_ytd": True, "value": np.round(v * share)}))
    df = pd.concat(frames, ignore_index=True)
    parent = regions.set_index("code")["parent"]
    city = df.assign(region=df["region"].map(parent)).groupby(
        ["indicator", "region", "period", "period_kind", "is_ytd"], as_index=False)["value"].sum()
    df = pd.concat([df, city, demo_observations()], ignore_index=True)
    df = df.drop_duplicates(["indicator", "region", "period", "is_ytd"], keep="last")
    return conform(df.assign(status="final"), OBS_COLUMNS)


def build(folder: Path) -> Path:
    """Build (once) and return the SQLite file of a national-scale instance folder."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "dashboard.sqlite"
    if db.exists():
        return db
    t0 = time.perf_counter()
    regions = national_regions()
    obs = national_observations(regions)
    tmp = folder / "building.sqlite"
    tmp.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{tmp}")
    ensure_database(engine, load_demo=False)
    with engine.begin() as conn:
        store.set_setting(conn, "regions_source", "national-benchmark")
        store.sync_regions(conn, regions)
        rev = store.create_revision(conn, obs, created_by="bench", kind="import", file_name="national.xlsx")
        store.publish(conn, rev, "bench-approver", allow_draft=True)
    engine.dispose()
    tmp.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    print(f"built {db}: {int((regions['level'] == 'county').sum())} counties, {len(obs):,} rows "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return db


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/national"))
