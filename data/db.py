"""Engines and migrations. SQLite (WAL) by default; PostgreSQL through DATABASE_URL."""
from __future__ import annotations
from typing import TYPE_CHECKING

import os
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.engine import ExceptionContext
    from sqlalchemy.pool import ConnectionPoolEntry
    from sqlalchemy.pool import PoolProxiedConnection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, *, create: bool = True) -> Engine:
    """The engine for `url`. SQLite: with create=False (a gunicorn worker) the file is never created."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, create)
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


# SQLite errors after which a pooled connection must not be used again (the file went away, was replaced
# or is unreadable): SQLAlchemy then discards it, and the pool with it, and the next request reconnects.
_SQLITE_GONE = ("unable to open database file", "no such table", "disk i/o error", "malformed",
                "readonly database", "file is not a database")


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _sqlite_engine(url: str, create: bool) -> Engine:
    """SQLite (WAL). The file is created only by the first connection of an engine made with create=True
    (bootstrap: `serve`, the CLI, the development server) when it does not exist yet; every other connection
    opens it with mode=rw, so a file moved away is an error (503) until it is back, never a new empty
    database (issue 11, finding 8). A pooled connection whose file was moved or replaced is discarded."""
    import sqlite3

    path = url.split("///", 1)[-1]
    memory = not path or path == ":memory:"
    if not memory:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    state = {"created": memory or not create or Path(path).exists()}

    def creator():
        if memory:
            return sqlite3.connect(":memory:", timeout=30, check_same_thread=False)
        mode = "rw" if state["created"] else "rwc"
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True, timeout=30,
                               check_same_thread=False)
        state["created"] = True
        return conn

    engine = create_engine(url, creator=creator, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry):
        # Let BEGIN below take the write lock; WAL lets readers run beside a writer.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    if not memory:
        @event.listens_for(engine, "connect")
        def _remember_file(_dbapi_conn: sqlite3.Connection, record: ConnectionPoolEntry):
            record.info["file"] = _file_id(path)

        @event.listens_for(engine, "checkout")
        def _same_file(_dbapi_conn: sqlite3.Connection, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection):
            # A pooled connection follows the file it opened: after a move, a replacement or a restore of the
            # file it must not be used again (the pool then opens a new one, or fails with 503).
            if _file_id(path) != record.info.get("file"):
                raise DisconnectionError("the SQLite file was moved or replaced")

    @event.listens_for(engine, "handle_error")
    def _gone(ctx: ExceptionContext):
        if isinstance(ctx.original_exception, sqlite3.Error) and \
                any(m in str(ctx.original_exception).lower() for m in _SQLITE_GONE):
            ctx.is_disconnect = True
            ctx.invalidate_pool_on_disconnect = True

    engine.begin = _immediate_begin(engine)
    return engine


def _immediate_begin(engine: Engine):
    """engine.begin() on SQLite starts BEGIN IMMEDIATE: writers queue for the lock at the start instead
    of failing when a read turns into a write mid-transaction. engine.connect() reads stay DEFERRED,
    so readers never wait for each other."""

    @contextmanager
    def begin():
        with engine.connect() as conn:
            conn.info["write"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                if not conn.invalidated:  # a lost connection's info went with it; touching it would reconnect
                    conn.info.pop("write", None)

    return begin


def alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def head_revision() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def reading(engine: Engine):
    """A connection for reads (DEFERRED on SQLite; kept for clarity at call sites)."""
    return engine.connect()
