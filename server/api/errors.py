"""JSON errors for /api/ and /export/: UserError, HTTP errors and crashes, never an HTML traceback.

Registered on the whole app (a 404 under /api/ matches no blueprint), but only paths under these
prefixes are answered here; other paths keep Flask's and the pages' own handling.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import logging

from flask import request
from werkzeug.exceptions import HTTPException, InternalServerError

from data.errors import UserError
from server.errors import error_response, json_error

if TYPE_CHECKING:
    from flask import Flask

PREFIXES = ("/api/", "/export/")
log = logging.getLogger(__name__)

HTTP_ZH = {400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "未找到", 405: "不支持该请求方法",
           406: "不支持请求的格式", 413: "上传内容过大", 415: "不支持的内容类型", 429: "请求过于频繁",
           500: "服务器内部错误", 503: "服务暂不可用"}


def ours() -> bool:
    """True for paths whose errors are answered in JSON here (/api/, /export/)."""
    return request.path.startswith(PREFIXES)


def handle_user_error(exc: UserError):
    """A UserError as the one JSON error shape (plain text off the API paths)."""
    if not ours():
        return exc.message_zh, exc.status
    return error_response(exc)


def handle_http_error(exc: HTTPException):
    """An HTTP error (404, 405, 413 …) as the one JSON error shape; Allow on a 405."""
    if not ours():
        return exc
    status = exc.code or 500
    resp = json_error(status, HTTP_ZH.get(status, exc.name), exc.name)
    allowed = getattr(exc, "valid_methods", None)
    if status == 405 and allowed:
        resp.headers["Allow"] = ", ".join(allowed)
    return resp


def handle_crash(exc: InternalServerError):
    # Flask has logged the original exception already; the client gets no traceback.
    """An unexpected exception as a JSON 500 without a traceback (Flask logs it)."""
    if not ours():
        return exc
    return json_error(500, HTTP_ZH[500], "Internal server error")


def init_app(server: Flask) -> None:
    """Register the three handlers on the Flask `server`."""
    server.register_error_handler(UserError, handle_user_error)
    server.register_error_handler(HTTPException, handle_http_error)
    server.register_error_handler(InternalServerError, handle_crash)
