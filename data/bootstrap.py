"""Bring a database to a usable state: migrations at head, catalogues synced, demo data on a fresh store."""
from __future__ import annotations
from typing import TYPE_CHECKING

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from data import demo, store
from data.db import migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

DEMO_USER = "system"


@contextmanager
def _exclusive(engine: Engine):
    """Several workers may start together: on PostgreSQL only one bootstraps at a time."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(20240528)"))
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(20240528)"))
            conn.commit()


def ensure_database(engine: Engine, *, load_demo: bool = True) -> bool:
    """Returns True when demo data was loaded now."""
    with _exclusive(engine):
        migrate(engine)
        with engine.begin() as conn:
            store.sync_catalogues(conn)
            if not (load_demo and store.is_empty(conn)):
                return False
            load_demo_data(conn)
            return True


def load_demo_data(conn: Connection) -> None:
    """Two published demo revisions (the second revises one figure), a series break and targets.

    The first is dated 30 days back and the revision 7 days back, so "as published on" a date in
    between shows the figure before its revision."""
    today = store.now()
    rev1 = store.create_revision(conn, demo.demo_observations(), created_by=DEMO_USER, kind="demo",
                                 file_name="示例数据（自动生成）", note="示例数据", at=today - timedelta(days=30))
    store.publish(conn, rev1, DEMO_USER, comment="示例数据", allow_draft=True, at=today - timedelta(days=30))
    rev2 = store.create_revision(conn, demo.demo_revision_2(), created_by=DEMO_USER, kind="demo",
                                 file_name="示例数据：经济普查修订", note="示例数据", at=today - timedelta(days=7))
    store.publish(conn, rev2, DEMO_USER, comment="示例数据：宁晋县2024年GDP修订", allow_draft=True,
                  at=today - timedelta(days=7))
    for a in demo.demo_annotations().itertuples():
        store.add_annotation(conn, a.indicator, a.region, a.period, a.kind, a.text, DEMO_USER)
    for tg in demo.demo_targets().itertuples():
        store.set_target(conn, tg.indicator, tg.region, tg.year, tg.value, DEMO_USER, note="示例目标")
