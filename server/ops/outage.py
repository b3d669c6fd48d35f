"""When the database is down (restart, failover), answer 503 with a clear message, not a traceback.

The engine's pool_pre_ping replaces dead connections, so service resumes by itself once the database
is back: nothing here holds state.
"""
from __future__ import annotations

from flask import Flask, request
from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

from server.errors import json_error
from server.ops.logs import event

MESSAGE_ZH = "数据库暂时无法连接，请稍后重试。"
MESSAGE_EN = "The database is temporarily unavailable. Please try again shortly."


def init_app(server: Flask) -> None:
    """Answer a lost or locked database (OperationalError, pool timeout, invalidated connection) with a
    503 in the one error shape instead of a 500; other database errors propagate.
    """
    server.register_error_handler(OperationalError, _unavailable)
    server.register_error_handler(PoolTimeout, _unavailable)
    server.register_error_handler(DBAPIError, _dbapi)


def _dbapi(exc: DBAPIError):
    if exc.connection_invalidated or isinstance(exc, OperationalError):
        return _unavailable(exc)
    raise exc


def _unavailable(exc: Exception):
    event("database_unavailable", path=request.path, error=type(exc).__name__)
    wants_html = request.method == "GET" and "text/html" in request.headers.get("Accept", "") \
        and not request.path.startswith("/api/")
    if wants_html:
        body = (f"<!doctype html><meta charset='utf-8'><title>503</title>"
                f"<p>{MESSAGE_ZH}</p><p>{MESSAGE_EN}</p>")
        return body, 503, {"Content-Type": "text/html; charset=utf-8", "Retry-After": "5"}
    resp = json_error(503, MESSAGE_ZH, MESSAGE_EN)
    resp.headers["Retry-After"] = "5"
    return resp
