"""Observations with 同比, 位次 and 占比, checked against the demo data worked out by hand."""
from __future__ import annotations

import csv
import io

import pytest

from data import demo

URL = "/api/v1/observations"


def test_qinghe_rd_2023_has_value_yoy_rank_and_group_size(client):
    r = client.get(URL + "?region=130534&indicator=RD_EXP&period=2023")
    assert r.status_code == 200
    body = r.get_json()
    assert body["total"] == 1 and body["is_demo"] is True
    row = body["items"][0]
    # From the demo inputs, not from the engine: 15400 on 8383, 3rd of the 18 counties of 邢台.
    i = demo.COUNTIES.index("130534")
    value, base = demo.RD_2023[i], demo.RD_2022[i]
    assert row["value"] == value == 15400
    assert round(row["yoy_pct"], 2) == round((value / base - 1) * 100, 2) == 83.71
    assert row["rank"] == 1 + sum(v > value for v in demo.RD_2023) == 3
    assert row["group_size"] == len(demo.COUNTIES) == 18
    assert row["unit"] == "万元" and row["region_name"] == "清河县"


def test_rank_matches_the_group_ordering(client):
    body = client.get(URL + "?group=130500&indicator=HNTE&period=2023&limit=50").get_json()
    members = [r for r in body["items"] if r["region"] != "130500"]
    assert len(members) == 18
    by_value = sorted(members, key=lambda r: -r["value"])
    assert [r["rank"] for r in by_value] == list(range(1, 19))
    city = [r for r in body["items"] if r["region"] == "130500"][0]
    home = [r for r in members if r["region"] == "130534"][0]
    assert home["share_pct"] == pytest.approx(home["value"] / city["value"] * 100)


def test_pagination_total_and_next_link(client):
    first = client.get(URL + "?region=130534&limit=5").get_json()
    assert first["total"] > 5 and len(first["items"]) == 5 and first["offset"] == 0
    assert "offset=5" in first["next"] and "region=130534" in first["next"]
    second = client.get(first["next"].replace("http://localhost", "")).get_json()
    assert second["offset"] == 5 and second["items"][0] != first["items"][0]
    last = client.get(URL + f"?region=130534&limit=5&offset={first['total'] - 1}").get_json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_filters_combine(client):
    body = client.get(URL + "?region=130534&region=130528&indicator=RD_EXP,HNTE&period=2022,2023"
                            "&period_kind=Y").get_json()
    assert body["total"] == 8
    assert {(r["region"], r["indicator"], r["period"]) for r in body["items"]} == {
        (g, i, p) for g in ("130534", "130528") for i in ("RD_EXP", "HNTE") for p in ("2022", "2023")}


def test_quarterly_ytd_filter(client):
    ytd = client.get(URL + "?region=130534&indicator=RD_EXP&period=2023Q2&ytd=true").get_json()["items"]
    single = client.get(URL + "?region=130534&indicator=RD_EXP&period=2023Q2&ytd=false").get_json()["items"]
    assert len(ytd) == 1 and ytd[0]["is_ytd"] and len(single) == 1 and single[0]["derived_from_ytd"]
    q1 = client.get(URL + "?region=130534&indicator=RD_EXP&period=2023Q1&ytd=true").get_json()["items"][0]
    assert single[0]["value"] == pytest.approx(ytd[0]["value"] - q1["value"])


def test_csv_by_format_and_by_accept(client):
    for r in (client.get(URL + "?region=130534&indicator=RD_EXP&period=2023&format=csv"),
              client.get(URL + "?region=130534&indicator=RD_EXP&period=2023", headers={"Accept": "text/csv"})):
        assert r.status_code == 200 and r.mimetype == "text/csv"
        text = r.data.decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text[1:])))
        assert rows[0]["value"] == "15400" and rows[0]["rank"] == "3" and rows[0]["region_name"] == "清河县"
        assert r.headers["X-Total-Count"] == "1"


def test_as_of_before_any_publish_is_empty_and_now_is_full(client):
    empty = client.get(URL + "?region=130534&indicator=RD_EXP&period=2023&as_of=2000-01-01").get_json()
    assert empty["total"] == 0 and empty["as_of"].startswith("2000-01-01")
    full = client.get(URL + "?region=130534&indicator=RD_EXP&period=2023&as_of=2999-12-31").get_json()
    assert full["items"][0]["value"] == 15400


@pytest.mark.parametrize("query, fragment", [
    ("region=999999", "未知的地区代码"), ("indicator=NOPE", "未知的指标代码"), ("period=2023Q5", "期别格式"),
    ("limit=0", "limit"), ("limit=abc", "limit"), ("ytd=maybe", "ytd"), ("as_of=yesterday", "as_of"),
    ("format=xml", "format"), ("group=130500&group=130100", "group"),
])
def test_bad_parameters_are_json_400(client, query, fragment):
    r = client.get(URL + "?" + query)
    assert r.status_code == 400 and r.is_json
    assert fragment in r.get_json()["error"] and r.get_json()["message_en"]
