"""Digests of the analysis build (indicators.pipeline.build_analysis) on the demo data and two seeded random
samples, per column: the sha256 of pandas' row hashes of the column's values, and its dtype.

Issue 18 §2 asks that the faster build keep the result identical to the one before it. The file
`golden/build_digests.json` beside this module was written by this script on commit f4d81b3 (the last build before the
issue 18 rewrite) and equals what the rewritten build gives; tests/indicators/test_build_identical.py compares
the current build with it column by column.

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
SOURCES = ("demo", 5, 23)


def build(source: str | int) -> pd.DataFrame:
    """The analysis frame of one source: "demo" (data.demo) or a seed of test_build_order._random_obs."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "indicators")]
    from test_build_order import _random_obs

    from data.catalogue import load_indicators, load_regions, total_parts
    from data.demo import demo_observations
    from data.frames import OBS_COLUMNS, conform
    from indicators import pipeline

    regions = load_regions()
    obs = conform(demo_observations(), OBS_COLUMNS) if source == "demo" else _random_obs(int(source), regions)
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
