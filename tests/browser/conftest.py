"""Browser fixtures: the real app in a subprocess and Debian's headless Chromium through Playwright."""
from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import LiveServer, login, server_with_accounts

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


ROLES = ("viewer", "uploader", "approver", "admin")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Also holds `accounts`: {role: (username, password)}, one account per role with a fresh random password."""
    server = server_with_accounts(LiveServer(tmp_path_factory.mktemp("instance")), ROLES)
    yield server
    server.stop()


@pytest.fixture
def login_as(live_server, page):
    """login_as("approver") signs the `page` fixture in as that role; returns the page."""
    def sign_in(role: str):
        login(page, live_server, role)
        return page
    return sign_in


@pytest.fixture
def viewer_page(login_as):
    """The `page` fixture signed in as a viewer (read only)."""
    return login_as("viewer")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run ./scripts/test.sh, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page at 1920×1080 that records console errors in `page.console_errors`."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()
