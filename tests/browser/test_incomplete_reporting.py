"""Incomplete reporting is a state, not a rank (issue 13): one county publishes figures for a new quarter;
the rankings page, meeting mode and the PPT deck show "已报 1/18" and no rank."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from browser_helpers import LiveServer, login, server_with_accounts
from pptx import Presentation

pytestmark = pytest.mark.browser

HOME = "130534"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own (the shared one must not see the new quarter), with a viewer account."""
    srv = server_with_accounts(LiveServer(tmp_path_factory.mktemp("incomplete")), ("viewer",))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def published(server, browser):
    """While the server runs and has shown 2026Q3 (the demo's last quarter, every unit reported), one revision of
    清河县's 2026Q4 figures is published into its store, as the CLI or another worker would: R&D expenditure (累计)
    and high-tech enterprises (period-end). The running server must see it on the next request."""
    from data import store
    from data.db import make_engine
    from data.frames import OBS_COLUMNS, conform

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    login(page, server, "viewer")
    page.goto(f"{server.url}/rankings?indicator=RD_EXP&period=2026Q3")
    page.wait_for_selector("#rankings-league .ag-row", timeout=30_000)
    assert re.search(r"第\d+/18", page.inner_text("#rankings-league"))  # every unit reported: ranked
    context.close()
    obs = conform(pd.DataFrame([
        {"indicator": "RD_EXP", "region": HOME, "period": "2026Q4", "period_kind": "Q", "is_ytd": True,
         "value": 21000.0, "status": "final"},
        {"indicator": "HNTE", "region": HOME, "period": "2026Q4", "period_kind": "Q", "is_ytd": False,
         "value": 90.0, "status": "final"},
    ]), OBS_COLUMNS)
    engine = make_engine(f"sqlite:///{server.instance / 'dashboard.sqlite'}")
    with engine.begin() as conn:
        rev = store.create_revision(conn, obs, created_by="test-uploader", note="2026年四季度 清河县先报")
        store.submit(conn, rev, "test-uploader")
        store.publish(conn, rev, "test-approver")
    engine.dispose()
    return server


def test_one_of_eighteen_shows_the_state_and_no_rank(published, page):
    server = published
    login(page, server, "viewer")
    page.goto(f"{server.url}/rankings?indicator=RD_EXP&period=2026Q4")
    page.wait_for_selector("#rankings-bar-graph .js-plotly-plot", timeout=30_000)
    page.wait_for_selector("#rankings-league .ag-row", timeout=30_000)
    body = page.inner_text("body")
    assert "已报 1/18" in body and "暂不排名" in body
    league = page.inner_text("#rankings-league")
    assert "第1/18" not in league and "升" not in league and "降" not in league
    bars = page.evaluate("() => document.querySelector('#rankings-bar-graph .js-plotly-plot').data[0].y")
    assert bars == ["清河县"]  # one bar, no "1." rank in front of the name
    notes = page.evaluate("() => document.querySelector('#rankings-bar-graph .js-plotly-plot')"
                          ".layout.annotations.map(a => a.text)")
    assert "已报单位平均（1家）" in notes and "全市平均" not in notes and "已报 1/18，暂不排名" in notes

    # meeting mode on the same period: the sentence and the chart say the state, never "第1位"
    page.goto(f"{server.url}/rankings?indicator=RD_EXP&period=2026Q4&deck=RD_EXP,HNTE&meeting=1")
    page.wait_for_selector("#meeting-sentence", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#meeting-sentence').innerText.length > 0")
    sentence = page.inner_text("#meeting-sentence")
    assert "已报 1/18" in sentence and "暂不排名" in sentence and "第1位" not in sentence
    assert "2026年" in sentence

    # the PPT deck of that period
    resp = page.request.get(f"{server.url}/export/deck.pptx?indicators=RD_EXP,HNTE&period=2026Q4")
    assert resp.status == 200
    prs = Presentation(io.BytesIO(resp.body()))
    text = "\n".join(s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame)
    assert text.count("已报 1/18") >= 4  # two sentences and two footnotes
    assert "第1/18" not in text and "第1位" not in text
    assert "2026年1—4季度" in text  # R&D expenditure is a flow: its quarter is 累计
    assert "2026年四季度末" in text  # 高新技术企业 is a stock: its period is the quarter's end


def test_within_reported_among_one_unit_is_withheld(published, page):
    server = published
    login(page, server, "viewer")
    page.goto(f"{server.url}/rankings?indicator=RD_EXP&period=2026Q4&within=1")
    page.wait_for_selector("#rankings-league .ag-row", timeout=30_000)
    league = page.inner_text("#rankings-league")
    # one reporting unit is no ranking, not even among the reporting units (figures.completeness.MIN_WITHIN)
    assert "第1/1" not in league and "在已报单位中排名：" not in league
    body = page.inner_text("body")
    assert "已报 1/18" in body and "暂不排名" in body
    resp = page.request.get(f"{server.url}/api/v1/rankings?indicator=RD_EXP&period=2026Q4&within=true")
    body = resp.json()
    assert body["scope"] == "none" and body["home_rank_text"] == "已报 1/18，暂不排名"
    assert body["sentence"].endswith("全市已报 1/18，暂不排名。") and "第1位" not in body["sentence"]


def test_the_rankings_pages_exports_follow_the_within_switch(published, page):
    # the deck, Word and PDF links of the page rank as the page does: within=1 while the switch is on, dropped when
    # it is switched off (the brief links used to drop it, so the deck said "第2/2" and the brief "暂不排名")
    server = published
    login(page, server, "viewer")
    page.goto(f"{server.url}/rankings?indicator=RD_EXP&period=2025&within=1")
    page.wait_for_selector("#rankings-league .ag-row", timeout=30_000)
    links = {i: page.get_attribute(f"#{i}", "href") for i in ("export-docx", "export-pdf")}
    assert all("within=1" in h and "period=2025" in h for h in links.values()), links
    docx = page.request.get(server.url + links["export-docx"])
    assert docx.status == 200 and docx.body()[:2] == b"PK"   # a real .docx, rendered with within=1
    page.click("#rankings-within")
    page.wait_for_function("() => !document.querySelector('#export-docx').href.includes('within=1')", timeout=15_000)
    assert "within=1" not in page.get_attribute("#export-pdf", "href")
