"""Who may read: any signed-in user (session or API bearer token), or anyone when PUBLIC_VIEW=1.

Accounts, sessions and tokens belong to server.auth; this module only asks it.
"""
from __future__ import annotations

from flask import request

from server.context import settings


def require_viewer() -> None:
    """before_request of the API and export blueprints: raises 401/403 (HTTP errors) when refused."""
    if request.method in ("GET", "HEAD") and settings().public_view:
        return
    from server.auth import require_role

    require_role()  # no roles named: any signed-in account


def username() -> str | None:
    """The signed-in user's name (session or API token), None when anonymous."""
    from server.auth import current_username

    return current_username()


def audit(action: str, target: str, detail: dict) -> None:
    """One audit row per export or API download (store.audit, its own transaction)."""
    from data import store
    from server.context import engine

    with engine().begin() as conn:
        store.audit(conn, username(), action, target, detail, ip=request.remote_addr)
