"""JSON schemas (OpenAPI 3.0 dialect) of what the API returns; the spec and tests use them."""
from __future__ import annotations

from data.catalogue import load_indicators
from server.api.params import PERIOD_PATTERN


def _n(type_: str, **kw) -> dict:
    return {"type": type_, "nullable": True, **kw}


STR, INT, NUM, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}

REGION = {"type": "object", "required": ["code", "name", "level"], "properties": {
    "code": STR, "name": STR, "name_en": {"type": "string", "description": "English name: Qinghe County"},
    "short_name": STR,
    "level": {"type": "string", "enum": ["province", "city", "county", "devzone"]},
    "parent": _n("string"), "in_rankings": BOOL, "aliases": {"type": "array", "items": STR}}}

INDICATOR = {"type": "object", "required": ["code", "name_zh", "name_en", "unit"], "properties": {
    "code": STR, "name_zh": STR, "short_zh": STR, "name_en": STR, "unit": STR, "decimals": INT,
    "polarity": {"type": "integer", "enum": [1, -1]}, "kind": {"type": "string", "enum": ["amount", "count", "ratio"]},
    "cumulative": BOOL, "additive": BOOL, "formula": _n("string"), "parent": _n("string"),
    "source": _n("string"), "definition_zh": _n("string"), "definition_en": _n("string"), "key": BOOL,
    "aliases": {"type": "array", "items": STR}}}

OBSERVATION = {"type": "object",
               "required": ["indicator", "region", "period", "value", "unit", "yoy_pct", "rank", "group_size"],
               "properties": {
                   "indicator": STR, "indicator_name": _n("string"), "indicator_name_en": _n("string"),
                   "region": STR, "region_name": _n("string"), "region_name_en": _n("string"),
                   "period": STR, "period_kind": {"type": "string", "enum": ["Y", "Q", "M"]}, "is_ytd": BOOL,
                   "value": _n("number", description="in `unit`; null when missing"),
                   "unit": _n("string"),
                   "yoy_pct": _n("number", description="同比 in % (amounts and counts)"),
                   "yoy_pp": _n("number", description="同比 change in percentage points (ratios)"),
                   "yoy_reason": _n("string", description="why 同比 is empty"),
                   "rank": _n("integer", description="位次 within the comparison group"),
                   "group_size": _n("integer"), "n_ranked": _n("integer"), "tied": BOOL,
                   "rank_change": _n("integer", description="positive: moved up since a year earlier"),
                   "share_pct": _n("number", description="share of the group total, %"),
                   "group": _n("string"), "is_derived": BOOL,
                   "derived_from_ytd": {"type": "boolean", "description": "a single quarter worked out from 累计"},
                   "status": _n("string"), "note": _n("string"),
                   "source": _n("string")}}

ERROR = {"type": "object", "required": ["error", "message_zh", "message_en"], "properties": {
    "error": STR, "message_zh": STR, "message_en": STR, "status": INT, "detail": {}}}


def page_of(item: dict, **extra) -> dict:
    """JSON schema of a page of `item`s: total, limit, offset, next (URI or null), items, plus `extra` fields."""
    return {"type": "object", "required": ["total", "limit", "offset", "next", "items"], "properties": {
        "total": INT, "limit": INT, "offset": INT, "next": _n("string", format="uri"),
        **extra, "items": {"type": "array", "items": item}}}


SNAPSHOT_META = {"as_of": _n("string"), "data_version": INT, "is_demo": BOOL}


def _regions():
    from server.context import snapshot

    return snapshot().regions


def region_code() -> dict:
    """JSON schema of a region code: an enum of the store's region codes, read when the spec is built."""
    return {"type": "string", "enum": list(_regions()["code"])}


def indicator_code() -> dict:
    """JSON schema of an indicator code: an enum of the catalogue's codes."""
    return {"type": "string", "enum": list(load_indicators()["code"])}


def group_code() -> dict:
    """JSON schema of a comparison group: an enum of the city codes (a city's units form its group)."""
    regions = _regions()
    return {"type": "string", "enum": list(regions.loc[regions["level"] == "city", "code"])}


PERIOD = {"type": "string", "pattern": PERIOD_PATTERN, "example": "2023"}


RANK_ROW = {"type": "object", "required": ["region", "value", "measure", "rank", "group_size", "is_home"],
            "properties": {
                "region": STR, "name": _n("string"), "short_name": _n("string"),
                "value": _n("number", description="the level, in the indicator's catalogue unit"),
                "measure": _n("number", description="the ranked figure, rounded to its displayed precision"),
                "rank": _n("integer", description="null when no rank is published (incomplete group)"),
                "tied": BOOL, "rank_prev": _n("integer"), "rank_change": _n("integer"),
                "n_ranked": _n("integer"), "group_size": INT, "is_home": BOOL}}
RANKING_META = {"indicator": STR, "period": STR, "period_label": STR, "is_ytd": BOOL, "measure": STR, "unit": STR,
                "group": STR, "group_name": STR, "reported": INT, "comparable": INT, "expected": INT, "complete": BOOL,
                "scope": {"type": "string", "enum": ["city", "reported", "none"]}, "within_reported": BOOL,
                "state": STR, "home": STR, "home_rank_text": STR, "average": _n("number"), "average_label": STR,
                "sentence": STR,
                "notes": {"type": "array", "items": STR,
                          "description": "口径调整、说明、年报与累计不一致 on the period's figures (figures.notes)"},
                **SNAPSHOT_META}
