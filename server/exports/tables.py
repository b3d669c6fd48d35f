"""Tables for the Excel and CSV downloads: which columns, their Chinese headers, kinds and decimals.

`table=observations` (the API's observation rows for the same filters), `regions` or `indicators`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.catalogue import load_indicators
from data.frames import STATUS_ZH
from indicators import formatting as fmt
from indicators.reasons import explain
from server.api.query import indicators_table, regions_table
from texts.i18n import MESSAGES, source_text, t, unit_label

TABLES = ("observations", "regions", "indicators")


@dataclass(frozen=True)
class Col:
    """One exported column: frame key, zh and en headers, kind (text | int | number | pct | bool),
    decimals (a number, or the frame column holding each row's decimals) and the Excel width.
    """
    key: str
    zh: str
    en: str
    kind: str = "text"  # text | int | number | pct | bool
    decimals: int | str = 2  # a number, or the name of a frame column holding each row's decimals
    width: int = 12


@dataclass(frozen=True)
class ExportTable:
    """A table ready for export: name, titles, columns (Col) and the frame holding at least
    their keys, with notes for the metadata sheet.
    """
    name: str
    title_zh: str
    title_en: str
    columns: list[Col]
    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def header(self, lang: str = "zh") -> list[str]:
        """The column headers in `lang`."""
        return [c.zh if lang == "zh" else c.en for c in self.columns]

    def values(self) -> pd.DataFrame:
        """The frame restricted to the columns, in their order."""
        return self.frame[[c.key for c in self.columns]]

    def rounded_values(self) -> pd.DataFrame:
        """values() with number and pct columns rounded 四舍五入 to the decimals the Excel export shows
        (each row's indicator decimals for `number`, 2 for `pct`), as Decimals holding exactly those places
        ("19973", "15.40"), None where missing. For the CSV export; the API keeps the full values."""
        out = self.values().copy()
        for c in self.columns:
            if c.kind not in ("number", "pct"):
                continue
            places = self.frame[c.decimals] if isinstance(c.decimals, str) else pd.Series(c.decimals, self.frame.index)
            out[c.key] = pd.Series([fmt.rounded_decimal(v, int(d)) for v, d in zip(out[c.key], places)],
                                   index=out.index, dtype=object)
        return out


OBS_COLUMNS = [
    Col("indicator", "指标代码", "Indicator code", width=16), Col("indicator_name", "指标名称", "Indicator", width=30),
    Col("region", "地区代码", "Region code", width=10), Col("region_name", "地区", "Region", width=12),
    Col("period", "期别", "Period", width=9), Col("ytd", "累计", "Year to date", width=6),
    Col("value", "数值", "Value", "number", "decimals", width=14), Col("unit", "单位", "Unit", width=7),
    Col("yoy_pct", "同比增速（%）", "YoY (%)", "pct"), Col("yoy_pp", "同比变化（百分点）", "YoY (pp)", "pct"),
    Col("yoy_note", "同比说明", "YoY note", width=22), Col("rank", "位次", "Rank", "int", width=6),
    Col("tied_text", "并列", "Tied", width=6),
    Col("group_size", "比较地区数", "Group size", "int", width=10),
    Col("share_pct", "占全市比重（%）", "Share of city (%)", "pct", width=14),
    Col("flags", "标记", "Flags", width=18), Col("note", "备注", "Note", width=20),
    Col("source", "数据来源", "Source", width=24),
]

REGION_COLUMNS = [
    Col("code", "地区代码", "Code"), Col("name", "名称", "Name (zh)"), Col("name_en", "英文名称", "Name (en)", width=30),
    Col("short_name", "简称", "Short name"),
    Col("level", "层级", "Level"), Col("parent", "上级地区代码", "Parent"),
    Col("in_rankings", "参与排名", "Ranked", "bool"), Col("aliases", "别名", "Aliases", width=30),
]

INDICATOR_COLUMNS = [
    Col("code", "指标代码", "Code", width=20), Col("name_zh", "指标名称", "Name (zh)", width=30),
    Col("name_en", "英文名称", "Name (en)", width=30), Col("unit", "单位", "Unit", width=7),
    Col("decimals", "小数位", "Decimals", "int", width=7), Col("kind", "类型", "Kind", width=8),
    Col("formula", "计算公式", "Formula", width=26), Col("source", "数据来源", "Source", width=26),
    Col("definition_zh", "指标解释", "Definition (zh)", width=40),
    Col("definition_en", "英文解释", "Definition (en)", width=40),
]


def flags(row: tuple, lang: str = "zh") -> str:
    """The 标记 text of an observation row (itertuples): its status when not final (快报, 修订, 估算),
    计算值 for a formula-derived figure, 由累计数推算 for a quarter taken from 累计 figures; joined by "；"
    (en: "Preliminary; Computed; From year-to-date figures", joined by "; "). A derivation flag says a figure was
    derived: a row without a value (a formula whose component is missing) carries none (brk3 #12).
    """
    out = []
    if isinstance(row.status, str) and row.status != "final":
        key = f"status.{row.status}"
        out.append(t(key, lang) if key in MESSAGES else STATUS_ZH.get(row.status, row.status))
    derived = not fmt.is_missing(row.value)
    if row.is_derived and derived:
        out.append(t("flag.derived", lang))
    if row.derived_from_ytd and derived:
        out.append(t("flag.from_ytd", lang))
    return ("；" if lang == "zh" else "; ").join(out)


def observations_table(rows: pd.DataFrame, lang: str = "zh") -> ExportTable:
    """rows: server.api.query.select_observations output. lang="en" names indicators and regions in English
    ("Qinghe County"; the Chinese name where a region has none) and writes the unit, 同比说明, 标记 and
    source in English too ("firms", "no figure for the same period last year", "Computed", "City Science and
    Technology Bureau"), so an English CSV carries no Chinese beyond a region without an English name.

    A single quarter or month that could not be taken from the 累计 figures (derived_from_ytd without a value: no
    累计 of the period before, or a 累计 that fell) is no figure of anybody's and is not listed (brk3 #12): the file
    holds what was reported or derived, never a row "数据缺失" flagged 由累计数推算."""
    rows = rows[~(rows["derived_from_ytd"].astype(bool).to_numpy() & rows["value"].isna().to_numpy())]
    decimals = load_indicators().set_index("code")["decimals"]
    if lang == "en":
        rows = rows.assign(
            indicator_name=rows["indicator_name_en"].where(rows["indicator_name_en"].notna(), rows["indicator_name"]),
            region_name=[e if isinstance(e, str) and e else n for e, n in zip(rows["region_name_en"], rows["region_name"])])
    frame = rows.assign(
        ytd=rows["is_ytd"].map({True: "是", False: "否"} if lang == "zh" else {True: "yes", False: "no"}),
        yoy_note=[explain(r, lang) if isinstance(r, str) else "" for r in rows["yoy_reason"]],
        flags=[flags(r, lang) for r in rows.itertuples()],
        decimals=rows["indicator"].map(decimals).fillna(2).astype(int),
        # 并列 as the pages state it (the rank itself is the min method: 1, 2, 2, 4)
        tied_text=rows["tied"].astype(bool).map({True: "并列" if lang == "zh" else "tied", False: ""}),
    )
    if lang == "en":
        frame = frame.assign(unit=[unit_label(u, "en") if isinstance(u, str) else u for u in frame["unit"]],
                             source=[source_text(x, "en") for x in frame["source"]])
    return ExportTable("observations", "指标数据", "Observations", OBS_COLUMNS, frame)


def regions_export(regions: pd.DataFrame) -> ExportTable:
    """The regions catalogue (api.query.regions_table columns) as an export table."""
    return ExportTable("regions", "地区目录", "Regions", REGION_COLUMNS, regions_table(regions))


def indicators_export() -> ExportTable:
    """The indicator catalogue with definitions (api.query.indicators_table) as an export table."""
    return ExportTable("indicators", "指标目录", "Indicators", INDICATOR_COLUMNS, indicators_table())
