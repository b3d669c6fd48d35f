"""The same API answers on SQLite and PostgreSQL, including the as-of (published-at) comparison."""
from __future__ import annotations

from tests.api.apps import make_api_app


def test_observation_and_as_of_on_each_backend(db_url, tmp_path):
    api = make_api_app(tmp_path / "instance", db_url)
    c = api.client()
    url = "/api/v1/observations?region=130534&indicator=RD_EXP&period=2023"
    row = c.get(url).get_json()["items"][0]
    assert (row["value"], round(row["yoy_pct"], 2), row["rank"], row["group_size"]) == (15400, 83.71, 3, 18)
    assert c.get(url + "&as_of=2000-01-01").get_json()["total"] == 0
    assert c.get(url + "&as_of=2999-12-31T23:00:00%2B08:00").get_json()["total"] == 1
