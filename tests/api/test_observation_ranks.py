"""The data table (/api/v1/observations, table.xlsx, table.csv) states the ranks the pages publish
(figures.ranking): 并列 judged on the displayed precision, no rank change against a year that was not ranked, no
rank on a de-cumulated single quarter. Before, it carried the engine's own ranks on raw figures: two counties
shown as 0.63% ranked 5 and 6 in the CSV while the ranking page said 并列第5."""
from __future__ import annotations

import pytest

URL = "/api/v1/observations"


def items(client, query):
    return client.get(f"{URL}?{query}&limit=100").get_json()["items"]


def test_ties_at_the_displayed_precision_as_the_ranking_page_states_them(client):
    rows = {r["region"]: (r["rank"], r["tied"], r["rank_change"], r["n_ranked"])
            for r in items(client, "indicator=RD_INTENSITY&period=2025&group=130500")}
    # 南和区 0.6306 and 威县 0.6253 both read 0.63%; 内丘县 0.5399 and 临西县 0.5449 both read 0.54%
    assert {k: rows[k] for k in ("130506", "130533", "130523", "130535")} == {
        "130506": (5, True, 1, 18), "130533": (5, True, 1, 18),
        "130523": (10, True, 0, 18), "130535": (10, True, 2, 18)}


def test_no_rank_change_against_a_year_that_was_not_ranked(client):
    # LITTLE_GIANTS 2020: 已报 17/18, no rank published; 2021 is ranked, but its change has no base
    before = client.get("/api/v1/rankings?indicator=LITTLE_GIANTS&period=2020").get_json()
    assert (before["reported"], before["expected"], before["complete"]) == (17, 18, False)
    rows = {r["region"]: (r["rank"], r["tied"], r["rank_change"])
            for r in items(client, "indicator=LITTLE_GIANTS&period=2021&group=130500")}
    assert rows["130502"] == (10, True, None)
    assert all(change is None for _, _, change in rows.values())


def test_a_de_cumulated_quarter_has_no_rank_its_reported_ytd_row_has(client):
    rows = items(client, "indicator=RD_EXP&period=2023Q2&region=130534")
    assert sorted((r["is_ytd"], r["derived_from_ytd"], r["rank"], r["n_ranked"]) for r in rows) == [
        (False, True, None, None), (True, False, 4, 18)]


@pytest.mark.parametrize("indicator", ["RD_EXP", "RD_INTENSITY", "HNTE", "LITTLE_GIANTS", "TECH_CONTRACT"])
def test_every_rank_in_the_table_is_the_rankings_rank(client, indicator):
    table = items(client, f"indicator={indicator}&group=130500&period_kind=Y") \
        + items(client, f"indicator={indicator}&group=130500&ytd=true")
    periods = sorted({r["period"] for r in table})
    assert periods
    for period in periods:
        ranked = client.get(f"/api/v1/rankings?indicator={indicator}&period={period}").get_json()
        want = {r["region"]: (r["rank"], r["tied"], r["rank_change"]) for r in ranked["items"]}
        got = {r["region"]: (r["rank"], r["tied"], r["rank_change"]) for r in table
               if r["period"] == period and r["region"] != "130500" and not r["derived_from_ytd"]}
        assert got == {k: v for k, v in want.items() if k in got}, (indicator, period)

