"""Plain Flask pages (server-rendered; Chinese, or English with ?lang=en): /login, /logout, /account, /account/password."""
from __future__ import annotations
from typing import TYPE_CHECKING

import hashlib
from urllib.parse import unquote, urlsplit, urlunsplit

from flask import Blueprint, redirect, render_template, request, session
from flask_login import login_user, logout_user
from sqlalchemy import text

from data import store
from data.errors import UserError
from server.auth import throttle, tokens, users
from server.auth.csrf import csrf_token
from server.auth.events import audit_request, client_ip
from server.auth.guard import current_account, public_route, roles_required
from server.auth.i18n import page_lang, tr, with_lang
from server.auth.passwords import verify_password
from server.context import engine, settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

bp = Blueprint("auth", __name__, template_folder="templates")

# Catalogue keys (texts/i18n.py): the page shows them in its language.
FAILED, LOCKED, DISABLED = "auth.failed", "auth.locked", "auth.disabled"
LOCKED_IP = "auth.locked_ip"


def safe_next(value: str | None) -> str:
    """The `next` target as a same-site path, or "/": never an open redirect.

    Checked after the normalisation every later step applies (urllib's `urlsplit` drops TAB/CR/LF anywhere
    and C0 controls/spaces at the ends; browsers do the same), so what is checked is what is sent in
    `Location`. Refused: anything not starting with one "/", a scheme or host (`//x`, `/\\x`, `https:`),
    a backslash anywhere (browsers read it as "/"), control characters, and the same after one more
    percent-decoding (`/%2F/evil.example`).
    """
    if not value or not isinstance(value, str) or len(value) > 2000:
        return "/"
    cleaned = _normalise_url(value)
    for form in (cleaned, _normalise_url(unquote(cleaned))):
        if not _same_site_path(form):
            return "/"
    parts = urlsplit(cleaned)
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


_STRIP = "".join(map(chr, range(0x21)))  # C0 controls and space: what urlsplit and browsers strip at the ends


def _normalise_url(value: str) -> str:
    return value.replace("\t", "").replace("\r", "").replace("\n", "").strip(_STRIP)


def _same_site_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/") and not parts.path.startswith("//")


def _serialise(conn: Connection, username: str, ip: str) -> None:
    """On PostgreSQL, attempts from one IP (then for one user and IP) queue up, so neither count can be raced
    past its limit. Always in this order: no deadlock."""
    if conn.dialect.name == "postgresql":
        for name in (f"ip|{ip}", f"{username}|{ip}"):
            key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def authenticate(username: str, password: str, ip: str) -> tuple[users.User | None, str | None]:
    """(user, None) on success, else (None, catalogue key of the message). Records the attempt and its audit row."""
    with engine().begin() as conn:
        _serialise(conn, username, ip)
        reason = throttle.locked_reason(conn, username, ip)
        if reason is not None:
            store.audit(conn, username, "login.blocked", f"user:{username}", {"limit": reason}, ip=ip)
            return None, LOCKED_IP if reason == throttle.IP else LOCKED
        user = users.get_by_username(conn, username)
        ok = verify_password(users.password_hash_of(conn, username), password)
        throttle.record(conn, username, ip, ok)
        if ok and not user.active:
            store.audit(conn, username, "login.failure", f"user:{username}", {"reason": "disabled"}, ip=ip)
            return None, DISABLED
        if not ok:
            store.audit(conn, username, "login.failure", f"user:{username}", ip=ip)
            return None, FAILED
        users.record_login(conn, user.id)
        store.audit(conn, username, "login.success", f"user:{username}", ip=ip)
        return user, None


