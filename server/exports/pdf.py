"""HTML to PDF through Debian's Chromium (the browser kaleido already drives for chart images).

One headless Chromium process per document (`--print-to-pdf`), in a throwaway profile, offline:
the HTML is self-contained (inline CSS, system fonts) and is read from a local file. A4 and margins
come from the document's own `@page` rule. Raises UserError (503) when no Chromium is installed or
when it fails, never a traceback.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from data.errors import UserError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 90


def chromium_path() -> str | None:
    """The Chromium executable: $BROWSER_PATH when it exists, else the first of CANDIDATES on PATH;
    None when there is none.
    """
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str) -> bytes:
    """Print `html` to PDF bytes with headless Chromium (a throwaway profile, no header or footer).

    Raises UserError 503 when Chromium is not installed, or when printing fails or times out.
    """
    browser = chromium_path()
    if browser is None:
        raise UserError("服务器未安装 Chromium，无法生成 PDF；请安装 Debian 的 chromium 软件包",
                        "Chromium is not installed on the server: install Debian's chromium package", status=503)
    with tempfile.TemporaryDirectory(prefix="pdf-") as tmp:
        src, out = Path(tmp) / "doc.html", Path(tmp) / "doc.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
               "--disable-background-networking", "--no-pdf-header-footer", "--hide-scrollbars",
               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired as exc:
            raise UserError("生成 PDF 超时，请稍后重试", "PDF generation timed out; try again", status=503) from exc
        if not out.exists() or out.stat().st_size == 0:
            raise UserError("生成 PDF 失败，请稍后重试或联系管理员", "PDF generation failed; try again later",
                            status=503)
        return out.read_bytes()
