"""Load the region and indicator catalogues (data files in data/catalogue/)."""
from __future__ import annotations

import csv
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
# The first customer's county (清河县, GB/T 2260); the HOME_REGION setting's default.
DEFAULT_HOME_REGION = "130534"

INDICATOR_COLUMNS = [
    "code", "name_zh", "short_zh", "name_en", "unit", "decimals", "polarity", "kind",
    "cumulative", "additive", "formula", "parent", "aliases", "source",
    "definition_zh", "definition_en", "key", "order",
]
REGION_COLUMNS = ["code", "name", "name_en", "short_name", "level", "parent", "aliases", "in_rankings", "order"]


@cache
def _indicator_records() -> tuple[dict, ...]:
    with open(CATALOGUE_DIR / "indicators.toml", "rb") as fh:
        raw = tomllib.load(fh)["indicator"]
    out = []
    for i, rec in enumerate(raw):
        rec = dict(rec)
        rec.setdefault("formula", None)
        rec.setdefault("parent", None)
        rec.setdefault("aliases", [])
        rec.setdefault("key", False)
        rec.setdefault("short_zh", rec["name_zh"])
        rec["aliases"] = tuple(rec["aliases"])
        rec["order"] = i
        out.append(rec)
    return tuple(out)


def load_indicators() -> pd.DataFrame:
    """The indicator catalogue, one row per indicator, columns INDICATOR_COLUMNS.

    `aliases` is a tuple of strings; `formula` and `parent` are None when absent.
    A copy of a frame built once per process (the file ships with the code): callers may modify it.
    """
    return _indicator_frame().copy()


@cache
def _indicator_frame() -> pd.DataFrame:
    df = pd.DataFrame([dict(r) for r in _indicator_records()], columns=INDICATOR_COLUMNS)
    df["decimals"] = df["decimals"].astype(int)
    df["polarity"] = df["polarity"].astype(int)
    df["order"] = df["order"].astype(int)
    for col in ("cumulative", "additive", "key"):
        df[col] = df[col].astype(bool)
    return df


@cache
def _region_records() -> tuple[dict, ...]:
    with open(CATALOGUE_DIR / "regions.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for i, r in enumerate(rows):
        out.append({
            "code": r["code"],
            "name": r["name"],
            "name_en": r.get("name_en") or "",
            "short_name": r["short_name"],
            "level": r["level"],
            "parent": r["parent"] or None,
            "aliases": tuple(a for a in r["aliases"].split("|") if a),
            "in_rankings": r["in_rankings"] == "1",
            "order": i,
        })
    return tuple(out)


def load_regions() -> pd.DataFrame:
    """Region catalogue: province, cities, county-level units and development zones.

    name_en is the English name (pinyin with the official suffix: "Qinghe County", "Shahe City");
    level is one of province | city | county | devzone; `parent` is the city (or province) code;
    `in_rankings` is False for development zones, which report separately but are not ranked.
    """
    return pd.DataFrame([dict(r) for r in _region_records()], columns=REGION_COLUMNS)


# One definition of a city's total (全市合计), used by shares (indicators.shares via data.snapshot), the import's
# total check (data.imports.validate) and the exports: the city's county-level units AND its development zones,
# as the city's reported totals are. Rankings compare county-level units only (in_rankings); development zones
# report separately but count in the total.
CITY_TOTAL_LEVELS = ("county", "devzone")


def total_parts(regions: pd.DataFrame, city: str | None = None) -> pd.DataFrame:
    """(region, group): the regions whose figures add up to each city's total (CITY_TOTAL_LEVELS), for one
    city or all. regions: shaped like load_regions() (code, level, parent)."""
    sel = regions[regions["level"].astype(str).isin(CITY_TOTAL_LEVELS).to_numpy() & regions["parent"].notna().to_numpy()]
    if city is not None:
        sel = sel[(sel["parent"].astype(str) == str(city)).to_numpy()]
    return pd.DataFrame({"region": sel["code"].astype(str).to_numpy(), "group": sel["parent"].astype(str).to_numpy()})
