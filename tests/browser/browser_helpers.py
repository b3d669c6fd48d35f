"""Helpers the browser tests import by name (never `from conftest import …`: that depends on collection order)."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests" / "imports") not in sys.path:   # tests/imports/workbooks.py builds the workbooks the tests upload
    sys.path.insert(0, str(ROOT / "tests" / "imports"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`python app.py` on a free port with its own instance folder (demo data loaded)."""

    def __init__(self, instance: Path, env: dict | None = None):
        self.instance = instance
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(self.port),
                    "HOST": "127.0.0.1", **(env or {})}
        self.env.pop("DATABASE_URL", None) if "DATABASE_URL" not in (env or {}) else None
        self.proc = None

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    def start(self) -> "LiveServer":
        self.log = open(self.instance / "server.log", "w")
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=1).status_code < 500 or \
                        requests.get(self.url + "/", timeout=1).status_code < 500:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError((self.instance / "server.log").read_text())
            time.sleep(0.25)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)
            self.log.close()


def server_with_accounts(server: LiveServer, roles: tuple[str, ...]) -> LiveServer:
    """Migrate `server`'s store (demo data), add one account `test-<role>` per role with a fresh random password
    (`server.accounts`: {role: (username, password)}) and start it."""
    assert server.cli("init-db").returncode == 0
    server.accounts = {}
    for role in roles:
        password = secrets.token_urlsafe(12)
        done = server.cli("user", "add", f"test-{role}", "--role", role, "--password-stdin", stdin=password + "\n")
        assert done.returncode == 0, done.stderr
        server.accounts[role] = (f"test-{role}", password)
    return server.start()


def login(page: Page, server: LiveServer, role: str) -> None:
    """Sign in through the login form as the account holding `role`."""
    username, password = server.accounts[role]
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/login" not in url)


@contextmanager
def signed_in_page(browser: Browser, server: LiveServer, role: str, width: int = 1400, height: int = 900) -> Iterator[Page]:
    """A page of a fresh zh-CN browser context of width × height px, signed in as `role`; the context is closed
    however the test ends."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        page = context.new_page()
        login(page, server, role)
        yield page
    finally:
        context.close()


def published_value(page: Page, server: LiveServer, key: dict) -> float:
    """The one published figure of `key` (indicator, region, period; not a 累计) through /api/v1/observations."""
    r = page.request.get(server.url + "/api/v1/observations", params={**key, "ytd": "false"})
    assert r.ok, r.text()
    items = r.json()["items"]
    assert len(items) == 1, items
    return items[0]["value"]


def import_one(server: LiveServer, path: Path, key: dict, name_zh: str, value: float, unit: str, *,
               user: str | None = None, note: str = "") -> int:
    """Submit one figure of `key` (region 清河县) as a long-form workbook at `path` through the CLI, as `user`
    (default: the CLI's own), and return the batch number."""
    import json

    from workbooks import long_form

    path.write_bytes(long_form([[key["region"], "清河县", key["indicator"], name_zh, key["period"], "否", value, unit,
                                 "正式", note]]))
    done = server.cli("import", *(["--user", user] if user else []), str(path), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)["revision"]


def pick_option(page: Page, select_id: str, starts_with: str, *, again: bool = False) -> None:
    """Choose the Mantine select's option that starts with `starts_with`; with `again`, click it even when it is
    the one shown (picking it again must keep it), otherwise leave a shown one alone."""
    if not again and page.input_value(f"#{select_id}").startswith(starts_with):
        return
    page.click(f"#{select_id}")
    page.get_by_role("option").filter(has_text=starts_with).first.click()
    page.wait_for_function("([sel, text]) => document.querySelector(sel).value.startsWith(text)",
                           arg=[f"#{select_id}", starts_with])
