"""在线填报 — the online form (issue 14 §4) as a file: the figures typed for one unit and one period become a
long-form CSV that goes through the importer exactly like an upload (data.imports.service.analyse and
stage), so it gets the same rules and messages (同比 swings, a falling 累计, units, periods not ended,
duplicates, region scopes), and the CSV is kept with the batch as its original file.
"""
from __future__ import annotations

import csv
import io
import math
import re

import pandas as pd
from sqlalchemy.engine import Connection

from data import store
from data.catalogue import load_indicators
from data.workflow.periods import comparable_previous
from indicators.periods import parse_period, shift_years

HEADER = ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"]
SHEET = "在线填报"
# The 状态 column's words for the store's status codes (data.imports.build.STATUS reads them back).
STATUS_WORDS = {"final": "正式", "preliminary": "快报", "revised": "修订", "estimated": "估算"}
FORM_STATUSES = ("final", "preliminary")  # what the form offers; a published 修订/估算 is offered where it is current


def form_file(region: str, region_name: str, period: str, values: dict[str, float | str | None],
              notes: dict[str, str] | None = None, statuses: dict[str, str] | None = None) -> tuple[str, bytes]:
    """(file name, UTF-8 CSV bytes) for the typed figures; indicators left empty are not in the file. A value is
    the text the user typed ("2,190,000", "—"), written as it is (quoted where needed) so that the importer's number
    rules read it and name its cell when they refuse it, or a number (16200.0).

    statuses: indicator -> status code (final, preliminary, revised, estimated) written as 正式/快报/修订/估算;
    正式 where none is given. Row n+1 of the CSV holds the n-th filled indicator, so its cell is G{n+1} (数值)."""
    notes, statuses = notes or {}, statuses or {}
    unknown = sorted({v for v in statuses.values() if v and v not in STATUS_WORDS})
    if unknown:
        from data.errors import UserError

        raise UserError(f"未知的数据状态：{'、'.join(unknown)}（可选：快报、正式、修订、估算）",
                        f"Unknown figure status: {', '.join(unknown)} (preliminary, final, revised or estimated)")
    inds = load_indicators().set_index("code")
    kind = parse_period(period)[2]
    bio = io.StringIO()
    w = csv.writer(bio, lineterminator="\n")
    w.writerow(HEADER)
    for code, value in values.items():
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
            continue
        ind = inds.loc[code]
        ytd = "是" if bool(ind["cumulative"]) and kind != "Y" else "否"
        w.writerow([region, region_name, code, ind["name_zh"], period, ytd,
                    value.strip() if isinstance(value, str) else f"{float(value):.10g}", ind["unit"],
                    STATUS_WORDS[statuses.get(code) or "final"], (notes.get(code) or "").strip()])
    return f"{SHEET}-{region_name}-{period}.csv", bio.getvalue().encode("utf-8-sig")


# the file's name, or its one sheet's (the name without .csv: a review row's cell names its sheet)
FORM_NAME = re.compile(rf"^{SHEET}-(?P<region>.+)-(?P<period>\d{{4}}(?:Q[1-4]|M(?:0[1-9]|1[0-2]))?)(?:\.csv)?$")


def parse_form_name(name: object) -> tuple[str, str] | None:
    """(region name, period code) of a file name `form_file` made ("在线填报-清河县-2026Q3.csv" -> ("清河县",
    "2026Q3")); None for any other name (an uploaded file's name is the user's and is shown as it is)."""
    hit = FORM_NAME.match(str(name or ""))
    return (hit["region"], hit["period"]) if hit else None


def reference(conn: Connection, region: str, period: str, indicators: list[str]) -> pd.DataFrame:
    """Published figures to show beside the inputs: columns indicator, last_period, last_year (NaN when none).

    For 累计 indicators the previous period is compared within the same year only (Q1 has none)."""
    pub = store.published_observations(conn, indicators=indicators or ["__none__"], regions=[region])
    ly = shift_years(period, -1)
    inds = load_indicators().set_index("code")
    out = []
    for code in indicators:
        p = pub[pub["indicator"] == code]
        cum = bool(inds.loc[code, "cumulative"]) and parse_period(period)[2] != "Y"

        def val(per: str, p: pd.DataFrame = p, cum: bool = cum) -> float:
            v = p[(p["period"] == per) & (p["is_ytd"] == cum)]["value"]
            return float(v.iloc[0]) if len(v) and pd.notna(v.iloc[0]) else float("nan")
        prev = comparable_previous(period, cum)
        out.append({"indicator": code, "last_period": val(prev) if prev else float("nan"), "last_year": val(ly)})
    return pd.DataFrame(out, columns=["indicator", "last_period", "last_year"])


def published_statuses(conn: Connection, region: str, period: str, indicators: list[str]) -> dict[str, str]:
    """indicator -> status code of the published figure each input would replace (the form's key: the unit, the
    period, 累计 for a cumulative indicator outside annual periods); "final" where none is published. The form
    offers this status by default, so correcting a 快报 figure keeps it 快报 unless the user changes it."""
    pub = store.published_observations(conn, indicators=indicators or ["__none__"], regions=[region], periods=[period])
    inds = load_indicators().set_index("code")
    kind = parse_period(period)[2]
    out = {}
    for code in indicators:
        cum = bool(inds.loc[code, "cumulative"]) and kind != "Y"
        hit = pub[(pub["indicator"] == code) & (pub["is_ytd"] == cum)]["status"]
        out[code] = str(hit.iloc[0]) if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0] else "final"
    return out


def batch_statuses(conn: Connection, rev_id: int) -> dict[str, str]:
    """indicator -> status code of each figure of a batch (to pre-fill a correction with what was submitted)."""
    obs = store.revision_observations(conn, rev_id)
    return {r.indicator: (r.status if isinstance(r.status, str) and r.status else "final") for r in obs.itertuples()}


def batch_values(conn: Connection, rev_id: int) -> tuple[str | None, str | None, dict[str, float], dict[str, str]]:
    """(region, period, values, notes) of a one-unit, one-period batch, to pre-fill a correction.
    (None, None, {}, {}) when the batch spans several units or periods."""
    obs = store.revision_observations(conn, rev_id)
    if obs.empty or obs["region"].nunique() != 1 or obs["period"].nunique() != 1:
        return None, None, {}, {}
    vals = {r.indicator: (None if pd.isna(r.value) else float(r.value)) for r in obs.itertuples()}
    notes = {r.indicator: r.note for r in obs.itertuples() if isinstance(r.note, str) and r.note}
    return str(obs["region"].iloc[0]), str(obs["period"].iloc[0]), vals, notes
