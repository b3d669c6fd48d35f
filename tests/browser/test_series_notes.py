"""口径调整与说明 in a real browser (issue 13, point 7): an approver records a series break and an explanatory note
on 清河县's 科技型中小企业 2024 at /notes; both are listed at once; the rankings page of that indicator and period
prints them under the chart, the trends page marks the break on the chart and in its caption; a viewer is
refused /notes with the clear message and has no link to it. Texts as texts/i18n.py writes them."""
from __future__ import annotations

import pytest
from browser_helpers import LiveServer, login, server_with_accounts

pytestmark = pytest.mark.browser

BREAK = "2024年起按新认定办法统计入库企业"
NOTE = "2024年数据含年中补录企业"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own (the recorded notes must not reach the shared one's pages)."""
    srv = server_with_accounts(LiveServer(tmp_path_factory.mktemp("notes")), ("viewer", "approver"))
    yield srv
    srv.stop()


def record(page, kind_label: str, text: str) -> None:
    """Fill the /notes form for 科技型中小企业（入库）数, 清河县, 2024 and press 记录."""
    if page.input_value("#review-notes-indicator") != "科技型中小企业（入库）数":
        page.click("#review-notes-indicator")
        page.get_by_role("option", name="科技型中小企业（入库）数", exact=True).click()
    if page.input_value("#review-notes-region") != "清河县":
        page.click("#review-notes-region")
        page.get_by_role("option", name="清河县", exact=True).click()
    page.fill("#review-notes-period", "2024")
    page.locator("#review-notes-kind").get_by_text(kind_label, exact=True).click()
    page.fill("#review-notes-text", text)
    assert page.get_attribute("#review-notes-text", "maxlength") == "500"
    page.click("#review-notes-save")


def test_an_approver_records_a_break_and_a_note_and_every_page_shows_them(server, page):
    login(page, server, "approver")
    page.goto(server.url + "/notes")
    page.wait_for_selector("#review-notes-save")
    assert page.inner_text("#nav-notes").strip().endswith("口径调整与说明")  # the approver's link to the page
    assert page.locator("h2").filter(has_text="口径调整与说明").count() == 1
    listed = page.locator("#review-notes-list .figure-note")
    before = listed.all_inner_texts()
    # the demo's one break
    assert before == ["2021 · R&D经费 · 沙河市 · 口径调整：2021年起R&D经费按新统计口径（含非规上企业）核算，与上年不可比"]

    record(page, "口径调整", BREAK)
    page.locator("#review-notes-list").get_by_text(f"2024 · 科技型中小企业 · 清河县 · 口径调整：{BREAK}",
                                                   exact=True).wait_for()
    assert page.inner_text("#review-notes-ok") == "已记录：2024 科技型中小企业（入库）数"
    record(page, "说明", NOTE)
    page.locator("#review-notes-list").get_by_text(f"2024 · 科技型中小企业 · 清河县 · 说明：{NOTE}",
                                                   exact=True).wait_for()
    after = listed.all_inner_texts()
    assert after == [f"2024 · 科技型中小企业 · 清河县 · 口径调整：{BREAK}", f"2024 · 科技型中小企业 · 清河县 · 说明：{NOTE}",
                     *before]  # newest period first

    # the rankings page of that indicator and period: both lines under the chart, the break first
    page.goto(server.url + "/rankings?indicator=TSME&period=2024")
    page.wait_for_selector("#rankings-bar-caption .figure-note")
    assert page.locator("#rankings-bar-caption .figure-note").all_inner_texts() == [
        f"口径调整（清河县）：{BREAK}", f"说明（清河县）：{NOTE}"]
    # ... and not under another period's chart
    page.goto(server.url + "/rankings?indicator=TSME&period=2023")
    page.wait_for_selector("#rankings-bar-caption .cap-title")
    assert page.locator("#rankings-bar-caption .figure-note").count() == 0

    # the trends page of 清河县 (the home county): the break on the chart at 2024 and in the caption
    page.goto(server.url + "/trends?indicator=TSME")
    page.wait_for_selector("#trends-main-graph .js-plotly-plot")
    page.wait_for_selector("#trends-main-caption .cap-note")
    chart = page.evaluate("() => { const gd = document.querySelector('#trends-main-graph .js-plotly-plot');"
                          " const l = gd.layout; return {x: gd.data[0].x, yoy: gd.data[1].y,"
                          " notes: l.annotations.map(a => [a.text, a.hovertext || null, a.x]),"
                          " lines: l.shapes.filter(s => s.line.dash === 'dot').map(s => s.x0)}; }")
    marks = [n for n in chart["notes"] if n[0] == "◆ 口径调整"]
    assert [m[1] for m in marks] == [BREAK]
    years = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
    assert chart["x"] == years
    assert marks[0][2] == 4.5 and chart["lines"] == [4.5]  # between 2023 and 2024
    # no 同比 across the break: 2024 has none, its neighbours have theirs
    assert chart["yoy"][5] is None and chart["yoy"][4] is not None and chart["yoy"][6] is not None
    assert page.inner_text("#trends-main-caption .cap-note") == \
        f"◆ {BREAK} 2019—2025年年均增长 —（统计口径调整，不可比）"
    assert page.locator("#trends-main-caption .figure-note").all_inner_texts() == [f"2024 说明（清河县）：{NOTE}"]
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_a_viewer_is_refused_the_notes_page_and_has_no_link_to_it(server, page):
    login(page, server, "viewer")
    page.goto(server.url + "/notes")
    page.wait_for_selector("#page-forbidden")
    page.wait_for_selector("#nav-overview")
    assert page.locator("#nav-notes").count() == 0
    assert page.inner_text("#page-forbidden") == (
        "无权访问（403）\n您没有访问此页面的权限（需要「审核」角色）。如需开通，请联系系统管理员。")
    assert page.locator("#review-notes-save").count() == 0
