"""Exports need a signed-in viewer (or PUBLIC_VIEW) and leave an audit row."""
from __future__ import annotations

import json

from sqlalchemy import select

from data import schema
from data.db import reading

URLS = ["/export/table.csv", "/export/table.xlsx", "/export/datapackage.zip",
        "/export/deck.pptx?indicators=RD_EXP&period=2023", "/export/chart.svg?indicator=RD_EXP&period=2023"]


def test_anonymous_downloads_are_refused(api):
    anon = api.server.test_client()
    for url in URLS:
        r = anon.get(url)
        assert r.status_code in (302, 401), url
        assert b"PK" not in r.data[:2] and b"\xef\xbb\xbf" not in r.data[:3]


def test_every_download_is_audited_with_the_user(api, browser):
    for url in URLS:
        assert browser.get(url).status_code == 200, url
    with reading(api.engine()) as conn:
        a = schema.audit_log.c
        rows = conn.execute(select(a.username, a.action, a.target, a.detail).where(a.action.like("export.%"))).all()
    actions = {r.action for r in rows}
    assert {"export.table.csv", "export.table.xlsx", "export.datapackage", "export.deck", "export.chart.svg"} <= actions
    assert all(r.username == "page-viewer" for r in rows)
    deck = [r for r in rows if r.action == "export.deck"][-1]
    assert json.loads(deck.detail)["indicators"] == ["RD_EXP"] and deck.target == "2023"
