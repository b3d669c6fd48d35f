"""What an import would do to the published figures: add, change (old -> new), or leave untouched."""
from __future__ import annotations

import numpy as np
import pandas as pd

KEY = ["indicator", "region", "period", "is_ytd"]
SHOW = ["indicator", "region", "period", "is_ytd", "old", "new", "cell"]


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    both_nan = a.isna() & b.isna()
    close = np.isclose(a.fillna(0).to_numpy(float), b.fillna(0).to_numpy(float), rtol=1e-9, atol=1e-9)
    return both_nan | (close & a.notna() & b.notna())


def _text(column: pd.Series) -> np.ndarray:
    """column.astype(str) as an object array. A column holding text only is that already: it is returned
    as it is, without the round trip through pandas' Arrow strings (a tenth of a second per 100k rows)."""
    values = column.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return values
    return column.astype(str).to_numpy(dtype=object)


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The distinct keys of a frame, normalised (text, text, text, bool) so that both sides compare alike."""
    return pd.DataFrame({"indicator": _text(frame["indicator"]), "region": _text(frame["region"]),
                         "period": _text(frame["period"]),
                         "is_ytd": frame["is_ytd"].astype(bool).to_numpy()}).drop_duplicates()


def _same_periods(new: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """The rows of `new` whose period (as _keys writes it) is among `keys`' periods: the only rows whose key
    can equal one of `keys`, so _count_missing(keys, _keys(them)) is _count_missing(keys, _keys(new)). An
    import of other years than the published ones keys a few rows instead of all of them."""
    wanted = pd.unique(keys["period"].to_numpy(dtype=object))
    return new[pd.Series(_text(new["period"]), dtype=object).isin(wanted).to_numpy()]


def _count_missing(keys: pd.DataFrame, among: pd.DataFrame) -> int:
    """How many distinct rows of `keys` are not in `among` (a set difference, by an anti-join)."""
    if keys.empty:
        return 0
    if among.empty:
        return int(len(keys))
    m = keys.merge(among, on=KEY, how="left", indicator="_m")
    return int((m["_m"] == "left_only").sum())


def diff(obs: pd.DataFrame, published: pd.DataFrame) -> dict:
    """Counts and tables. `published` should cover at least the import's indicators and regions."""
    new = obs[KEY + ["value"] + (["cell"] if "cell" in obs else [])].rename(columns={"value": "new"})
    if "cell" not in new:
        new["cell"] = ""
    old = published[KEY + ["value"]].rename(columns={"value": "old"}) if len(published) else \
        pd.DataFrame(columns=KEY + ["old"])
    merged = new.merge(old, on=KEY, how="left", indicator="_m")
    added = merged[merged["_m"] == "left_only"]
    existing = merged[merged["_m"] == "both"]
    same = _same(existing["old"], existing["new"])
    changed = existing[~same.to_numpy()]
    unchanged = existing[same.to_numpy()]
    # untouched: distinct published keys of the import's indicators that the import does not name — a set
    # difference, so repeated rows in a file or in `published` cannot move it (it once read 4400 / 4840 / 1319
    # for the same data)
    inds = new["indicator"].to_numpy(dtype=object)
    scope = sorted(set(pd.unique(inds)) if pd.api.types.infer_dtype(inds, skipna=False) == "string"
                   else set(new["indicator"].astype(str)))
    pub_keys = _keys(published[pd.Series(_text(published["indicator"])).isin(scope).to_numpy()]) \
        if len(published) else pd.DataFrame(columns=KEY)
    untouched = _count_missing(pub_keys, _keys(_same_periods(new, pub_keys))) if len(pub_keys) else 0
    return {
        "counts": {"added": int(len(added)), "changed": int(len(changed)), "unchanged": int(len(unchanged)),
                   "untouched": int(untouched), "indicators": len(scope)},
        "added": added[SHOW].reset_index(drop=True),
        "changed": changed[SHOW].reset_index(drop=True),
    }


def to_json(preview: dict, limit: int = 500) -> dict:
    def rows(df):
        df = df.head(limit).astype(object)
        return df.where(df.notna(), None).to_dict("records")
    out = {"counts": preview["counts"], "added": rows(preview["added"]), "changed": rows(preview["changed"])}
    if "cells" in preview:   # the cell accounting: counts by fate, and the structure rows skipped with why
        out["cells"] = preview["cells"]
        out["skipped"] = list(preview.get("skipped", []))[:limit]
    return out
