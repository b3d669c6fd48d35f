"""Per-app objects (settings, engine) reached through Flask's current_app: no module globals."""
from __future__ import annotations
from typing import TYPE_CHECKING

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.engine import Engine

from server.settings import Settings

if TYPE_CHECKING:
    from datetime import datetime
    from data.snapshot import Snapshot

EXT = "county_dashboard"


@dataclass
class AppContext:
    """What one app holds for its requests: settings, the SQLAlchemy engine and the shared cache."""
    settings: Settings
    engine: Engine
    cache: object | None = None  # server.cache.FileCache | RedisCache


def ctx() -> AppContext:
    """The current app's AppContext (needs a Flask app context; KeyError outside create_app's apps)."""
    return current_app.extensions[EXT]


def engine() -> Engine:
    """The current app's SQLAlchemy engine."""
    return ctx().engine


def settings() -> Settings:
    """The current app's server.settings.Settings."""
    return ctx().settings


def cache():
    """The current app's cache (server.cache.FileCache or RedisCache)."""
    return ctx().cache


def snapshot(as_of: datetime | None = None) -> Snapshot:
    """The analysis snapshot for the current data version (data.snapshot.Snapshot)."""
    from data import snapshot as snap

    c = ctx()
    return snap.get(c.engine, c.cache, as_of=as_of)
