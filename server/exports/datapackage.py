"""The published data as a Frictionless Data Package: datapackage.json plus CSV files, zipped.

observations.csv holds the published figures (what the store serves, not the derived analysis),
with regions.csv and indicators.csv as the code lists they refer to.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import io
import json
import zipfile

import pandas as pd

from data.catalogue import load_indicators
from server.exports.csv_safe import to_csv
from server.exports.labels import demo_notice

if TYPE_CHECKING:
    from data.snapshot import Snapshot
    from server.exports.meta import ExportMeta

OBS_FIELDS = [
    ("indicator", "string", "指标代码"), ("region", "string", "地区代码 (GB/T 2260)"),
    ("period", "string", "期别：2023、2023Q3 或 2023M09"), ("period_kind", "string", "Y | Q | M"),
    ("is_ytd", "boolean", "累计（年初至今）"), ("value", "number", "数值，单位见 indicators.csv"),
    ("reported_yoy", "number", "报表所列同比（%）"), ("base_value", "number", "同口径上年基数"),
    ("status", "string", "preliminary 快报 | final 正式 | revised 修订 | estimated 估算"),
    ("note", "string", "备注"), ("revision_id", "integer", "数据所属的修订（导入批次）"),
]
REGION_FIELDS = [("code", "string", "地区代码"), ("name", "string", "名称"), ("name_en", "string", "英文名称"),
                 ("short_name", "string", "简称"),
                 ("level", "string", "province | city | county | devzone"), ("parent", "string", "上级地区代码"),
                 ("in_rankings", "boolean", "是否参与排名")]
INDICATOR_FIELDS = [("code", "string", "指标代码"), ("name_zh", "string", "指标名称"), ("name_en", "string", "英文名称"),
                    ("unit", "string", "单位"), ("decimals", "integer", "小数位"), ("kind", "string", "amount | count | ratio"),
                    ("formula", "string", "计算公式"), ("source", "string", "数据来源"),
                    ("definition_zh", "string", "指标解释")]


def _schema(fields: list[dict], key: str | list[str], foreign: list[dict] | None = None) -> dict:
    out = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields], "primaryKey": key,
           "missingValues": [""]}
    if foreign:
        out["foreignKeys"] = foreign
    return out


def _resource(name: str, title: str, fields: list[dict], key: str | list[str], foreign: list[dict] | None = None) -> dict:
    return {"name": name, "title": title, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": _schema(fields, key, foreign)}


def descriptor(meta: ExportMeta, created: str) -> dict:
    """The Frictionless tabular data package descriptor (datapackage.json) of the published data:
    three resources (observations, regions, indicators) with field types, keys and foreign keys; the demo
    notice in the title and description when the data are demo data.
    """
    desc = "清河县科技指标看板已发布数据（含全市各县）。"
    if meta.is_demo:
        desc = demo_notice("zh") + desc
    return {
        "profile": "tabular-data-package",
        "name": "county-st-indicators",
        "title": "县域科技指标看板 · 已发布数据" + ("（示例数据）" if meta.is_demo else ""),
        "description": desc,
        "version": f"1.0.{meta.version}",
        "created": created,
        "keywords": ["科技", "R&D", "县域"] + (["示例数据"] if meta.is_demo else []),
        "resources": [
            _resource("observations", "已发布观测值", OBS_FIELDS, ["indicator", "region", "period", "is_ytd"], [
                {"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}},
                {"fields": "region", "reference": {"resource": "regions", "fields": "code"}}]),
            _resource("regions", "地区目录", REGION_FIELDS, ["code"]),
            _resource("indicators", "指标目录", INDICATOR_FIELDS, ["code"]),
        ],
    }


def build_zip(snap: Snapshot, meta: ExportMeta, created: str) -> bytes:
    """The data package as ZIP bytes: datapackage.json and one CSV per resource (observations
    sorted by indicator, region, period, 累计 flag), every CSV through csv_safe.
    """
    obs = snap.observations.sort_values(["indicator", "region", "period", "is_ytd"])
    frames = {
        "observations": obs[[f[0] for f in OBS_FIELDS]],
        "regions": snap.regions[[f[0] for f in REGION_FIELDS]],
        "indicators": load_indicators()[[f[0] for f in INDICATOR_FIELDS]],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("datapackage.json", json.dumps(descriptor(meta, created), ensure_ascii=False, indent=2))
        for name, frame in frames.items():
            # No BOM: data tools read plain UTF-8; text cells still get the formula guard.
            zf.writestr(f"{name}.csv", to_csv(pd.DataFrame(frame), bom=False))
    return buf.getvalue()
