"""Each role signs in through the login page and sees only what it may do; the server refuses the rest."""
import pytest

pytestmark = pytest.mark.browser

ROLE_NAV = {"viewer": set(), "uploader": {"nav-upload"}, "approver": {"nav-review", "nav-notes"}, "admin": {"nav-admin"}}
PROTECTED_NAV = {"nav-upload", "nav-review", "nav-notes", "nav-admin"}


def nav_ids(page) -> set[str]:
    page.wait_for_selector("#nav-overview")
    return set(page.eval_on_selector_all("#navbar-links [id^=nav-]", "els => els.map(e => e.id)"))


def test_anonymous_visitors_get_the_chinese_login_page(live_server, page):
    page.goto(live_server.url + "/admin")
    assert "/login" in page.url
    assert page.inner_text("h2") == "登录"
    page.fill("#username", live_server.accounts["viewer"][0])
    page.fill("#password", "not-the-password")
    page.click("#login-submit")
    assert page.inner_text("#login-error") == "用户名或密码错误"
    assert page.console_errors == [] or all("401" in e for e in page.console_errors)


@pytest.mark.parametrize("role", ["viewer", "uploader", "approver", "admin"])
def test_each_role_sees_only_its_navigation(live_server, login_as, role):
    page = login_as(role)
    page.goto(live_server.url + "/")
    page.wait_for_selector("#user-menu-name")
    assert page.inner_text("#user-menu-name") == live_server.accounts[role][0]
    shown = nav_ids(page)
    assert {"nav-overview", "nav-trends", "nav-data"} <= shown
    assert shown & PROTECTED_NAV == ROLE_NAV[role]
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


@pytest.mark.parametrize("role", ["viewer", "uploader", "approver"])
def test_admin_page_refused_to_other_roles(live_server, login_as, role):
    page = login_as(role)
    page.goto(live_server.url + "/admin")
    page.wait_for_selector("#page-forbidden")
    assert "无权访问" in page.inner_text("#page-forbidden")
    assert page.locator("#admin-users-table").count() == 0


def test_admin_manages_users_and_reads_the_audit_log(live_server, login_as):
    page = login_as("admin")
    page.goto(live_server.url + "/admin")
    page.wait_for_selector("#admin-users-grid")
    assert "test-viewer" in page.inner_text("#admin-users-grid")
    page.fill("#admin-new-username", "browser-made")
    page.click("#admin-new-submit")
    page.wait_for_selector("#admin-secret")
    assert len(page.inner_text("#admin-secret").strip()) >= 10  # the initial password, shown once
    # a selector wait, not wait_for_function("…"): an expression string is eval'd, which the app's CSP refuses
    page.locator("#admin-users-grid").get_by_text("browser-made", exact=True).first.wait_for()
    page.get_by_role("tab", name="审计日志").click()
    page.wait_for_selector("#admin-audit-grid .ag-row")
    text = page.inner_text("#admin-audit-grid")
    assert "login.success" in text and "user.create" in text
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
    assert page.console_errors == []


def test_logout_from_the_header(live_server, viewer_page):
    page = viewer_page
    page.goto(live_server.url + "/")
    page.wait_for_selector("#user-logout")
    page.click("#user-logout")
    page.wait_for_url("**/login")
    page.goto(live_server.url + "/")
    assert "/login" in page.url


def test_pages_render_under_the_csp(live_server, viewer_page):
    """Dash, Mantine, Plotly (SVG traces) and AG Grid run without 'unsafe-eval' or inline scripts."""
    page = viewer_page
    for path in ("/", "/trends", "/data"):
        page.goto(live_server.url + path)
        page.wait_for_selector("#_pages_content")
        page.wait_for_timeout(1500)
    csp = [e for e in page.console_errors if "Content Security Policy" in e or "unsafe-eval" in e]
    assert csp == []


def test_logout_on_a_phone_from_the_menu(live_server, viewer_page):
    """At 390 px the header has no room for the account: the menu (burger) carries the name and 退出, inside
    the screen, and logging out from there ends the session."""
    page = viewer_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.wait_for_selector("#nav-account-slot #nav-logout", state="attached")
    assert not page.is_visible("#user-logout")  # the header's copy is hidden on phones
    page.click("#nav-burger")
    page.wait_for_selector("#nav-logout", state="visible")
    box, settled = None, page.locator("#nav-logout").bounding_box()
    for _ in range(40):  # the menu slides in from the left: measure where it comes to rest
        page.wait_for_timeout(100)
        box, settled = settled, page.locator("#nav-logout").bounding_box()
        if box == settled:
            break
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.inner_text("#nav-menu-name") == live_server.accounts["viewer"][0]
    page.click("#nav-logout")
    page.wait_for_url("**/login")
    page.goto(live_server.url + "/")
    assert "/login" in page.url
