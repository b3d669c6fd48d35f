"""Login throttling in the database (several gunicorn workers share it).

Two limits, both over the last 15 minutes:
- per (user, IP): 5 failures since the last success of that user from that IP (guessing one password);
- per IP across user names: 20 failures, whatever their outcome afterwards (password spraying: one
  password tried on many names). A success does not reset it: an attacker holding one valid account
  could otherwise log in between rounds. 20 leaves room for a whole office behind one NAT address.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from data import schema as t
from data import store

MAX_FAILURES = 5
MAX_IP_FAILURES = 20
WINDOW = timedelta(minutes=15)

USER, IP = "user", "ip"  # why an attempt is refused (locked_reason)


def is_locked(conn: Connection, username: str, ip: str) -> bool:
    """True when either limit is reached for this user and IP."""
    return locked_reason(conn, username, ip) is not None


def locked_reason(conn: Connection, username: str, ip: str) -> str | None:
    """USER after MAX_FAILURES failures for this user and IP since their last success; IP after
    MAX_IP_FAILURES failures from this IP under any names; else None."""
    a = t.login_attempts.c
    since = store.now() - WINDOW
    ip_failures = select(func.count()).select_from(t.login_attempts).where(
        a.ip == ip[:64], a.success.is_(False), a.at >= since)
    if conn.execute(ip_failures).scalar() >= MAX_IP_FAILURES:
        return IP
    key = (a.username == username[:64], a.ip == ip[:64])
    last_ok = conn.execute(select(func.max(a.at)).where(*key, a.success.is_(True), a.at >= since)).scalar()
    q = select(func.count()).select_from(t.login_attempts).where(*key, a.success.is_(False), a.at >= since)
    if last_ok is not None:
        q = q.where(a.at > last_ok)
    return USER if conn.execute(q).scalar() >= MAX_FAILURES else None


def record(conn: Connection, username: str, ip: str, success: bool) -> None:
    """Record one login attempt of `username` from `ip` (both cut to 64 characters) for the throttle."""
    conn.execute(insert(t.login_attempts).values(username=username[:64], ip=ip[:64], at=store.now(),
                                                 success=success))
