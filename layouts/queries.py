"""Store reads used by pages: thin, and always at render time (never at import)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from data import schema, store
from data.db import reading
from server.context import engine, settings


def is_demo_data() -> bool:
    """True while any currently published revision is demo data: pages and exports say 示例数据."""
    with reading(engine()) as conn:
        r = schema.revisions.c
        return conn.execute(select(r.id).where(r.status == "published", r.kind == "demo").limit(1)).first() is not None


def home_region() -> str:
    return settings().home_region


def published(indicators: list[str] | None = None, regions: list[str] | None = None) -> pd.DataFrame:
    with reading(engine()) as conn:
        return store.published_observations(conn, indicators=indicators, regions=regions)
