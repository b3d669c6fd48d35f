"""Dash pages. `init_app` registers every page and the shell around them."""
from __future__ import annotations

import dash


def init_app(app: dash.Dash) -> None:
    from layouts import overview, shell

    overview.register()
    app.layout = shell.layout
