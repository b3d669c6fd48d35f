"""Abuse benchmark (issue 11): p95 of 30 readers while one client sends `as_of` variations and another
uploads the XFD2000 workbook, against the same readers alone. The issue's bar: p95 stays ≤ 2× the quiet
figure, and no worker is lost.

1. A fresh instance (demo data, or a copy of the national database with --national) served by
   `python app.py serve --workers 2` on 127.0.0.1.
2. Quiet phase: 30 readers (on 6 viewer accounts' API tokens) read observations and rankings through the API
   (a realistic mix) with 0.2–0.6 s of think time; latencies recorded.
3. Abuse phase, same readers, plus: an `as_of` client keeping two requests in flight, each with a timestamp
   1 µs after the previous one (spread over the whole publish history), and an uploader posting the 2 KB
   workbook with one cell at XFD2000 (issue 11, finding 1) back to back.
4. Prints both p95s, their ratio, the attackers' request counts and answers, the worker pids before and
   after; the last line is one JSON object.

Run: .venv/bin/python bench/abuse.py [--seconds 20] [--readers 30] [--port 8110] [--national /tmp/national]
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import argparse
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from appcli import cli  # noqa: E402

READS = ["/api/v1/observations?region=130534&period=2023",
         "/api/v1/observations?indicator=HNTE&period=2023&group=130500",
         "/api/v1/observations?indicator=RD_EXP&region=130534",
         "/api/v1/observations?indicator=GDP&period=2024&group=130500"]


def token_for(env: dict, name: str, role: str) -> str:
    cli(env, "user", "add", name, "--role", role, "--password-stdin", stdin=secrets.token_urlsafe(12) + "\n")
    return re.search(r"cst_\S+", cli(env, "user", "token", "create", name, "--name", "bench")).group(0)


def xfd2000() -> bytes:
    """The 2 KB workbook of issue 11: a header at A1 and one number at XFD2000, no <dimension>."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1"><c r="A1" '
        't="inlineStr"><is><t>地区</t></is></c></row><row r="2000"><c r="XFD2000"><v>1</v></c></row></sheetData>'
        '</worksheet>'}
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return bio.getvalue()


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


