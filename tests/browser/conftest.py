"""Browser fixtures: the real app in a subprocess and Debian's headless Chromium through Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from browser_helpers import login

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


ROLES = ("viewer", "uploader", "approver", "admin")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Also holds `accounts`: {role: (username, password)}, one account per role with a fresh random password."""
    import secrets

    instance = tmp_path_factory.mktemp("instance")
    server = LiveServer(instance)
    server.cli("init-db")
    server.accounts = {}
    for role in ROLES:
        password = secrets.token_urlsafe(12)
        done = server.cli("user", "add", f"test-{role}", "--role", role, "--password-stdin", stdin=password + "\n")
        assert done.returncode == 0, done.stderr
        server.accounts[role] = (f"test-{role}", password)
    server.start()
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
