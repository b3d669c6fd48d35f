"""地图 selections: the group's county polygons (data/geo) joined on 区划码 with one measure per county."""
from __future__ import annotations
from typing import TYPE_CHECKING

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from layouts import model
from layouts import rankings_model as rm

if TYPE_CHECKING:
    from data.snapshot import Snapshot

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "geo" / "hebei_counties.geojson"
MEASURES = ("value", "yoy", "rank")


@lru_cache(maxsize=1)
def _counties() -> tuple[dict, ...]:
    # a static file shipped with the code (not data from the store), so one parse per process is safe;
    # the features are shared read-only by every figure
    return tuple(json.loads(GEOJSON.read_text(encoding="utf-8"))["features"])


def polygons(codes: list[str]) -> dict:
    """A FeatureCollection of the given counties (adcode = 区划码); codes without a polygon are left out."""
    wanted = set(codes)
    feats = [f for f in _counties() if f["properties"].get("adcode") in wanted]
    return {"type": "FeatureCollection", "features": feats}


def table(indicator: str, period: str, snap: Snapshot) -> pd.DataFrame:
    """Every county of the group with value, 同比 and level rank for the period."""
    group = model.group_of(snap=snap)
    level = rm.ranking(indicator, period, "value", snap, group)
    yoy = rm.ranking(indicator, period, "yoy", snap, group).set_index("region")["measure"]
    return level.assign(yoy=level["region"].map(yoy))  # rm.ranking's frame is shared: not modified


def devzone_rows(indicator: str, period: str, snap: Snapshot) -> list[dict]:
    """Development zones report figures but have no polygon: listed beside the map."""
    group = model.group_of(snap=snap)
    out = []
    for code in model.devzones(group, snap=snap):
        rows = model.region_rows(code, [indicator], snap=snap)
        rows = rows[(rows["period"] == period).to_numpy() & ~rows["derived_from_ytd"].to_numpy()]
        rows = rows[(rows["is_ytd"] == (len(period) > 4 and bool(model.meta(indicator)["cumulative"]))).to_numpy()]
        r = rows.iloc[0] if len(rows) else None
        out.append({"region": code, "name": model.region_name(code, snap=snap),
                    "value": None if r is None else r["value"],
                    "yoy": None if r is None else r[model.change_column(str(model.meta(indicator)["kind"]))]})
    return out
