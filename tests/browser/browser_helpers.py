"""Helpers the browser tests import by name (never `from conftest import …`: that depends on collection order)."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]


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
