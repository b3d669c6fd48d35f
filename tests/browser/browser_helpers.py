"""Helpers the browser tests import by name (never `from conftest import …`: that depends on collection order)."""
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from tests.browser.conftest import LiveServer


def login(page: Page, server: LiveServer, role: str) -> None:
    """Sign in through the login form as the account holding `role`."""
    username, password = server.accounts[role]
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/login" not in url)
