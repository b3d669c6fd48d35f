"""Catalogue endpoints, access rules, JSON errors and the OpenAPI document."""
from __future__ import annotations

from data.catalogue import load_indicators
from tests.api.apps import make_api_app


def test_indicators_list_code_names_unit_and_definitions(client):
    body = client.get("/api/v1/indicators?limit=1000").get_json()
    cat = load_indicators()
    assert body["total"] == len(cat) and body["next"] is None
    rd = {r["code"]: r for r in body["items"]}["RD_EXP"]
    assert rd["name_zh"] == "研究与试验发展(R&D)经费" and rd["name_en"] == "R&D expenditure" and rd["unit"] == "万元"
    assert rd["definition_zh"] and rd["source"]
    assert client.get("/api/v1/indicators/RD_INTENSITY").get_json()["formula"] == "RD_EXP / GDP * 100"


def test_regions_filters_and_single(client):
    body = client.get("/api/v1/regions?parent=130500&level=county&limit=100").get_json()
    assert body["total"] == 18 and all(r["in_rankings"] for r in body["items"])
    assert client.get("/api/v1/regions/130534").get_json()["name"] == "清河县"
    r = client.get("/api/v1/regions/000000")
    assert r.status_code == 404 and r.is_json and "000000" in r.get_json()["error"]


def test_unknown_api_path_is_json_404(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.is_json and r.get_json()["error"]
    assert b"<html" not in r.data.lower()


def test_reads_need_a_token_or_session(api):
    anon = api.client(token=False)
    r = anon.get("/api/v1/observations?region=130534")
    assert r.status_code == 401 and r.is_json
    bad = api.server.test_client()
    r = bad.get("/api/v1/indicators", headers={"Authorization": "Bearer cst_not-a-token"})
    assert r.status_code == 401 and r.is_json


def test_public_view_opens_reads(tmp_path):
    api = make_api_app(tmp_path / "instance", public_view=True)
    r = api.client(token=False).get("/api/v1/observations?region=130534&indicator=RD_EXP&period=2023")
    assert r.status_code == 200 and r.get_json()["items"][0]["rank"] == 3


def test_openapi_spec_lists_every_read_route_and_docs_render_it(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/regions", "/api/v1/regions/{code}", "/api/v1/indicators", "/api/v1/indicators/{code}",
                 "/api/v1/observations"):
        assert "get" in spec["paths"][path]
    obs = spec["paths"]["/api/v1/observations"]["get"]
    names = {p["name"] for p in obs["parameters"]}
    assert {"region", "indicator", "period", "as_of", "limit", "offset", "format"} <= names
    assert "text/csv" in obs["responses"]["200"]["content"]
    item = obs["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["items"]["items"]
    assert {"value", "unit", "yoy_pct", "rank", "group_size"} <= set(item["required"])
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and docs.mimetype == "text/html"
    html = docs.get_data(as_text=True)
    assert "/api/v1/observations" in html and "yoy_pct" in html and "<script" not in html


def test_imports_upload_is_in_the_spec_once_its_route_exists(api, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    served = any(r.rule == "/api/v1/imports" and "POST" in r.methods for r in api.server.url_map.iter_rules())
    assert ("/api/v1/imports" in spec["paths"]) == served
