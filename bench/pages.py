"""Page speed at national scale: server-side callback times and first meaningful paint.

Loads the national-scale benchmark database (bench/national.py: ~2,850 county-level units, the real
18 邢台 counties among them, ~millions of observation rows in SQLite), serves it with `python app.py`,
and drives Debian's headless Chromium through every page, changing each control.

- callback times: the app's own structured request log (server.ops.logs, `duration_ms` of every
  POST /_dash-update-component), i.e. measured inside the server; the first visit of each page,
  which builds the analysis snapshot, is a warm-up and not counted.
- first meaningful paint: performance.now() when the page's main chart/grid/cards are in the DOM,
  on a warm server (navigation start = 0).

Last line printed: one JSON object (regions, rows, callback_median_ms, callback_p95_ms, first_paint_s, ...).
Run: .venv/bin/python bench/pages.py --callbacks [--folder /tmp/national] [--rounds 3]

Default mode (issue 18): first and warm views right after a publish, on `python app.py serve` (gunicorn).
A viewer's browser (headless Chromium) is recorded once opening every page (the document, Dash's layout
and dependencies, and every callback it sends); then each round publishes a corrected figure through the
app's own path (POST /api/v1/imports, then POST /api/v1/revisions/N/publish) and replays every page's
requests over real HTTP: the first view of each page after the publish, then the same again warm. A page's
view time is the wall time of its requests replayed one after another (the browser overlaps some, so this
is an upper bound). Login to the overview (GET /login, POST /login, the overview's requests) is measured
right after its own publish.

Run: .venv/bin/python bench/pages.py [--scale county|national] [--rounds 3] [--workers 2]
Last line printed: one JSON object (scale, first_view_ms / warm_view_ms per page (medians), worst_first_view_ms,
login_to_overview_ms, publish_ms, ...).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import requests

if TYPE_CHECKING:
    from playwright.sync_api import Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))  # the root first: bench/indicators.py must not shadow the indicators package

from appcli import publish_correction  # noqa: E402

READY = {"/": "#overview-cards", "/trends": "#trends-main-graph .js-plotly-plot",
         "/rankings": "#rankings-bar-graph .js-plotly-plot", "/targets": "#_pages_content .mantine-Stack-root",
         "/map": "#map-graph .js-plotly-plot", "/data": "#data-grid .ag-row"}


def segment(page, control_id: str, label: str) -> None:
    page.locator(f"#{control_id}").get_by_text(label, exact=True).click()


def settle(page) -> None:
    """Wait until Dash has no callback in flight."""
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=60_000)
    page.wait_for_timeout(150)


INTERACTIONS = {
    "/": [],
    "/trends": [("trends-freq", "季度"), ("trends-q", "累计"), ("trends-cmp", "同比"), ("trends-freq", "年度")],
    "/rankings": [("rankings-measure", "同比"), ("rankings-measure", "占全市比重"), ("rankings-measure", "总量")],
    "/targets": [],
    "/map": [("map-measure", "同比"), ("map-measure", "位次")],
    "/data": [("data-kind", "年度"), ("data-kind", "季度")],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    env = {**os.environ, "INSTANCE_PATH": str(folder), "PORT": str(port), "HOST": "127.0.0.1",
           "PUBLIC_VIEW": "1", "DEMO_DATA": "0"}
    env.pop("DATABASE_URL", None)
    log_path = folder / "bench-pages.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(url + "/health", timeout=2).status_code < 500:
                return proc, url, log_path
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(log_path.read_text())
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("the app did not start")


def callback_durations(log_path: Path, windows: dict[str, list[tuple[float, float]]]) -> dict[str, list[float]]:
    """duration_ms of every callback request logged inside each page's measured windows."""
    out: dict[str, list[float]] = {p: [] for p in windows}
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if rec.get("event") != "request" or rec.get("path") != "/_dash-update-component":
            continue
        for page, spans in windows.items():
            if any(a <= rec["ts"] <= b for a, b in spans):
                out[page].append(float(rec["duration_ms"]))
    return out


