"""The overview's 报送 panel describes the round of the period its cards show, also after a pick in the period
picker (which rewrites the address without a navigation): 2026年1—3季度 links to that round, 2025年 to the year's."""
import pytest

pytestmark = pytest.mark.browser


def test_the_panel_follows_the_period_picker(live_server, viewer_page):
    page = viewer_page
    page.goto(live_server.url + "/?period=2026Q3")
    page.wait_for_selector("#overview-rounds-panel a", timeout=30_000)
    assert page.get_attribute("#overview-rounds-panel a", "href") == "/rounds?period=2026Q3"
    page.click("#overview-period")
    page.get_by_role("option", name="2025年").first.click()
    page.wait_for_function("() => document.querySelector('#overview-rounds-panel a')?.getAttribute('href')"
                           " === '/rounds?period=2025'", timeout=30_000)
    assert "period=2025" in page.url
    assert "2025年" in page.inner_text("#overview-rounds-panel")
