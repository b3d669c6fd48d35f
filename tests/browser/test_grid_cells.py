"""Grids show whole cells (bw10): the rankings table cut every value to "50,644 ten-th…" at 1400 px in English (and
"50644万…" on a phone), region names to "Longyao Cou…", the data table a status to "Prelimin…". A cell or header too
long for its column wraps (layouts.components.data_grid), so nothing a leader reads ends in an ellipsis."""
from __future__ import annotations

import pytest

from browser_helpers import login

pytestmark = pytest.mark.browser

# visible grid cells and headers whose text is wider than the box that shows it
CUT = """grid => [...document.querySelectorAll(`${grid} .ag-cell-value, ${grid} .ag-cell, ${grid} .ag-header-cell-text`)]
  .filter(e => e.offsetParent && e.innerText.trim() && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


@pytest.mark.parametrize(("path", "tab", "grid", "width", "lang", "seen"), [
    ("/rankings?indicator=RD_EXP&period=2025", "Table", "#rankings-league", 1400, "en", "50,644 ten-thousand yuan"),
    ("/rankings?indicator=RD_EXP&period=2025", "数据表", "#rankings-league", 390, "zh", "第1/18"),
    ("/data?indicator=RD_EXP&region=130534", None, "#data-grid", 1400, "en", "Qinghe County"),
])
def test_grid_cells_are_whole(browser, live_server, path, tab, grid, width, lang, seen):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server, "viewer")
        page.goto(live_server.url + path + f"&lang={lang}")
        if tab:
            page.get_by_role("tab", name=tab).first.click()
        page.wait_for_selector(f"{grid} .ag-row")
        page.locator(f"{grid} .ag-cell", has_text=seen).first.wait_for()
        assert page.evaluate(CUT, grid) == []
    finally:
        context.close()
