"""Login throttling in the database (several gunicorn workers share it): 5 failures / 15 min per user and IP."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from data import schema as t
from data import store

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def is_locked(conn: Connection, username: str, ip: str) -> bool:
    """True after MAX_FAILURES failures in the window since the last success for this user and IP."""
    a = t.login_attempts.c
    since = store.now() - WINDOW
    key = (a.username == username[:64], a.ip == ip[:64])
    last_ok = conn.execute(select(func.max(a.at)).where(*key, a.success.is_(True), a.at >= since)).scalar()
    q = select(func.count()).select_from(t.login_attempts).where(*key, a.success.is_(False), a.at >= since)
    if last_ok is not None:
        q = q.where(a.at > last_ok)
    return conn.execute(q).scalar() >= MAX_FAILURES


def record(conn: Connection, username: str, ip: str, success: bool) -> None:
    conn.execute(insert(t.login_attempts).values(username=username[:64], ip=ip[:64], at=store.now(),
                                                 success=success))
