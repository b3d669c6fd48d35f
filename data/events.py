"""Structured events as JSON lines through the standard `logging` module, never with secrets.

`event(kind, **fields)` logs one line ``{"ts": unix seconds, "event": kind, **fields}`` at INFO on the logger
``dashboard.data``, a child of ``dashboard``. Where the lines go (stderr, one per line) is the server's choice:
`server.ops.logs.configure()` attaches the handler; without it INFO lines are dropped like any library's.
"""
from __future__ import annotations

import json
import logging
import time

SECRET_WORDS = ("password", "passwd", "token", "secret", "authorization", "cookie", "csrf")
logger = logging.getLogger("dashboard.data")


def scrub(data: dict) -> dict:
    """Drop values whose key names a secret, at any depth."""
    out = {}
    for k, v in data.items():
        if any(w in str(k).lower() for w in SECRET_WORDS):
            out[k] = "[redacted]"
        elif isinstance(v, dict):
            out[k] = scrub(v)
        else:
            out[k] = v
    return out


def event_line(kind: str, **fields) -> str:
    """The JSON line of one event (ensure_ascii off; values json cannot write become strings)."""
    return json.dumps({"ts": round(time.time(), 3), "event": kind, **scrub(fields)}, ensure_ascii=False,
                      default=str)


def event(kind: str, *, log: logging.Logger | None = None, **fields) -> None:
    """Log one structured event, e.g. ``event("import.analyse", rows=…, duration_ms=…)``."""
    (log or logger).info(event_line(kind, **fields))
