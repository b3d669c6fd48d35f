"""Accounts in the users table. Functions take a connection: the caller's transaction covers the audit row."""
from __future__ import annotations
from typing import TYPE_CHECKING

import hashlib
import re
from dataclasses import dataclass

from flask_login import UserMixin
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.errors import UserError
from server.auth.passwords import check_new_password, hash_password
from server.auth.roles import ROLES, parse_roles

if TYPE_CHECKING:
    from collections.abc import Iterable
    from sqlalchemy.engine import Row

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


@dataclass
class User(UserMixin):
    """What a request knows about its user. Never carries the password hash."""

    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    must_change_password: bool
    session_stamp: str  # changes with the password and the session generation: older sessions stop working
    via_token: bool = False

    @property
    def is_active(self) -> bool:
        """Flask-Login: a disabled account cannot sign in or keep a session."""
        return self.active

    def get_id(self) -> str:
        """Flask-Login's session id "<user id>:<session stamp>": when the stamp changes (logout,
        password change, disable) every copied cookie stops working.
        """
        return f"{self.id}:{self.session_stamp}"

    def has(self, role: str) -> bool:
        """True when the account holds `role`."""
        return role in self.roles


def _stamp(password_hash: str, session_gen: int = 0) -> str:
    """What a session cookie must carry: a password change, reset, logout or disable changes it, so every
    copy of every earlier cookie of the account stops working (server-side revocation, issue 11)."""
    return hashlib.sha256(f"{password_hash}|{int(session_gen or 0)}".encode()).hexdigest()[:16]


def _user(row: Row) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name or "",
                roles=tuple(r for r in (row.roles or "").split(",") if r in ROLES), active=bool(row.active),
                must_change_password=bool(row.must_change_password),
                session_stamp=_stamp(row.password_hash, getattr(row, "session_gen", 0)))


def get_by_id(conn: Connection, user_id: int) -> User | None:
    """The account with id `user_id`, None when there is none."""
    row = conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
    return _user(row) if row else None


def get_by_username(conn: Connection, username: str) -> User | None:
    """The account named `username`, None when there is none."""
    row = conn.execute(select(t.users).where(t.users.c.username == username)).first()
    return _user(row) if row else None


def password_hash_of(conn: Connection, username: str) -> str | None:
    """The stored password hash of `username`, None for an unknown name."""
    return conn.execute(select(t.users.c.password_hash).where(t.users.c.username == username)).scalar()


def require(conn: Connection, username: str) -> User:
    """The account named `username`. Raises UserError (404) when there is none."""
    user = get_by_username(conn, username)
    if user is None:
        raise UserError(f"用户 {username} 不存在", f"No user named {username}", status=404)
    return user


def count(conn: Connection) -> int:
    """How many accounts exist."""
    return conn.execute(select(func.count()).select_from(t.users)).scalar()


def list_users(conn: Connection) -> list[dict]:
    """Rows for display: no password hashes."""
    u = t.users.c
    rows = conn.execute(select(u.id, u.username, u.display_name, u.roles, u.active, u.must_change_password,
                               u.created_at, u.last_login_at).order_by(u.username)).mappings().all()
    return [dict(r) for r in rows]


def create(conn: Connection, username: str, password: str, roles: Iterable[str], *, actor: str | None,
           display_name: str = "", must_change_password: bool = True, ip: str | None = None) -> User:
    """Create an account (roles default to viewer) and write the audit log; returns it.

    Raises UserError 400 for a malformed name (2–64 letters, digits, _ . -), an unknown role or a weak password,
    409 when the name is taken.
    """
    username = (username or "").strip()
    if not USERNAME_RE.match(username):
        raise UserError("用户名只能包含字母、数字和 _ . -，长度 2–64", "User names: 2–64 letters, digits, _ . -")
    if get_by_username(conn, username):
        raise UserError(f"用户 {username} 已存在", f"User {username} already exists", status=409)
    roles = parse_roles(roles) or ["viewer"]
    check_new_password(password, username)
    conn.execute(insert(t.users).values(
        username=username, display_name=display_name or username, password_hash=hash_password(password),
        roles=",".join(roles), active=True, must_change_password=must_change_password, created_at=store.now()))
    store.audit(conn, actor, "user.create", f"user:{username}", {"roles": roles}, ip=ip)
    return get_by_username(conn, username)


