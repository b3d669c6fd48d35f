"""Operations: health checks, structured logs, backup and restore, the production server."""
from __future__ import annotations


def init_app(app) -> None:  # noqa: ANN001
    from server.ops import health, logs, outage

    logs.init_app(app.server)
    health.init_app(app.server)
    outage.init_app(app.server)
