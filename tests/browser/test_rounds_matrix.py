"""报送情况 (/rounds) at a phone and a desktop width, in zh and en (bw10): each unit's state badge shows its whole word
(it was cut to "P…" / "Pu…" / "已…"), unit names and cell states stay on one line (at 390 px "襄都区" stood one
character a line), and the matrix scrolls in its own box, never the page."""
from __future__ import annotations

import pytest

from browser_helpers import signed_in_page

pytestmark = pytest.mark.browser

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# badges whose label is wider than the badge shows, and cells whose text runs over more than one line
CUT = """() => {
  const lines = e => { const r = document.createRange(); r.selectNodeContents(e);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; };
  const badges = [...document.querySelectorAll('#rounds-table .round-unit-state')]
    .filter(b => b.querySelector('.mantine-Badge-label').scrollWidth > b.querySelector('.mantine-Badge-label').clientWidth + 1
                 || b.getBoundingClientRect().width + 1 < b.querySelector('.mantine-Badge-label').scrollWidth)
    .map(b => b.innerText);
  const cells = [...document.querySelectorAll('#rounds-table tbody td:not(:nth-child(2))')].filter(td => td.innerText.trim() && lines(td) > 1)
    .map(td => td.innerText);
  return [badges, cells];
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [390, 1400])
def test_rounds_matrix_keeps_words_whole(browser, live_server, lang, width):
    with signed_in_page(browser, live_server, "viewer", width) as page:
        page.goto(live_server.url + f"/rounds?lang={lang}&period=2026Q3")
        page.wait_for_selector("#rounds-table .round-unit-state")
        assert page.locator("#rounds-unit-130534").inner_text() == {"zh": "已发布", "en": "Published"}[lang]
        assert page.evaluate(CUT) == [[], []]
        assert page.evaluate(SIDEWAYS) <= 0
