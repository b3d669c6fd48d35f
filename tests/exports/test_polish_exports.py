"""CSV figures rounded as the Excel export shows them (四舍五入), the API keeping the full value; English
region names in the catalogue, the API and English exports; preview counts stable and in words."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pandas as pd
import pytest

from data.catalogue import load_indicators, load_regions
from data.imports.preview import diff
from figures.preview import describe
from indicators.formatting import rounded_decimal


@pytest.mark.parametrize("value, places, expected", [
    (19973.000000000004, 0, "19973"), (0.125, 2, "0.13"), (2.675, 2, "2.68"), (15.4, 2, "15.40"),
    (-0.004, 2, "0.00"), (1234.5, 0, "1235"), (-3.455, 2, "-3.46"), (83.71041369438149, 2, "83.71"),
])
def test_rounded_decimal_on_the_decimal_text(value, places, expected):
    assert str(rounded_decimal(value, places)) == expected


def test_rounded_decimal_of_missing_is_none():
    assert rounded_decimal(float("nan"), 2) is None and rounded_decimal(None, 0) is None


def _csv(browser, query: str) -> list[dict]:
    r = browser.get("/export/table.csv?" + query)
    assert r.status_code == 200
    return list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))


def test_csv_values_have_the_indicators_decimals_and_the_api_the_full_value(browser):
    query = "region=130534&indicator=RD_EXP,RD_INTENSITY,HNTE&period=2023,2023Q2,2023Q3"
    rows = _csv(browser, query)
    api = browser.get("/api/v1/observations?" + query + "&limit=1000").get_json()["items"]
    decimals = load_indicators().set_index("code")["decimals"].to_dict()
    full = {(a["indicator"], a["period"], "是" if a["is_ytd"] else "否"): a for a in api}
    assert len(rows) == len(api) > 0
    noisy = 0
    for row in rows:
        a = full[(row["指标代码"], row["期别"], row["累计"])]
        d = int(decimals[row["指标代码"]])
        text = row["数值"]
        assert text == str(rounded_decimal(a["value"], d)), (row, a["value"])
        assert (len(text.split(".")[1]) if "." in text else 0) == d, text
        if a["yoy_pct"] is not None:
            assert row["同比增速（%）"] == str(rounded_decimal(a["yoy_pct"], 2))
        noisy += Decimal(repr(a["value"])) != Decimal(text)
    assert noisy > 0  # the API keeps more digits than the CSV shows somewhere in this selection
    literal = {(r["指标代码"], r["期别"], r["累计"]): (r["数值"], r["同比增速（%）"]) for r in rows}
    assert literal[("RD_EXP", "2023", "否")] == ("15400", "83.71")
    assert literal[("HNTE", "2023", "否")][0] == "69"


def test_regions_catalogue_has_english_names_with_the_official_suffix():
    names = load_regions().set_index("code")["name_en"].to_dict()
    assert {code: names[code] for code in ("130000", "130500", "130534", "130582", "130502", "130503", "130125",
                                           "130225", "130726", "130635", "130102", "130184", "130828", "131028",
                                           "130571", "130406", "130283")} == {
        "130000": "Hebei Province", "130500": "Xingtai City", "130534": "Qinghe County",
        "130582": "Shahe City", "130502": "Xiangdu District", "130503": "Xindu District",
        "130125": "Xingtang County", "130225": "Laoting County", "130726": "Yu County", "130635": "Li County",
        "130102": "Chang'an District", "130184": "Xinle City",
        "130828": "Weichang Manchu and Mongol Autonomous County", "131028": "Dachang Hui Autonomous County",
        "130571": "Hebei Xingtai Economic Development Zone", "130406": "Fengfeng Mining District",
        "130283": "Qian'an City"}
    assert all(isinstance(v, str) and v and v.isascii() for v in names.values())


def test_api_and_english_exports_carry_english_names(browser):
    region = browser.get("/api/v1/regions/130534").get_json()
    assert region["name"] == "清河县" and region["name_en"] == "Qinghe County"
    row = browser.get("/api/v1/observations?region=130582&indicator=RD_EXP&period=2023").get_json()["items"][0]
    assert row["region_name"] == "沙河市" and row["region_name_en"] == "Shahe City"
    assert row["indicator_name_en"] == "R&D expenditure"
    rows = _csv(browser, "region=130534&indicator=RD_EXP&period=2023&lang=en")
    assert rows[0]["Region"] == "Qinghe County" and rows[0]["Indicator"] == "R&D expenditure"
    assert rows[0]["Year to date"] == "no"


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator", "region", "period", "is_ytd", "value"])


def test_preview_untouched_is_a_set_difference_stable_under_repeats():
    published = _frame([("A", "1", "2023", False, 1.0), ("A", "2", "2023", False, 2.0),
                        ("A", "3", "2023", False, 3.0), ("B", "1", "2023", False, 9.0)])
    upload = _frame([("A", "1", "2023", False, 1.0), ("A", "2", "2023", False, 5.0), ("A", "4", "2023", False, 4.0)])
    once = diff(upload, published)["counts"]
    assert once == {"added": 1, "changed": 1, "unchanged": 1, "untouched": 1, "indicators": 1}
    twice = diff(pd.concat([upload, upload.iloc[:1]]), pd.concat([published, published.iloc[:2]]))["counts"]
    assert twice["untouched"] == 1 and twice["indicators"] == 1
    assert describe(once) == "新增 1 条，修改 1 条，与已发布相同 1 条；所涉 1 个指标的其余 1 条已发布数据保持不变。"
    assert describe(once, "en") == ("Adds 1 figure, changes 1, 1 equal to what is published; the other 1 published "
                                    "figure of this 1 indicator stays as it is.")
