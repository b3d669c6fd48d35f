"""Downloads under /export/: ranking charts (PNG/SVG), the meeting deck (PPTX), tables (XLSX/CSV)
and the published data as a Frictionless data package (ZIP). Every download writes an audit row.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dash import Dash


def init_app(app: Dash) -> None:
    """Register the /export/ routes (charts, deck, brief, tables, data package) on `app.server`."""
    from server.exports import routes

    app.server.register_blueprint(routes.bp)
