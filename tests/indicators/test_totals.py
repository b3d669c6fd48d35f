"""One definition of a city's total (data.catalogue.CITY_TOTAL_LEVELS): county-level units and development
zones, as the reported totals are. Shares of a summed total and the import's total check use it (issue 13)."""
from __future__ import annotations

import pandas as pd

from data.catalogue import load_indicators, load_regions, total_parts
from data.frames import OBS_COLUMNS, conform
from data.imports.validate import _total_mismatch
from indicators.pipeline import build_analysis, query_group

CITY, DEVZONE = "130500", "130571"


def _obs(with_city_total: bool, city_total: float | None = None) -> pd.DataFrame:
    regions = load_regions()
    counties = regions[(regions["parent"] == CITY) & (regions["level"] == "county")]["code"].tolist()
    rows = [{"indicator": "RD_EXP", "region": c, "period": "2023", "period_kind": "Y", "is_ytd": False,
             "value": 100.0} for c in counties]
    rows.append({"indicator": "RD_EXP", "region": DEVZONE, "period": "2023", "period_kind": "Y", "is_ytd": False,
                 "value": 200.0})
    if with_city_total:
        rows.append({"indicator": "RD_EXP", "region": CITY, "period": "2023", "period_kind": "Y", "is_ytd": False,
                     "value": city_total})
    return conform(pd.DataFrame(rows), OBS_COLUMNS)


def test_the_total_parts_are_counties_and_development_zones():
    parts = total_parts(load_regions(), CITY)
    assert len(parts) == 19 and DEVZONE in set(parts["region"]) and set(parts["group"]) == {CITY}


def test_a_summed_total_includes_the_development_zone_like_a_reported_one():
    regions = load_regions()
    summed = build_analysis(_obs(False), load_indicators(), regions, total_parts=total_parts(regions))
    reported = build_analysis(_obs(True, 18 * 100.0 + 200.0), load_indicators(), regions,
                              total_parts=total_parts(regions))
    for analysis, source in ((summed, "summed"), (reported, "reported")):
        row = query_group(analysis, CITY, "RD_EXP", "2023").query("region == '130534'").iloc[0]
        assert row["group_total"] == 2000.0, source          # 18 × 100 + 200, never 1800
        assert round(row["share_pct"], 2) == 5.0, source     # 100 / 2000


def _cells(obs: pd.DataFrame) -> pd.DataFrame:
    """The import's cell columns beside the figures (sheet, row, col, labels, raw text)."""
    return obs.assign(sheet="表1", row=range(len(obs)), col=2, row_label=obs["region"], col_label="R&D经费",
                      raw=obs["value"].astype(str))


def test_the_import_total_check_accepts_a_consistent_total_and_flags_a_wrong_one():
    inds = load_indicators().set_index("code")
    regions = load_regions()
    ok, left_out = _total_mismatch(_cells(_obs(True, 2000.0)), inds, regions)  # counties + zone = total: no warning
    assert ok.empty and left_out == []
    bad, left_out = _total_mismatch(_cells(_obs(True, 1800.0)), inds, regions)  # the zone left out: not stored
    assert left_out == [19]   # the city's row (after the 18 counties and the zone)
    assert list(bad["rule"]) == ["city_total_contradicts"] and bad.iloc[0]["severity"] == "warning"
    assert bad.iloc[0]["message_zh"] == ("全市数与所列各县（市、区）及开发区之和不一致，未导入：全市数 1800，"
                                         "所列各县（市、区）及开发区之和 2000")
