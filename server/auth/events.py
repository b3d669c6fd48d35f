"""Audit rows for security events, in their own transaction (store.audit writes the row)."""
from __future__ import annotations

from flask import has_request_context, request

from data import store


def client_ip() -> str:
    """The client's address (request.remote_addr), "-" outside a request; behind a reverse proxy
    put werkzeug's ProxyFix in front so that X-Forwarded-For is honoured.
    """
    # remote_addr: put a ProxyFix in front when a reverse proxy sets X-Forwarded-For.
    return (request.remote_addr or "-") if has_request_context() else "-"


def audit_request(action: str, target: str = "", detail: dict | None = None, username: str | None = None) -> None:
    """Write one audit row (who: `username`, None for anonymous; where from: the client's address)."""
    from server.context import engine

    with engine().begin() as conn:
        store.audit(conn, username, action, target, detail, ip=client_ip())
