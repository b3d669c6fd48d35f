"""The shell renders the overview from the store, in Chinese, labelled 示例数据."""
import pytest

pytestmark = pytest.mark.browser


def test_overview_renders_home_county_figures(live_server, viewer_page):
    page = viewer_page
    page.goto(live_server.url + "/")
    page.wait_for_selector("#overview-table")
    assert "清河县" in page.inner_text("body")
    assert page.inner_text("#demo-badge") == "示例数据"
    assert page.console_errors == []
