"""The import's outer edges: the HTTP routes (template downloads, POST /api/v1/imports) in `http` and the
`python app.py import …` commands in `cli`. The import itself (read, match, validate, stage) is `data.imports`."""
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dash import Dash


def init_app(app: Dash) -> None:
    """Attach the template downloads and POST /api/v1/imports to the Dash app's Flask server."""
    from server.imports import http, uploads

    http.init_app(app)
    uploads.init_app(app)  # POST /api/v1/uploads: the upload page's multipart transport
