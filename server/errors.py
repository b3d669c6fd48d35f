"""The one JSON error shape of every route, API or not.

``{"error": message in the request's language (zh unless ?lang=en), "message_zh": …, "message_en": …,
"status": HTTP status (int), "detail": … (only when there is one)}`` — `data.errors.UserError.to_dict` makes it,
`json_error` wraps it in a response. A 401 carries ``WWW-Authenticate`` (a session cookie or
``Authorization: Bearer <API token>`` both answer it). Pages show errors with `layouts.components.error_alert`.
"""
from __future__ import annotations

from flask import Response, has_request_context, jsonify, request

from data.errors import UserError

CHALLENGE = 'Bearer realm="county-dashboard"'


def _lang() -> str:
    return "en" if has_request_context() and request.args.get("lang") == "en" else "zh"


def error_body(status: int, message_zh: str, message_en: str, detail: object = None) -> dict:
    """The error shape as a dict (see the module docstring)."""
    return UserError(message_zh, message_en, status=status, detail=detail).to_dict(_lang())


def error_response(exc: UserError) -> Response:
    """A UserError as a JSON response with its status."""
    return json_error(exc.status, exc.message_zh, exc.message_en, exc.detail)


def json_error(status: int, message_zh: str, message_en: str, detail: object = None) -> Response:
    """A JSON error response; 401 adds the WWW-Authenticate challenge."""
    resp = jsonify(error_body(status, message_zh, message_en, detail))
    resp.status_code = status
    if status == 401:
        resp.headers["WWW-Authenticate"] = CHALLENGE
    return resp
