"""Operations: health checks, structured logs, backup and restore, the production server."""
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dash import Dash


def init_app(app: Dash) -> None:
    """Attach operations to `app.server`: JSON request logs, one (NFKC) form of a link's query string, /health and
    /ready, and the 503 answer of a database outage.
    """
    from server.ops import health, logs, outage, query_forms

    logs.init_app(app.server)
    query_forms.init_app(app.server)
    health.init_app(app.server)
    outage.init_app(app.server)