def set_password(conn: Connection, username: str, password: str, *, actor: str | None,
                 must_change_password: bool, ip: str | None = None, keep_tokens: bool = False) -> int:
    """Set a password. Every session of the account ends (the stamp follows the hash; the caller logs the
    current one in again), and so do its API tokens unless the user, changing their own password, keeps
    them (`keep_tokens`; an administrator's reset always ends them). Returns the number of tokens revoked."""
    user = require(conn, username)
    check_new_password(password, username)
    conn.execute(update(t.users).where(t.users.c.username == username).values(
        password_hash=hash_password(password), must_change_password=must_change_password))
    own = actor == username
    action = "password.change" if own else "user.password_reset"
    revoked = 0 if (own and keep_tokens) else _revoke_tokens(conn, user.id)
    store.audit(conn, actor, action, f"user:{username}", {"tokens_revoked": revoked}, ip=ip)
    return revoked


def _revoke_tokens(conn: Connection, user_id: int) -> int:
    a = t.api_tokens.c
    res = conn.execute(update(t.api_tokens).where(a.user_id == user_id, a.revoked_at.is_(None))
                       .values(revoked_at=store.now()))
    return int(res.rowcount or 0)


def end_sessions(conn: Connection, username: str, *, actor: str | None, action: str | None = "sessions.end",
                 ip: str | None = None) -> None:
    """End every session of the account (every copy of every cookie, on all devices): logout, or an
    administrator's order. Audited as `action` (None: the caller writes its own row, as logout does)."""
    require(conn, username)
    u = t.users.c
    conn.execute(update(t.users).where(u.username == username).values(session_gen=u.session_gen + 1))
    if action:
        store.audit(conn, actor, action, f"user:{username}", ip=ip)


def set_roles(conn: Connection, username: str, roles: Iterable[str], *, actor: str | None, ip: str | None = None) -> list[str]:
    """Replace the account's roles (audited before/after); returns the parsed roles.

    Raises UserError 404 for an unknown user, 400 for no role or an unknown one, and refuses to take admin from
    the last active admin.
    """
    user = require(conn, username)
    before = user.roles
    roles = parse_roles(roles)
    if not roles:
        raise UserError("至少需要一个角色", "At least one role is needed")
    if user.has("admin") and user.active and "admin" not in roles:
        _keep_an_admin(conn, username)
    conn.execute(update(t.users).where(t.users.c.username == username).values(roles=",".join(roles)))
    store.audit(conn, actor, "user.roles", f"user:{username}", {"before": list(before), "after": roles}, ip=ip)
    return roles


def set_active(conn: Connection, username: str, active: bool, *, actor: str | None, ip: str | None = None) -> None:
    """Enable or disable an account (audited); disabling ends its sessions and refuses the last
    active admin. Raises UserError 404 for an unknown user.
    """
    user = require(conn, username)
    if not active and user.has("admin") and user.active:
        _keep_an_admin(conn, username)
    u = t.users.c
    values = {"active": active} if active else {"active": False, "session_gen": u.session_gen + 1}
    conn.execute(update(t.users).where(u.username == username).values(**values))
    store.audit(conn, actor, "user.enable" if active else "user.disable", f"user:{username}", ip=ip)


def _keep_an_admin(conn: Connection, username: str) -> None:
    """Refuse the change that would leave no active administrator (nobody could fix it from the UI)."""
    u = t.users.c
    others = conn.execute(select(u.roles).where(u.active.is_(True), u.username != username)).scalars().all()
    if not any("admin" in (r or "").split(",") for r in others):
        raise UserError("至少需要保留一个启用的管理员账号", "At least one active administrator must remain")


def record_login(conn: Connection, user_id: int) -> None:
    """Set the account's last_login_at to now."""
    conn.execute(update(t.users).where(t.users.c.id == user_id).values(last_login_at=store.now()))
