"""What a reader reads around a chart (issue 13, points 8 and 9): under the rankings chart a click opens the
indicator's 定义与口径 (definition, 口径, source and unit from the catalogue) in zh and in en; money axes tick in
the axis's own unit (万元), never SI "10k". Texts as texts/i18n.py and data/catalogue/indicators.toml write them."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PANEL = "#rankings-bar-caption details.definition-panel"
EXPECTED = {
    "zh": ("定义与口径", [
        ("定义", "全社会研究与试验发展经费内部支出。"),
        ("口径", "季度、月度数为本年1月起的累计数（1—N季度/月）。全市合计含各县（市、区）和开发区。"),
        ("来源", "省统计局 R&D 统计"),
        ("单位", "万元")]),
    "en": ("Definition", [
        ("Definition", "Gross domestic expenditure on research and experimental development."),
        ("Basis", "Quarterly and monthly figures are year-to-date (from January). City totals include the "
                  "county-level units and the development zones."),
        ("Source", "Provincial Statistics Bureau, R&D survey"),
        ("Unit", "10k yuan")]),
}
FORMULA = {"zh": ("计算公式", "R&D经费 ÷ GDP × 100"),
           "en": ("Formula", "R&D expenditure ÷ Gross regional product × 100")}


def read_panel(page) -> tuple[str, list[tuple[str, str]]]:
    """Open the panel under the rankings chart by its summary and read (title, [(term, text), ...])."""
    page.wait_for_selector("#rankings-bar-graph .js-plotly-plot", timeout=30_000)
    page.wait_for_selector(PANEL)
    assert not page.is_visible(f"{PANEL} .definition-list")  # folded until asked
    page.click(f"{PANEL} summary")
    page.wait_for_selector(f"{PANEL} .definition-list", state="visible")
    items = page.eval_on_selector_all(f"{PANEL} .definition-list > *", "els => els.map(e => [e.tagName, e.innerText])")
    assert [tag for tag, _ in items] == ["DT", "DD"] * (len(items) // 2)
    return page.inner_text(f"{PANEL} summary"), [(items[i][1], items[i + 1][1]) for i in range(0, len(items), 2)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_definition_under_the_rankings_chart(live_server, viewer_page, lang):
    page = viewer_page
    page.goto(f"{live_server.url}/rankings?indicator=RD_EXP&period=2023&lang={lang}")
    assert read_panel(page) == EXPECTED[lang]
    # a derived indicator also states its formula, with the inputs' names in the page language
    page.goto(f"{live_server.url}/rankings?indicator=RD_INTENSITY&period=2023&lang={lang}")
    title, rows = read_panel(page)
    assert title == EXPECTED[lang][0] and FORMULA[lang] in rows
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


TICKS = "sel => [...document.querySelectorAll(sel)].map(e => e.textContent)"


def test_money_axes_tick_in_wan_never_k(live_server, viewer_page):
    """R&D expenditure runs to ~15,400万元: plotly's default would write "15k"; the axis writes the number."""
    page = viewer_page
    page.goto(f"{live_server.url}/trends?indicator=RD_EXP")
    page.wait_for_selector("#trends-main-graph .ytick text", timeout=30_000)
    trends = page.evaluate(TICKS, "#trends-main-graph .ytick text")
    page.goto(f"{live_server.url}/rankings?indicator=RD_EXP&period=2023")
    page.wait_for_selector("#rankings-bar-graph .xtick text", timeout=30_000)
    rankings = page.evaluate(TICKS, "#rankings-bar-graph .xtick text")
    for ticks in (rankings, trends):
        assert ticks and not [t for t in ticks if any(c in t for c in "kMGT")], ticks
        numbers = [float(t.replace(",", "").replace("\u2212", "-")) for t in ticks if t.strip()]
        assert max(numbers) >= 10_000, ticks  # in 万元 as written: 15,000 is fifteen thousand 万元
