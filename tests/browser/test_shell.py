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


def test_an_unknown_address_is_answered_in_the_shell_and_the_page_language(live_server, viewer_page):
    """brk5 #13: /nosuchpage shows the dashboard's own not-found page (zh by default, en with ?lang=en) inside the
    shell, never Dash's English "404 - Page not found"."""
    page = viewer_page
    page.goto(live_server.url + "/nosuchpage")
    page.wait_for_selector("#page-not-found")
    assert page.inner_text(".page-title") == "页面不存在"
    assert page.inner_text("#page-not-found") == "本看板没有这个地址，可能是链接已更改或输入有误。"
    assert page.inner_text("#not-found-home") == "返回总览"
    assert page.title() == "页面不存在 · 县域科技指标看板"
    assert "404 - Page not found" not in page.inner_text("body")
    assert page.locator("#demo-badge").count() == 1  # the shell is around it
    page.goto(live_server.url + "/targets/edit?lang=en")
    page.wait_for_selector("#page-not-found")
    assert page.inner_text(".page-title") == "Page not found"
    assert page.inner_text("#page-not-found") == \
        "The dashboard has no page at this address: the link may have changed or been mistyped."
    assert page.get_attribute("#not-found-home", "href") == "/?lang=en"
    page.click("#not-found-home")
    page.wait_for_selector("#overview-cards")
    assert page.console_errors == []
