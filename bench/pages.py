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
Run: .venv/bin/python bench/pages.py [--folder /tmp/national] [--rounds 3]
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

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default="/tmp/national-pages")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
