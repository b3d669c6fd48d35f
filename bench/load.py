"""Load test: 50 simulated viewers for 60 s on gunicorn with 2 workers, national-scale data, one publish midway.

1. Copies the national-scale database (bench/national.py, ~2,850 county-level units) to a fresh instance.
2. Starts `python app.py serve --workers 2` on loopback.
3. Records the real Dash callback requests of every page (headless Chromium opens each page and
   changes its controls, as bench/pages.py does), so the viewers replay exactly what browsers send.
4. 50 viewers each log in first (outside the measured minute), then replay those callbacks (with the indicator varied)
   with 1–4 s of think time (uniform), and every ~1 s read 清河县's 高新技术企业数 through the API to
   notice the new revision. An official reads a chart before changing a control: the first version of
   this benchmark used 0.5–1.5 s, which is unrealistically aggressive (`--think 0.5-1.5` still runs it).
5. At 30 s an uploader imports a corrected figure and an approver publishes it.

Everything stays on 127.0.0.1; the run is bounded (60 s of load, 50 viewers).
Last line printed: one JSON object (viewers, requests, errors, p50_ms, p95_ms, stale_after_publish_s, ...).
Run: .venv/bin/python bench/load.py [--viewers 50] [--seconds 60] [--folder /tmp/national] [--think 1-4]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))  # the root first: bench/indicators.py must not shadow the indicators package

from appcli import cli, publish_correction  # noqa: E402
from national import build as build_national  # noqa: E402
from pages import INTERACTIONS, READY, free_port, segment, settle  # noqa: E402

PROBE = "/api/v1/observations?region=130534&indicator=HNTE&period=2023"
VARY = ["RD_EXP", "HNTE", "TSME", "TECH_CONTRACT", "FISCAL_ST", "PLATFORMS", "SUPER_DEDUCT_AMOUNT"]


def login(http: requests.Session, url: str, user: str, password: str) -> None:
    page = http.get(url + "/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = http.post(url + "/login", data={"username": user, "password": password, "csrf_token": token},
                  allow_redirects=False)
    if r.status_code != 302:
        raise RuntimeError(f"login failed for {user}: {r.status_code}")


def record_callbacks(url: str, user: str, password: str) -> list[dict]:
    """The callback requests Chromium sends while opening each page and changing its controls."""
    from playwright.sync_api import sync_playwright

    bodies: list[dict] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        page.on("request", lambda r: bodies.append(json.loads(r.post_data))
                if r.url.endswith("/_dash-update-component") or "/_dash-update-component?" in r.url else None)
        page.goto(url + "/login")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        for path, ready in READY.items():
            page.goto(url + path, timeout=600_000)
            page.wait_for_selector(ready, timeout=600_000)
            settle(page)
            for control, label in INTERACTIONS[path]:
                segment(page, control, label)
                settle(page)
        browser.close()
    return bodies


def vary(body: dict) -> str:
    text = json.dumps(body, ensure_ascii=False)
    codes = [c for c in VARY if f'"{c}"' in text]
    if codes:
        text = text.replace(f'"{random.choice(codes)}"', f'"{random.choice(VARY)}"')
    return text


class Viewer(threading.Thread):
    def __init__(self, url: str, user: str, password: str, bodies: list[dict], stop: threading.Event,
                 published: dict, think: tuple[float, float] = (1.0, 4.0), go: threading.Event | None = None):
        super().__init__(daemon=True)
        self.go = go or threading.Event()
        self.logged_in = threading.Event()
        self.think = think
        self.url, self.user, self.password, self.bodies = url, user, password, bodies
        self.stop, self.published = stop, published
        self.latencies: list[float] = []
        self.by_kind: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.saw_new_at: float | None = None

    def run(self) -> None:
        http = requests.Session()
        try:
            login(http, self.url, self.user, self.password)
        except Exception as exc:  # noqa: BLE001
            self.errors.append(repr(exc))
            return
        finally:
            self.logged_in.set()
        # Sessions are opened before the measured minute: a login (a deliberately slow password hash)
        # is not a page view, and 50 of them at once would measure the hash, not the dashboard.
        self.go.wait()
        self.stop.wait(random.uniform(0, self.think[1]))  # viewers arrive spread over one think time
        next_probe = 0.0
        while not self.stop.is_set():
            chosen = random.choice(self.bodies)
            body = vary(chosen)
            t0 = time.perf_counter()
            try:
                r = http.post(self.url + "/_dash-update-component", data=body.encode(),
                              headers={"Content-Type": "application/json"}, timeout=30)
                self.latencies.append((time.perf_counter() - t0) * 1000)
                self.by_kind.setdefault(str(chosen.get("output"))[:60], []).append(self.latencies[-1])
                if r.status_code not in (200, 204):
                    self.errors.append(f"{r.status_code} {r.text[:120]}")
            except requests.RequestException as exc:
                self.errors.append(repr(exc))
            if time.time() >= next_probe and self.saw_new_at is None:
                next_probe = time.time() + 1.0
                self.probe(http)
            self.stop.wait(random.uniform(*self.think))

    def probe(self, http: requests.Session) -> None:
        try:
            r = http.get(self.url + PROBE, timeout=30)
            if r.status_code != 200:
                self.errors.append(f"probe {r.status_code}")
                return
            value = r.json()["items"][0]["value"]
            if "value" in self.published and value == self.published["value"]:
                self.saw_new_at = time.time()
        except (requests.RequestException, KeyError, IndexError, ValueError) as exc:
            self.errors.append(repr(exc))


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--viewers", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--folder", default="/tmp/national")
    ap.add_argument("--think", default="1-4", help="think time between a viewer's callbacks, seconds: MIN-MAX")
    args = ap.parse_args()
    think = tuple(float(x) for x in args.think.split("-", 1))

    source = build_national(Path(args.folder))
    instance = Path(tempfile.mkdtemp(prefix="load-"))
    shutil.copy(source, instance / "dashboard.sqlite")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(port), "HOST": "127.0.0.1",
           "DEMO_DATA": "0", "EXPOSE_WORKER": "1"}
    env.pop("DATABASE_URL", None)
    cli(env, "init-db")
    passwords = {}
    for name, role in [("viewer", "viewer"), ("staff", "uploader"), ("boss", "approver")]:
        passwords[name] = "Pw-" + secrets.token_urlsafe(12)
        cli(env, "user", "add", name, "--role", role, "--password-stdin", stdin=passwords[name] + "\n")
    tokens = {n: re.search(r"cst_\S+", cli(env, "user", "token", "create", n, "--name", "load")).group(0)
              for n in ("staff", "boss", "viewer")}
    log = open(instance / "gunicorn.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "serve", "--workers", "2"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        t0 = time.time()
        while True:  # both workers up and each holding the snapshot
            try:
                pids = set()
                for _ in range(12):
                    r = requests.get(url + PROBE, headers={"Authorization": f"Bearer {tokens['viewer']}",
                                                           "Connection": "close"}, timeout=120)
                    if r.ok:
                        pids.add(r.headers.get("X-Worker-Pid"))
                if len(pids) >= 2:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.time() - t0 > 600:
                raise RuntimeError((instance / "gunicorn.log").read_text()[-3000:])
            time.sleep(1)
        warm_s = time.time() - t0
        old = requests.get(url + PROBE, headers={"Authorization": f"Bearer {tokens['viewer']}"}).json()
        old_value = old["items"][0]["value"]
        bodies = record_callbacks(url, "viewer", passwords["viewer"])
        print(f"warm-up {warm_s:.1f} s; recorded {len(bodies)} callback requests", file=sys.stderr)

        stop = threading.Event()
        published: dict = {}
        go = threading.Event()
        viewers = [Viewer(url, "viewer", passwords["viewer"], bodies, stop, published, think, go)
                   for _ in range(args.viewers)]
        for v in viewers:
            v.start()
            v.logged_in.wait(60)
        go.set()
        start = time.time()
        time.sleep(args.seconds / 2)
        published["value"] = old_value + 7
        published_at = publish_correction(url, tokens["staff"], tokens["boss"], old_value + 7, "压力测试中更正")[1]
        time.sleep(max(0.0, start + args.seconds - time.time()))
        stop.set()
        for v in viewers:
            v.join(60)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()
    lat = [x for v in viewers for x in v.latencies]
    errors = [e for v in viewers for e in v.errors]
    stale = [v.saw_new_at - published_at for v in viewers if v.saw_new_at]
    result = {
        "viewers": args.viewers, "seconds": args.seconds, "think_s": args.think, "requests": len(lat),
        "errors": len(errors),
        "p50_ms": round(pct(lat, 0.50), 1), "p95_ms": round(pct(lat, 0.95), 1), "p99_ms": round(pct(lat, 0.99), 1),
        "max_ms": round(max(lat), 1) if lat else None,
        "stale_after_publish_s": round(max(stale), 2) if len(stale) == len(viewers) else None,
        "viewers_saw_publish": len(stale), "workers": 2, "warmup_s": round(warm_s, 1),
        "callback_kinds": len({json.dumps(b.get("outputs"), sort_keys=True) for b in bodies}),
        "error_samples": errors[:3],
    }
    kinds: dict[str, list[float]] = {}
    for v in viewers:
        for k, xs in v.by_kind.items():
            kinds.setdefault(k, []).extend(xs)
    for k, xs in sorted(kinds.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {statistics.median(xs):7.1f} ms median  {pct(xs, 0.95):7.1f} ms p95  n={len(xs):4d}  {k}",
              file=sys.stderr)
    shutil.rmtree(instance, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
