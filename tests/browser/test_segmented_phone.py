"""Segmented choices on a phone show every option's whole word (bw10 at 390 px in English: the trends page's
"Quarterly" and "Value", the data page's "Annual"/"Quarterly" as "Qua…", the rankings page's "Target completion")."""
from __future__ import annotations

import pytest

from browser_helpers import login

pytestmark = pytest.mark.browser

CUT = """() => [...document.querySelectorAll('.controls .mantine-SegmentedControl-innerLabel, .controls .mantine-SegmentedControl-label')]
  .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize(("path", "ready"), [("/trends", "#trends-freq"), ("/rankings", "#rankings-measure"),
                                             ("/data", "#data-kind")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_segmented_options_are_whole_on_a_phone(browser, live_server, path, ready, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, live_server, "viewer")
        page.goto(live_server.url + f"{path}?lang={lang}")
        page.wait_for_selector(f"{ready} .mantine-SegmentedControl-innerLabel")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)
        assert page.evaluate(CUT) == []
        assert page.evaluate(SIDEWAYS) <= 0
    finally:
        context.close()
