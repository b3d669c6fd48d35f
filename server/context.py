"""Per-app objects (settings, engine) reached through Flask's current_app: no module globals."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.engine import Engine

from server.settings import Settings

EXT = "county_dashboard"


@dataclass
class AppContext:
    settings: Settings
    engine: Engine


def ctx() -> AppContext:
    return current_app.extensions[EXT]


def engine() -> Engine:
    return ctx().engine


def settings() -> Settings:
    return ctx().settings
