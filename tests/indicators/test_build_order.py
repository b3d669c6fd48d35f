"""The analysis build runs its row kernels on several threads, each over a range of rows, indicators or cube lines
(issue 18.2): the frame equals the one computed on one thread, on the demo data and on seeded random data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.catalogue import load_indicators, load_regions, total_parts
from data.demo import demo_observations
from data.frames import OBS_COLUMNS, conform
from indicators import kernels, pipeline


def _random_obs(seed: int, regions: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    inds = load_indicators()
    codes = regions.loc[regions["level"].isin(["county", "city"]), "code"].to_numpy()
    rows = []
    for ind in inds[inds["formula"].isna()].itertuples():
        for reg in rng.choice(codes, 25, replace=False):
            for year in range(2019, 2025):
                periods = [(str(year), "Y", False)] + ([(f"{year}Q{q}", "Q", True) for q in range(1, 5)]
                                                       if ind.cumulative else [])
                for period, kind, ytd in periods:
                    if rng.random() < 0.15:
                        continue
                    rows.append((ind.code, reg, period, kind, ytd,
                                 float(rng.lognormal(5, 1)) if rng.random() > 0.05 else np.nan,
                                 float(rng.normal(6, 2)) if rng.random() < 0.1 else np.nan,
                                 rng.choice(["final", "preliminary", "revised"]),
                                 "注" if rng.random() < 0.03 else None))
    frame = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value",
                                        "reported_yoy", "status", "note"])
    return conform(frame.assign(revision_id=1), OBS_COLUMNS)


@pytest.mark.parametrize("source", ["demo", 5, 23])
def test_build_equals_the_one_step_after_another_build(source, monkeypatch):
    regions = load_regions()
    obs = conform(demo_observations(), OBS_COLUMNS) if source == "demo" else _random_obs(source, regions)
    annotations = pd.DataFrame({"indicator": ["GDP"], "region": [None], "period": ["2022"],
                                "kind": ["series_break"], "text": ["口径调整"]})
    args = (obs, load_indicators(), regions, annotations)
    monkeypatch.setattr(kernels, "SPLIT_FROM", 1)    # split however small the work
    monkeypatch.setattr(pipeline, "PARALLEL", 2)     # three parts: uneven ranges too
    got = pipeline.build_analysis(*args, total_parts=total_parts(regions))
    monkeypatch.setattr(pipeline, "PARALLEL", 0)
    expected = pipeline.build_analysis(*args, total_parts=total_parts(regions))
    assert len(got) > 1000
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs == expected.attrs
