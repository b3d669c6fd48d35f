"""What every export states about its data: as-of moment, data version, demo label, home region."""
from __future__ import annotations
from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select

from data import schema
from data.db import reading
from indicators.conventions import BUREAU_TZ

if TYPE_CHECKING:
    from data.snapshot import Snapshot
    from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class ExportMeta:
    """What every export says about its data: the publish moment shown (as_of), whether the user
    asked for a past moment, the data version and whether the data are demo data.
    """
    as_of: datetime | None  # the figures as published at this moment (None: latest publish unknown)
    requested_as_of: bool  # True when the user asked for a past moment
    version: int
    is_demo: bool

    def as_of_text(self) -> str:
        """The as-of moment as 'YYYY-MM-DD HH:MM' in the bureau's time zone (UTC+8), '—' when unknown."""
        return "—" if self.as_of is None else self.as_of.astimezone(BUREAU_TZ).strftime("%Y-%m-%d %H:%M")


def meta_for(snap: Snapshot, engine: Engine) -> ExportMeta:
    """as_of: the requested moment, else the latest publish or rollback that the figures reflect."""
    if snap.as_of is not None:
        from data.snapshot import figures_version

        return ExportMeta(snap.as_of, True, figures_version(engine, snap), snap.is_demo)
    r = schema.revisions.c
    with reading(engine) as conn:
        latest = conn.execute(select(func.max(func.coalesce(r.rolled_back_at, r.published_at)))
                              .where(r.published_at.is_not(None))).scalar()
    if latest is not None and latest.tzinfo is None:  # SQLite returns naive UTC
        latest = latest.replace(tzinfo=timezone.utc)
    return ExportMeta(latest, False, snap.version, snap.is_demo)


def now_local() -> datetime:
    """Now in the bureau's time zone (BUREAU_TZ, UTC+8), for 'made at' lines."""
    return datetime.now(BUREAU_TZ)
