"""API tokens: random, shown once, stored as sha256. `Authorization: Bearer <token>` on /api/ routes."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.errors import UserError
from server.auth import users

PREFIX = "cst_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(conn: Connection, username: str, name: str, *, actor: str | None, ip: str | None = None) -> tuple[int, str]:
    """Returns (token id, the token). The token itself is never stored: show it now or never."""
    user = users.require(conn, username)
    name = (name or "").strip()[:64] or "api"
    token = PREFIX + secrets.token_urlsafe(32)
    token_id = conn.execute(insert(t.api_tokens).values(
        user_id=user.id, name=name, token_hash=_digest(token), created_at=store.now()
    ).returning(t.api_tokens.c.id)).scalar_one()
    store.audit(conn, actor, "token.create", f"token:{token_id}", {"user": username, "name": name}, ip=ip)
    return token_id, token


def revoke(conn: Connection, token_id: int, *, actor: str | None, owner: str | None = None,
           ip: str | None = None) -> None:
    """Revoke a token; with `owner`, only that user's token (a user revoking their own)."""
    a, u = t.api_tokens.c, t.users.c
    row = conn.execute(select(a.id, a.revoked_at, u.username).join(t.users, u.id == a.user_id)
                       .where(a.id == int(token_id))).first()
    if row is None or (owner is not None and row.username != owner):
        raise UserError(f"令牌 {token_id} 不存在", f"No token {token_id}", status=404)
    if row.revoked_at is None:
        conn.execute(update(t.api_tokens).where(a.id == row.id).values(revoked_at=store.now()))
        store.audit(conn, actor, "token.revoke", f"token:{row.id}", {"user": row.username}, ip=ip)


def list_tokens(conn: Connection, username: str | None = None) -> list[dict]:
    """Rows for display: never the hash."""
    a, u = t.api_tokens.c, t.users.c
    q = (select(a.id, u.username, a.name, a.created_at, a.last_used_at, a.revoked_at)
         .join(t.users, u.id == a.user_id).order_by(a.id.desc()))
    if username:
        q = q.where(u.username == username)
    return [dict(r) for r in conn.execute(q).mappings().all()]


def find(conn: Connection, token: str) -> tuple[users.User | None, int | None, bool]:
    """(the active user owning this unrevoked token, the token id, whether last_used_at is due a write)."""
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None, None, False
    a = t.api_tokens.c
    row = conn.execute(select(a.id, a.user_id, a.last_used_at)
                       .where(a.token_hash == _digest(token), a.revoked_at.is_(None))).first()
    if row is None:
        return None, None, False
    user = users.get_by_id(conn, row.user_id)
    if user is None or not user.active:
        return None, None, False
    now = store.now()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite hands back naive datetimes
        last = last.replace(tzinfo=now.tzinfo)
    user.via_token = True
    return user, row.id, last is None or now - last > timedelta(minutes=1)  # one write a minute at most


def touch(conn: Connection, token_id: int) -> None:
    """Set the token's last_used_at to now (shown on the account page)."""
    conn.execute(update(t.api_tokens).where(t.api_tokens.c.id == token_id).values(last_used_at=store.now()))


def user_from_token(conn: Connection, token: str) -> users.User | None:
    """The active user owning this unrevoked token, or None (notes the use, in `conn`'s transaction)."""
    user, token_id, due = find(conn, token)
    if due:
        touch(conn, token_id)
    return user