def drive(url: str, rounds: int) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    windows: dict[str, list[tuple[float, float]]] = {p: [] for p in READY}
    paints: dict[str, list[float]] = {p: [] for p in READY}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        for path in READY:  # warm-up: the first visit builds and caches the snapshot
            page.goto(url + path, timeout=600_000)
            page.wait_for_selector(READY[path], timeout=600_000)
            settle(page)
        for _ in range(rounds):
            for path, ready in READY.items():
                start = time.time()
                page.goto(url + path)
                page.wait_for_selector(ready, timeout=60_000)
                paints[path].append(page.evaluate("() => performance.now()") / 1000)
                settle(page)
                for control, label in INTERACTIONS[path]:
                    segment(page, control, label)
                    settle(page)
                time.sleep(0.3)  # the last log lines reach the file
                windows[path].append((start, time.time()))
        browser.close()
    return windows, paints


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        regions = conn.execute("select count(*) from regions where level = 'county'").fetchone()[0]
        rows = conn.execute("select count(*) from observations").fetchone()[0]
    return regions, rows


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def callbacks_main(args: argparse.Namespace) -> int:
    """The national callback and first-paint figures (the --callbacks mode)."""
    args.folder = args.folder or "/tmp/national-pages"
    from bench.national import build

    folder = Path(args.folder)
    db = build(folder)
    regions, rows = counts(db)
    print(f"database: {regions:,} county-level units, {rows:,} observation rows ({db})")
    proc, url, log_path = start(folder)
    try:
        windows, paints = drive(url, args.rounds)
    finally:
        proc.terminate()
        proc.wait(30)
    durations = callback_durations(log_path, windows)
    per_page = {}
    for path in READY:
        d = durations[path]
        per_page[path] = {"callbacks": len(d), "median_ms": round(statistics.median(d), 1) if d else None,
                          "p95_ms": round(pct(d, 0.95), 1) if d else None, "max_ms": round(max(d), 1) if d else None,
                          "first_paint_s": round(statistics.median(paints[path]), 2)}
        print(f"{path:10s} callbacks {len(d):3d}  median {per_page[path]['median_ms']} ms  "
              f"p95 {per_page[path]['p95_ms']} ms  first paint {per_page[path]['first_paint_s']} s")
    everything = [v for d in durations.values() for v in d]
    result = {
        "regions": regions, "rows": rows, "rounds": args.rounds,
        "callback_median_ms": round(statistics.median(everything), 1),
        "callback_p95_ms": round(pct(everything, 0.95), 1),
        "worst_page_callback_median_ms": max(v["median_ms"] for v in per_page.values() if v["median_ms"] is not None),
        "first_paint_s": max(v["first_paint_s"] for v in per_page.values()),
        "pages": per_page,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0



# ---- first and warm views right after a publish (issue 18) ------------------------------------------------

VIEWS = ["/", "/trends", "/trends?freq=Q", "/rankings", "/targets", "/map", "/data", "/screen", "/rounds"]
SKIP = ("/assets/", "/_dash-component-suites/", "/_favicon", "/_reload-hash")


def cli(env: dict, *args: str, stdin: str | None = None) -> str:
    res = subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                         text=True, timeout=900)
    if res.returncode != 0:
        raise RuntimeError(res.stdout + res.stderr)
    return res.stdout


