"""Screenshots into screenshots/ (gitignored): every dashboard page in zh and en at 1920×1080 and 390×844
(phone), meeting mode at 1024×768, 1280×720 and 1920×1080, and the display screen (大屏, /screen) at 1920×1080.

Starts the app on a free port with a fresh demo instance in PUBLIC_VIEW mode (read-only display
screens), drives Debian's headless Chromium, and stops the app again.

Run: .venv/bin/python scripts/screenshots.py [--lang zh|en|both] [--out DIR] [--port N]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"
PAGES = [
    ("overview", "/", "#overview-cards"),
    ("trends", "/trends?indicator=RD_EXP&freq=Q&region=130534,130582", "#trends-main-graph .js-plotly-plot"),
    ("rankings", "/rankings?indicator=HNTE&period=2023", "#rankings-bar-graph .js-plotly-plot"),
    ("meeting", "/rankings?indicator=RD_EXP&period=2023&measure=yoy&meeting=1", "#meeting-graph .js-plotly-plot"),
    ("targets", "/targets", "#targets-home-graph .js-plotly-plot"),
    ("map", "/map?indicator=HNTE&period=2023", "#map-graph .js-plotly-plot"),
    ("data", "/data?indicator=GDP,RD_EXP&region=130534,130528", "#data-grid .ag-row"),
    ("screen", "/screen", "#screen-ranking .js-plotly-plot"),
]
VIEWPORTS = [(1920, 1080), (390, 844)]
MEETING = ("/rankings?indicator=HNTE&period=2023&meeting=1", "#meeting-graph .js-plotly-plot")
MEETING_SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
SCREEN = ("/screen", "#screen-ranking .js-plotly-plot")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(instance: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(port), "HOST": "127.0.0.1", "PUBLIC_VIEW": "1"}
    env.pop("DATABASE_URL", None)
    log = open(instance / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if requests.get(url + "/", timeout=1).status_code < 500:
                return proc, url
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError((instance / "server.log").read_text())
        time.sleep(0.25)
    proc.terminate()
    raise RuntimeError("the app did not start")


def shoot(url: str, langs: list[str], out: Path = OUT) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for width, height in VIEWPORTS:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                          device_scale_factor=1)
            page = context.new_page()
            for lang in langs:
                for name, path, ready in PAGES:
                    sep = "&" if "?" in path else "?"
                    page.goto(url + path + (f"{sep}lang=en" if lang == "en" else ""))
                    page.wait_for_selector(ready, timeout=30_000)
                    page.wait_for_timeout(800)  # fonts and plotly transitions settle
                    target = out / f"{name}-{lang}-{width}x{height}.png"
                    page.screenshot(path=str(target), full_page=name != "meeting")
                    written.append(target)
            context.close()
        for width, height in MEETING_SIZES:  # meeting mode on projectors, and the display screen
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
            page = context.new_page()
            for lang in langs:
                shots = [("meeting-sizes", *MEETING)] + ([("screen", *SCREEN)] if width == 1920 else [])
                for name, path, ready in shots:
                    page.goto(url + path + ("&" if "?" in path else "?") + f"lang={lang}")
                    page.wait_for_selector(ready, timeout=30_000)
                    page.wait_for_timeout(1500)  # meeting mode fits its type to the screen after the first draw
                    target = OUT / f"{name}-{lang}-{width}x{height}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["zh", "en", "both"], default="both")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files (default: screenshots/)")
    parser.add_argument("--port", type=int, default=None, help="port for the app (default: a free one)")
    args = parser.parse_args()
    langs = ["zh", "en"] if args.lang == "both" else [args.lang]
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        instance = Path(tmp)
        subprocess.run([sys.executable, "app.py", "init-db"], cwd=ROOT, check=True, capture_output=True,
                       env={**os.environ, "INSTANCE_PATH": str(instance)})
        proc, url = start_app(instance, args.port)
        try:
            for path in shoot(url, langs, args.out.resolve()):
                print(path)
        finally:
            proc.terminate()
            proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
