"""Downloads under /export/: ranking charts (PNG/SVG), the meeting deck (PPTX), tables (XLSX/CSV)
and the published data as a Frictionless data package (ZIP). Every download writes an audit row.
"""
from __future__ import annotations


def init_app(app) -> None:  # noqa: ANN001
    from server.exports import routes

    app.server.register_blueprint(routes.bp)
