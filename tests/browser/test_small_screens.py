"""Small screens and slow loads (issues 15 and 17), in Debian's Chromium on the demo data: at 390 px no page
scrolls sideways, the overview's table turns into labelled cards with every figure on screen; the display screen (大屏) at 1400×900 keeps every county name on a row
of its own; while a chart's code is still loading its panel already has its final height."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from browser_helpers import login

if TYPE_CHECKING:
    from playwright.sync_api import Route

pytestmark = pytest.mark.browser

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# pairs of text boxes (by their text) that overlap by more than 1 px; `sel` picks the texts
OVERLAPS = """sel => {
  const boxes = [...document.querySelectorAll(sel)].filter(e => (e.textContent || '').trim())
    .map(e => [e.textContent.trim(), e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0);
  const out = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1)
      out.push([a, b]);
  }));
  return [boxes.length, out];
}"""


def _context(browser, live_server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "viewer")
    return context, page


def test_phone_390_pages_reflow_without_sideways_scrolling(browser, live_server):
    context, page = _context(browser, live_server, 390, 844)
    try:
        # the overview (English: the longer words): the table is one card per indicator, each figure labelled
        page.goto(f"{live_server.url}/?lang=en")
        page.wait_for_selector("#overview-table td")
        assert page.evaluate(SIDEWAYS) <= 0
        cells = page.evaluate("""() => [...document.querySelectorAll('#overview-table tbody td')].map(td => {
            const r = td.getBoundingClientRect();
            return {label: td.getAttribute('data-label'), before: getComputedStyle(td, '::before').content,
                    left: r.left, right: r.right, display: getComputedStyle(td).display}; })""")
        assert cells and all(c["right"] <= 390 and c["left"] >= 0 for c in cells), cells
        assert {c["label"] for c in cells} >= {"Indicator", "Value", "YoY", "Rank"}
        value_cells = [c for c in cells if c["label"] == "Value"]
        assert value_cells and all(c["before"] == '"Value"' and c["display"] == "flex" for c in value_cells)
        box = page.locator("#lang-switch").bounding_box()   # the header's language switch stays on screen
        assert box and box["x"] + box["width"] <= 390, box
        # trends: the page does not scroll sideways
        page.goto(f"{live_server.url}/trends?indicator=RD_EXP&freq=Q&region=130534,130582")
        page.wait_for_selector("#trends-main-graph .js-plotly-plot")
        assert page.evaluate(SIDEWAYS) <= 0
        # rankings in English (long measure names) and the display screen opened on a phone
        for url, ready in ((f"{live_server.url}/rankings?indicator=HNTE&period=2023&lang=en", "#rankings-bar-graph .js-plotly-plot"),
                           (f"{live_server.url}/screen?lang=en", "#screen-ranking .js-plotly-plot")):
            page.goto(url)
            page.wait_for_selector(ready)
            assert page.evaluate(SIDEWAYS) <= 0, url
    finally:
        context.close()


def test_display_screen_at_1400_keeps_every_name_on_its_own_row(browser, live_server):
    context, page = _context(browser, live_server, 1400, 900)
    try:
        for lang in ("zh", "en"):
            page.goto(f"{live_server.url}/screen?lang={lang}")
            page.wait_for_function("() => document.querySelectorAll('#screen-ranking .ytick text').length === 18",
                                   timeout=20_000)
            n, overlaps = page.evaluate(OVERLAPS, "#screen-ranking .ytick text")
            assert n == 18 and overlaps == [], (lang, overlaps)
            n, overlaps = page.evaluate(OVERLAPS, "#screen-ranking .annotation-text")
            assert n >= 18 and overlaps == [], (lang, overlaps)   # the value column and the average's label
            assert page.evaluate(SIDEWAYS) <= 0
            cards = page.evaluate("""() => [...document.querySelectorAll('.screen-card')].map(c => {
                const r = c.getBoundingClientRect(); return [r.left, r.right, c.scrollWidth - c.clientWidth]; })""")
            assert cards and all(left >= 0 and right <= 1400 and spill <= 0 for left, right, spill in cards), cards
    finally:
        context.close()


def test_panels_keep_their_height_while_the_chart_code_loads(browser, live_server):
    """The plotly bundle is held back 1.5 s: the panel already stands at the height it has once drawn."""
    context, page = _context(browser, live_server, 1920, 1080)

    def slow(route: Route) -> None:
        time.sleep(1.5)
        route.continue_()
    try:
        context.route("**/*plotly*.js*", slow)
        context.route("**/*async-graph*.js*", slow)
        page.goto(f"{live_server.url}/rankings?indicator=HNTE&period=2023")
        page.wait_for_selector("#rankings-bar-graph", state="attached")
        early = page.evaluate("""() => [document.querySelector('#rankings-bar-graph').className,
            Math.round(document.querySelector('.chart-panel').getBoundingClientRect().height)]""")
        page.wait_for_selector("#rankings-bar-graph .main-svg", timeout=30_000)
        page.wait_for_timeout(300)
        late = page.evaluate("() => Math.round(document.querySelector('.chart-panel').getBoundingClientRect().height)")
        assert "dash-graph--pending" in early[0], early    # it was caught while loading
        assert early[1] == late and late > 560, (early, late)
    finally:
        context.close()


@pytest.mark.parametrize(("role", "path", "ready"), [("uploader", "/upload", "#upload-note"),
                                                      ("uploader", "/form", "#upload-form-note"),
                                                      ("approver", "/review", "#review-select")])
def test_phone_390_work_pages_fit_their_fields(browser, live_server, role, path, ready):
    """Staff fill in 在线填报 and approvers review on phones too: no fixed-width field scrolls the page sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server, role)
        page.goto(live_server.url + path)
        page.wait_for_selector(ready)
        box = page.locator(ready).bounding_box()
        assert box and box["x"] + box["width"] <= 390, box
        assert page.evaluate(SIDEWAYS) <= 0
    finally:
        context.close()
