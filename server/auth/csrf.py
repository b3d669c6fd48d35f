"""CSRF for form posts: a per-session token in every form (and the X-CSRF-Token header for scripts).

JSON posts (Dash callbacks, the API) need no token: a cross-site page cannot send application/json
without a CORS preflight, which this server never grants, and the session cookie is SameSite=Lax.
"""
from __future__ import annotations

import hmac
import secrets

from flask import request, session

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    """The session's token; put it in a hidden field named `csrf_token` of every POST form."""
    if "_csrf" not in session:
        session["_csrf"] = secrets.token_urlsafe(32)
    return session["_csrf"]


def csrf_ok() -> bool:
    """True when the request carries the session's CSRF token (X-CSRF-Token header or csrf_token form
    field), compared in constant time; False when the session has none.
    """
    sent = request.headers.get(HEADER) or (request.form.get(FIELD) if request.form else None) or ""
    expected = session.get("_csrf", "")
    return bool(expected) and hmac.compare_digest(sent, expected)
