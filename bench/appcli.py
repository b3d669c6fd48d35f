"""Helpers the bench scripts share: `python app.py …` (bench/load.py, bench/abuse.py) and a publish through the
API (bench/load.py, bench/pages.py)."""
from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli(env: dict, *args: str, stdin: str | None = None) -> str:
    """Run `python app.py ARGS` in the project folder with environment `env` (`stdin` as its input, 10 minutes
    at most) and return its standard output. Raises RuntimeError with its output when it exits non-zero."""
    res = subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                         text=True, timeout=600)
    if res.returncode != 0:
        raise RuntimeError(res.stdout + res.stderr)
    return res.stdout


def publish_correction(url: str, staff_token: str, boss_token: str, value: float, note: str) -> tuple[float, float]:
    """Upload a corrected 清河县 高新技术企业数 (HNTE) 2023 = `value` 家 (备注 `note`) as the uploader and publish it as
    the approver, through the API of the server at `url`. Returns (the publish answer's wall time in ms, the epoch
    second it answered). Raises requests.HTTPError when either call fails."""
    import requests
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    ws.append(["130534", "清河县", "HNTE", "高新技术企业数", "2023", "否", value, "家", "修订", note])
    buf = io.BytesIO()
    wb.save(buf)
    r = requests.post(url + "/api/v1/imports", headers={"Authorization": f"Bearer {staff_token}"},
                      files={"file": ("hnte.xlsx", buf.getvalue())}, timeout=300)
    r.raise_for_status()
    t0 = time.perf_counter()
    r = requests.post(f"{url}/api/v1/revisions/{r.json()['revision']}/publish",
                      headers={"Authorization": f"Bearer {boss_token}"}, timeout=300)
    r.raise_for_status()
    return (time.perf_counter() - t0) * 1000, time.time()
