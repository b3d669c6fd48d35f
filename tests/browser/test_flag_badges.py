"""A figure's state badge keeps its whole word beside a long indicator name (bw10: the overview's 科技型中小企业 and
技术合同登记额 cards showed "Preli…" at 390 px in English)."""
from __future__ import annotations

import pytest

from browser_helpers import login

pytestmark = pytest.mark.browser

CUT = """() => [...document.querySelectorAll('#overview-cards .mantine-Badge-label')]
  .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => [e.closest('[id]')?.id, e.innerText])"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_badges_are_whole_on_a_phone(browser, live_server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server, "viewer")
        page.goto(live_server.url + f"/?lang={lang}&period=2026Q3")
        page.wait_for_selector("#kpi-TSME .flag-prelim")
        assert page.inner_text("#kpi-TSME .flag-prelim") == {"en": "Preliminary", "zh": "快报"}[lang]
        assert page.evaluate(CUT) == []
    finally:
        context.close()