@bp.route("/login", methods=["GET", "POST"])
@public_route
def login():
    """GET/POST /login: the sign-in form; a good name and password start a session and redirect to
    the (same-site) ?next=; failures are throttled per name and address and answer one generic message.
    """
    nxt = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_account() is not None:
            return redirect(with_lang(nxt))
        return render_template("auth/login.html", next=nxt, error=None, username="",
                               public_view=settings().public_view)
    username = (request.form.get("username") or "").strip()[:64]
    password = request.form.get("password") or ""
    user, error = authenticate(username, password, client_ip()) if username and password else (None, FAILED)
    if user is None:
        status = 429 if error in (LOCKED, LOCKED_IP) else 401
        return render_template("auth/login.html", next=nxt, error=tr(error), username=username,
                               public_view=settings().public_view), status
    session.clear()  # a fresh session after login: no fixation
    session.permanent = True
    login_user(user)
    # The form token now, in this one response: made later, parallel callback responses (each re-sending
    # the whole cookie session) could overwrite it.
    csrf_token()
    return redirect(with_lang("/account/password" if user.must_change_password else nxt))


@bp.route("/logout", methods=["GET", "POST"])
@public_route
def logout():
    """GET /logout asks for confirmation; POST /logout (CSRF-checked) ends this session and every
    copy of it (the account's session generation moves on) and writes the audit log.
    """
    if request.method == "GET":  # GET only asks: logging out changes state, so it is a POST form
        return render_template("auth/logout.html")
    user = current_account()
    if user is not None and not user.via_token:
        # Server-side: the account's session generation moves on, so a copied cookie stops working too.
        with engine().begin() as conn:
            users.end_sessions(conn, user.username, actor=user.username, action=None)
        audit_request("logout", username=user.username)
    logout_user()
    session.clear()
    return redirect(with_lang("/login"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required()
def password():
    """GET/POST /account/password: change one's password (current one checked, the new one twice and
    meeting passwords.check_new_password); the change ends the other sessions, and the API tokens unless the
    form keeps them.
    """
    user = current_account()
    if request.method == "GET":
        return render_template("auth/password.html", user=user, error=None, done=False)
    current, new, again = (request.form.get(k) or "" for k in ("current", "new", "again"))
    error = None
    with engine().begin() as conn:
        if not verify_password(users.password_hash_of(conn, user.username), current):
            error = tr("auth.wrong_current")
        elif new != again:
            error = tr("auth.mismatch")
        elif new == current:
            error = tr("auth.same")
        else:
            try:
                users.set_password(conn, user.username, new, actor=user.username, must_change_password=False,
                                   ip=client_ip(), keep_tokens=request.form.get("keep_tokens") == "1")
            except UserError as exc:
                error = exc.message(page_lang())
            else:
                fresh = users.get_by_id(conn, user.id)
    if error:
        return render_template("auth/password.html", user=user, error=error, done=False), 400
    login_user(fresh)  # the password changed the session stamp: keep this session, drop the others
    return render_template("auth/password.html", user=fresh, error=None, done=True)


@bp.route("/account", methods=["GET"])
@roles_required()
def account():
    """GET /account: the signed-in user's account page with their API tokens (names, never the secrets)."""
    user = current_account()
    with engine().connect() as conn:
        mine = tokens.list_tokens(conn, user.username)
    return render_template("auth/account.html", user=user, tokens=mine, new_token=None)


@bp.route("/account/tokens", methods=["POST"])
@roles_required()
def create_own_token():
    """POST /account/tokens: create an API token for oneself; its secret is shown once on the page."""
    user = current_account()
    with engine().begin() as conn:
        _, token = tokens.create(conn, user.username, request.form.get("name") or "api", actor=user.username,
                                 ip=client_ip())
        mine = tokens.list_tokens(conn, user.username)
    return render_template("auth/account.html", user=user, tokens=mine, new_token=token)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required()
def revoke_own_token(token_id: int):
    """POST /account/tokens/<id>/revoke: revoke one of one's own tokens; another user's id changes
    nothing and tells nothing. Redirects to /account.
    """
    user = current_account()
    try:
        with engine().begin() as conn:
            tokens.revoke(conn, token_id, actor=user.username, owner=user.username, ip=client_ip())
    except UserError:
        pass  # not this user's token: nothing to do, and nothing to reveal
    return redirect(with_lang("/account"))
