"""/health (the process answers) and /ready (the database answers and its migrations are at head)."""
from __future__ import annotations

import time

from flask import Flask, jsonify
from sqlalchemy import text

from data.db import current_revision, head_revision, reading
from server.context import engine


def init_app(server: Flask) -> None:
    """Add /health (the process answers) and /ready (database reachable, migrations at head)."""
    server.add_url_rule("/health", "health", health)
    server.add_url_rule("/ready", "ready", ready)


def health():
    """200 ``{"status": "ok"}`` while the process lives."""
    return jsonify(status="ok")


def ready():
    """200 when the database answers and its Alembic revision is head; 503 with a JSON reason otherwise."""
    started = time.perf_counter()
    try:
        with reading(engine()) as conn:
            conn.execute(text("SELECT 1"))
        current = current_revision(engine())
    except Exception as exc:  # noqa: BLE001 - any database failure means "not ready"
        return jsonify(status="unavailable", database="unreachable", error=type(exc).__name__,
                       message="数据库无法连接 / database unreachable"), 503
    head = head_revision()
    ok = current == head
    body = dict(status="ok" if ok else "migrations_pending", database="ok", schema=current, schema_head=head,
                duration_ms=round((time.perf_counter() - started) * 1000, 1))
    return jsonify(body), 200 if ok else 503
