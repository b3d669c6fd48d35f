"""`python app.py serve --workers 2` in a subprocess, with accounts and API tokens made by the CLI."""
from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, instance: Path, workers: int = 2, env: dict | None = None):
        self.instance = instance
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(self.port), "HOST": "127.0.0.1",
                    "EXPOSE_WORKER": "1", **(env or {})}
        self.passwords: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.proc = None

    def cli(self, *args: str, stdin: str | None = None) -> str:
        res = subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=self.env, input=stdin,
                             capture_output=True, text=True, timeout=180)
        if res.returncode != 0:
            raise RuntimeError(res.stdout + res.stderr)
        return res.stdout

    def add_user(self, name: str, role: str) -> None:
        password = "Pw-" + secrets.token_urlsafe(12)
        self.cli("user", "add", name, "--role", role, "--password-stdin", stdin=password + "\n")
        self.passwords[name] = password
        out = self.cli("user", "token", "create", name, "--name", "tests")
        self.tokens[name] = re.search(r"cst_\S+", out).group(0)

    def auth(self, name: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def start(self) -> "Gunicorn":
        self.log = open(self.instance / "gunicorn.log", "w")
        self.proc = subprocess.Popen([sys.executable, "app.py", "serve", "--workers", str(self.workers)],
                                     cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/health", timeout=2).ok and len(self.worker_pids()) == self.workers:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError((self.instance / "gunicorn.log").read_text())
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start:\n" + (self.instance / "gunicorn.log").read_text())

    def worker_pids(self) -> set[int]:
        """The workers' pids, from gunicorn's master."""
        out = subprocess.run(["pgrep", "-P", str(self._master())], capture_output=True, text=True).stdout
        return {int(p) for p in out.split()}

    def _master(self) -> int:
        return self.proc.pid  # `serve` execs gunicorn in the same process

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc:
            self.log.close()


def get_from_every_worker(server: Gunicorn, path: str, headers: dict, rounds: int = 50) -> dict[int, list]:
    """GET `path` in parallel bursts until each worker has answered; returns {pid: [json bodies]}.

    Parallel, fresh connections: one busy worker makes the kernel hand the next one to another.
    """
    from concurrent.futures import ThreadPoolExecutor

    def one(_):
        r = requests.get(server.url + path, headers={**headers, "Connection": "close"}, timeout=60)
        r.raise_for_status()
        return int(r.headers["X-Worker-Pid"]), r.json()

    seen: dict[int, list] = {}
    pids = server.worker_pids()
    with ThreadPoolExecutor(6) as pool:
        for _ in range(rounds):
            for pid, body in pool.map(one, range(6)):
                seen.setdefault(pid, []).append(body)
            if set(seen) >= pids:
                return seen
    raise AssertionError(f"only workers {sorted(seen)} of {sorted(pids)} answered")