class Reader(threading.Thread):
    def __init__(self, url: str, token: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.token, self.stop = url, token, stop
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {self.token}"
        self.stop.wait(random.uniform(0, 0.6))
        while not self.stop.is_set():
            t0 = time.perf_counter()
            try:
                r = http.get(self.url + random.choice(READS), timeout=60)
                self.latencies.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    self.errors.append(f"{r.status_code} {r.text[:100]}")
            except requests.RequestException as exc:
                self.errors.append(repr(exc))
            self.stop.wait(random.uniform(0.2, 0.6))


class AsOf(threading.Thread):
    """Two requests in flight, each `as_of` 1 µs after the previous one, walking through the history."""

    def __init__(self, url: str, token: str, stop: threading.Event, start: datetime, lane: int):
        super().__init__(daemon=True)
        self.url, self.token, self.stop, self.moment, self.lane = url, token, stop, start, lane
        self.count, self.statuses = 0, {}

    def run(self) -> None:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {self.token}"
        i = 0
        while not self.stop.is_set():
            i += 1
            moment = self.moment + timedelta(minutes=37 * i, microseconds=2 * i + self.lane)
            try:
                r = http.get(self.url + "/api/v1/observations", params={
                    "region": "130534", "period": "2023", "as_of": moment.isoformat()}, timeout=120)
                self.statuses[r.status_code] = self.statuses.get(r.status_code, 0) + 1
            except requests.RequestException as exc:
                self.statuses[repr(exc)[:40]] = self.statuses.get(repr(exc)[:40], 0) + 1
            self.count += 1


class Uploader(threading.Thread):
    def __init__(self, url: str, token: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.token, self.stop = url, token, stop
        self.count, self.statuses, self.latencies, self.messages = 0, {}, [], set()

    def run(self) -> None:
        data = xfd2000()
        while not self.stop.is_set():
            t0 = time.perf_counter()
            try:
                r = requests.post(self.url + "/api/v1/imports?dry_run=1", headers={"Authorization": f"Bearer {self.token}"},
                                  files={"file": ("xfd2000.xlsx", data)}, timeout=120)
                self.latencies.append((time.perf_counter() - t0) * 1000)
                self.statuses[r.status_code] = self.statuses.get(r.status_code, 0) + 1
                for e in r.json().get("errors", [])[:1]:
                    self.messages.add(e.get("message_zh", "")[:60])
            except (requests.RequestException, ValueError) as exc:
                self.statuses[repr(exc)[:40]] = self.statuses.get(repr(exc)[:40], 0) + 1
            self.count += 1


def phase(url: str, tokens: list[str], seconds: float, extra: Callable[[threading.Event], None] | None = None) -> tuple[list[float], list[str]]:
    stop = threading.Event()
    readers = [Reader(url, tk, stop) for tk in tokens]
    others = extra(stop) if extra else []
    for t in readers + others:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in readers + others:
        t.join(150)
    return [x for r in readers for x in r.latencies], [e for r in readers for e in r.errors]


def workers(master: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--readers", type=int, default=30)
    ap.add_argument("--port", type=int, default=8110)
    ap.add_argument("--national", default="", help="a bench/national.py folder: copy its database (slower)")
    args = ap.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="abuse-"))
    env = {**os.environ, "INSTANCE_PATH": str(instance), "PORT": str(args.port), "HOST": "127.0.0.1",
           "EXPOSE_WORKER": "1"}
    env.pop("DATABASE_URL", None)
    if args.national:
        sys.path.insert(0, str(ROOT / "bench"))
        from national import build as build_national

        shutil.copy(build_national(Path(args.national)), instance / "dashboard.sqlite")
        env["DEMO_DATA"] = "0"
    cli(env, "init-db")
    accounts = [token_for(env, f"reader{i}", "viewer") for i in range(min(6, args.readers))]
    tokens = [accounts[i % len(accounts)] for i in range(args.readers)]  # 30 clients on 6 viewer accounts
    attacker = token_for(env, "asof", "viewer")
    uploader = token_for(env, "staff", "uploader")
    log = open(instance / "gunicorn.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "serve", "--workers", "2"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{args.port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if requests.get(url + "/ready", timeout=2).status_code == 200 and len(workers(proc.pid)) == 2:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError("server did not start")
        for path in READS:  # warm both workers' snapshots
            for _ in range(4):
                requests.get(url + path, headers={"Authorization": f"Bearer {tokens[0]}", "Connection": "close"},
                             timeout=120)
        before = workers(proc.pid)
        quiet, quiet_err = phase(url, tokens, args.seconds)
        start = datetime.now(timezone.utc) - timedelta(days=40)
        attackers: list = []

        def extra(stop: threading.Event):
            attackers[:] = [AsOf(url, attacker, stop, start, 0), AsOf(url, attacker, stop, start, 1),
                            Uploader(url, uploader, stop)]
            return attackers

        loud, loud_err = phase(url, tokens, args.seconds, extra)
        after = workers(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    asof_n = sum(a.count for a in attackers[:2])
    asof_status: dict = {}
    for a in attackers[:2]:
        for k, v in a.statuses.items():
            asof_status[str(k)] = asof_status.get(str(k), 0) + v
    up = attackers[2]
    res = {"readers": args.readers, "seconds": args.seconds,
           "quiet_requests": len(quiet), "quiet_p50_ms": round(pct(quiet, 0.5), 1),
           "quiet_p95_ms": round(pct(quiet, 0.95), 1),
           "abuse_requests": len(loud), "abuse_p50_ms": round(pct(loud, 0.5), 1),
           "abuse_p95_ms": round(pct(loud, 0.95), 1),
           "p95_ratio": round(pct(loud, 0.95) / pct(quiet, 0.95), 2),
           "reader_errors": len(quiet_err) + len(loud_err),
           "as_of_requests": asof_n, "as_of_statuses": asof_status,
           "xfd2000_uploads": up.count, "xfd2000_statuses": {str(k): v for k, v in up.statuses.items()},
           "xfd2000_p95_ms": round(pct(up.latencies, 0.95), 1), "xfd2000_message": sorted(up.messages)[:1],
           "workers_before": sorted(before), "workers_after": sorted(after), "worker_lost": before != after}
    print(f"quiet:  {res['quiet_requests']} reads, p50 {res['quiet_p50_ms']} ms, p95 {res['quiet_p95_ms']} ms")
    print(f"abuse:  {res['abuse_requests']} reads, p50 {res['abuse_p50_ms']} ms, p95 {res['abuse_p95_ms']} ms "
          f"(×{res['p95_ratio']} of quiet; the bar is ≤ 2×)")
    print(f"as_of client: {asof_n} requests {asof_status}; XFD2000 uploads: {up.count} {res['xfd2000_statuses']}, "
          f"p95 {res['xfd2000_p95_ms']} ms")
    print(f"workers before {sorted(before)} after {sorted(after)}; reader errors {res['reader_errors']}")
    print(json.dumps(res, ensure_ascii=False))
    shutil.rmtree(instance, ignore_errors=True)
    return 0 if not res["worker_lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