def login(http: requests.Session, url: str, user: str, password: str) -> requests.Response:
    import re

    page = http.get(url + "/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = http.post(url + "/login", data={"username": user, "password": password, "csrf_token": token})
    if r.status_code != 200 or "/login" in r.url:
        raise RuntimeError(f"login failed for {user}: {r.status_code} {r.url}")
    return r


def record_views(url: str, user: str, password: str) -> dict[str, list[dict]]:
    """{view: [request]}: what Chromium asks of the server (no static files) when opening each view."""
    from playwright.sync_api import sync_playwright

    views: dict[str, list[dict]] = {}
    current: list[dict] = []

    def seen(r: Request) -> None:
        path = r.url[len(url):]
        if r.url.startswith(url) and not path.startswith(SKIP):
            current.append({"method": r.method, "path": path, "body": r.post_data,
                            "headers": {k: v for k, v in r.headers.items()
                                        if k.lower() in ("content-type", "x-csrftoken")}})

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        page.goto(url + "/login")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.on("request", seen)
        for view in VIEWS:
            current.clear()
            page.goto(url + view, timeout=600_000)
            page.wait_for_load_state("networkidle", timeout=600_000)
            settle(page)
            views[view] = list(current)
        browser.close()
    return views


def replay(http: requests.Session, url: str, requests_: list[dict]) -> float:
    """Send a view's requests one after another; the wall time in ms. Raises on any error answer."""
    t0 = time.perf_counter()
    for r in requests_:
        if r["method"] == "GET":
            res = http.get(url + r["path"], timeout=120)
        else:
            res = http.post(url + r["path"], data=(r["body"] or "").encode(), headers=r["headers"], timeout=120)
        if res.status_code not in (200, 204):
            raise RuntimeError(f"{r['method']} {r['path']}: {res.status_code} {res.text[:200]}")
    return (time.perf_counter() - t0) * 1000


def serve(env: dict, workers: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "app.py", "serve", "--workers", str(workers)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{env['HOST']}:{env['PORT']}"
    for _ in range(1200):
        try:
            if requests.get(url + "/ready", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(log_path.read_text()[-3000:])
        time.sleep(0.5)
    raise RuntimeError("the server did not start")


def after_publish_main(args: argparse.Namespace) -> int:
    import secrets
    import shutil
    import signal
    import tempfile

    instance = Path(tempfile.mkdtemp(prefix="pages-"))
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(args.port or free_port()),
           "HOST": "127.0.0.1", "DEMO_DATA": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if args.scale == "national":
        from bench.national import build

        shutil.copy(build(Path(args.folder or "/tmp/national")), instance / "dashboard.sqlite")
        env["DEMO_DATA"] = "0"
    cli(env, "init-db")
    regions, rows = counts(instance / "dashboard.sqlite")
    print(f"{args.scale}: {regions:,} county-level units, {rows:,} observation rows; "
          f"gunicorn with {args.workers} workers")
    passwords, tokens = {}, {}
    for name, role in [("viewer", "viewer"), ("staff", "uploader"), ("boss", "approver")]:
        passwords[name] = "Pw-" + secrets.token_urlsafe(12)
        cli(env, "user", "add", name, "--role", role, "--password-stdin", stdin=passwords[name] + "\n")
        out = cli(env, "user", "token", "create", name, "--name", "bench")
        tokens[name] = next(w for w in out.split() if w.startswith("cst_"))
    url = f"http://127.0.0.1:{env['PORT']}"
    proc = serve(env, args.workers, instance / "gunicorn.log")
    first: dict[str, list[float]] = {v: [] for v in VIEWS}
    warm: dict[str, list[float]] = {v: [] for v in VIEWS}
    logins: list[float] = []
    publishes: list[float] = []
    try:
        views = record_views(url, "viewer", passwords["viewer"])
        http = requests.Session()
        login(http, url, "viewer", passwords["viewer"])
        for v in VIEWS:  # the recorded views answer (and every worker has the snapshot before round 1)
            for _ in range(args.workers):
                replay(http, url, views[v])
        value = 60.0
        for _ in range(args.rounds):
            value += 1
            publishes.append(publish_correction(url, tokens["staff"], tokens["boss"], value, "基准测试更正")[0])
            for v in VIEWS:
                first[v].append(replay(http, url, views[v]))
            for v in VIEWS:
                warm[v].append(replay(http, url, views[v]))
            value += 1
            publishes.append(publish_correction(url, tokens["staff"], tokens["boss"], value, "基准测试更正")[0])
            fresh = requests.Session()
            t0 = time.perf_counter()
            login(fresh, url, "viewer", passwords["viewer"])  # follows the redirect: GET / (the page itself)
            replay(fresh, url, [r for r in views["/"] if r["path"] != "/"])
            logins.append((time.perf_counter() - t0) * 1000)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    med = {v: round(statistics.median(first[v]), 1) for v in VIEWS}
    wmed = {v: round(statistics.median(warm[v]), 1) for v in VIEWS}
    for v in VIEWS:
        print(f"{v:16s} first view {med[v]:8.1f} ms (max {max(first[v]):8.1f})   warm {wmed[v]:8.1f} ms   "
              f"{len(views[v])} requests")
    print(f"login to overview {statistics.median(logins):.1f} ms (max {max(logins):.1f}); "
          f"publish {statistics.median(publishes):.1f} ms median")
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    shutil.rmtree(instance, ignore_errors=True)
    print(json.dumps({
        "scale": args.scale, "regions": regions, "rows": rows, "workers": args.workers, "rounds": args.rounds,
        "first_view_ms": med, "warm_view_ms": wmed, "worst_first_view_ms": max(med.values()),
        "worst_first_view_max_ms": round(max(max(x) for x in first.values()), 1),
        "worst_warm_view_ms": max(wmed.values()),
        "login_to_overview_ms": round(statistics.median(logins), 1), "login_to_overview_max_ms": round(max(logins), 1),
        "publish_ms": round(statistics.median(publishes), 1), "loadavg": load}, ensure_ascii=False))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callbacks", action="store_true", help="the national callback/first-paint figures")
    parser.add_argument("--scale", choices=["county", "national"], default="county")
    parser.add_argument("--folder", default=None, help="where the national database is built and kept")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: a free one)")
    args = parser.parse_args()
    return callbacks_main(args) if args.callbacks else after_publish_main(args)

if __name__ == "__main__":
    sys.exit(main())
