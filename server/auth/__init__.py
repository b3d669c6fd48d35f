"""Accounts, roles and the server-side gate (issue 5). Listed first in app.APP_MODULES.

What other modules call:
  require_role(*roles)        raise 401/403 unless the user holds one of the roles (callbacks, routes)
  roles_required(*roles)      decorator for Flask routes; mutating routes without it are refused
  page_guard(role, lang)      None, or the 403 component (in `lang`) a page layout returns instead
  current_roles(), current_username(), has_role(*roles)
  csrf_token()                the hidden `csrf_token` field for server-rendered POST forms
  user_from_token(token)      the user behind an API token (Authorization: Bearer ...), or None
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from datetime import timedelta

from server.auth.csrf import csrf_token
from server.auth.guard import (
    AccessDenied, NotLoggedIn, current_account, current_roles, current_username, has_role, page_guard,
    public_route, require_role, roles_required,
)
from server.auth.roles import (
    ADMIN, ADMIN_ID, APPROVER, PAGE_ROLES, PREFIX_ROLES, REVIEW_ID, ROLES, TARGETS_EDIT_ID, UPLOAD_ID, UPLOADER, VIEWER,
)

if TYPE_CHECKING:
    from dash import Dash
    from flask import Request

__all__ = ["AccessDenied", "NotLoggedIn", "current_account", "current_roles", "current_username", "has_role",
           "page_guard", "public_route", "require_role", "roles_required", "csrf_token", "user_from_token",
           "ROLES", "VIEWER", "UPLOADER", "APPROVER", "ADMIN", "PAGE_ROLES", "PREFIX_ROLES", "UPLOAD_ID",
           "REVIEW_ID", "ADMIN_ID", "TARGETS_EDIT_ID", "init_app", "finish_app"]


def user_from_token(token: str):
    """The active user owning this unrevoked API token, or None."""
    from data.db import reading
    from server.auth import tokens
    from server.context import engine

    # Read first: a write transaction per API call would queue every call behind a running import.
    with reading(engine()) as conn:
        user, token_id, due = tokens.find(conn, token)
    if due:
        with engine().begin() as conn:
            tokens.touch(conn, token_id)
    return user


def _load_session_user(user_id: str):
    from data.db import reading
    from server.auth import users
    from server.context import engine

    ident, _, stamp = (user_id or "").partition(":")
    if not ident.isdigit():
        return None
    with reading(engine()) as conn:
        user = users.get_by_id(conn, int(ident))
    # The stamp follows the password hash: a password change or reset ends every other session.
    return user if user and user.active and user.session_stamp == stamp else None


def _load_bearer_user(req: Request):
    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.startswith("Bearer "):
        return None
    return user_from_token(header[len("Bearer "):].strip())


def init_app(app: Dash) -> None:
    """Attach sign-in to the Flask server of `app`: Flask-Login with sessions and API tokens, the
    login/account blueprint, security headers, the role guard on routes and callbacks, the zh/en pages, and the
    first accounts of a new database (server.auth.bootstrap).
    """
    from flask_login import LoginManager

    from server.auth import guard, headers, i18n, login
    from server.auth.bootstrap import ensure_first_accounts
    from server.context import EXT

    server = app.server
    server.extensions[guard.DASH_APP] = app
    server.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)

    manager = LoginManager()
    manager.session_protection = "basic"
    manager.user_loader(_load_session_user)
    manager.request_loader(_load_bearer_user)
    manager.init_app(server)

    server.jinja_env.globals["csrf_token"] = csrf_token
    i18n.init_app(server)
    server.register_blueprint(login.bp)
    server.before_request(guard.guard)
    server.after_request(headers.add_security_headers)
    server.register_error_handler(401, guard.handle_auth_error)
    server.register_error_handler(403, guard.handle_auth_error)

    context = server.extensions[EXT]
    ensure_first_accounts(context.engine, demo=context.settings.demo)


def finish_app(app: Dash) -> None:
    """Once, at app creation, after every page and callback is attached: role pages wrapped with their
    guard, the roles of every callback worked out (not per request), crafted callback bodies answered 400."""
    from server.auth import callbacks, guard

    guard.guard_pages()
    callbacks.attach(app)
