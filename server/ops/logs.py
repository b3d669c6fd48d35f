"""Structured JSON logs: one line per request and per import, with duration and user, never secrets."""
from __future__ import annotations

import logging
import os
import sys
import time

from flask import Flask, g, request

from data.events import event_line

logger = logging.getLogger("dashboard")


def configure() -> None:
    """Write the ``dashboard`` logger's INFO lines (and its children's, e.g. ``dashboard.data``) to stderr."""
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def event(kind: str, **fields) -> None:
    """Log one structured event (e.g. event("import", file=..., rows=..., duration_ms=..., user=...))."""
    configure()
    logger.info(event_line(kind, **fields))


def _user() -> str | None:
    try:
        from flask_login import current_user

        return current_user.get_id() and getattr(current_user, "username", None)
    except Exception:  # noqa: BLE001 - logging must never break a request
        return None


def init_app(server: Flask) -> None:
    """Log one JSON line per request (method, path, status, duration_ms, user, ip) on stderr."""
    configure()
    expose_worker = os.environ.get("EXPOSE_WORKER") == "1"  # tests and benchmarks: which worker answered

    @server.before_request
    def _start():
        g.log_started = time.perf_counter()

    @server.after_request
    def _log(response):
        if expose_worker:
            response.headers["X-Worker-Pid"] = str(os.getpid())
        started = g.pop("log_started", None)
        if started is not None and not request.path.startswith(("/_dash-component-suites", "/assets")):
            event("request", method=request.method, path=request.path, status=response.status_code,
                  duration_ms=round((time.perf_counter() - started) * 1000, 1), user=_user(),
                  ip=request.remote_addr)
        return response
