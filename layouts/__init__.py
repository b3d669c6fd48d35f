"""Dash pages. `init_app` registers every page and the shell around them."""
from __future__ import annotations

import dash


def init_app(app: dash.Dash) -> None:
    """Register every page module on `app` (overview first, so that / is its path) and the shell's
    callbacks; called once by app.create_app.
    """
    from layouts import overview, shell

    overview.register()
    from layouts import explorer, geomap, rankings, targets, trends

    trends.register()
    rankings.register()
    targets.register()
    geomap.register()
    explorer.register()
    from layouts import screen

    screen.register()
    from layouts import admin, login_menu  # noqa: F401 - login_menu: the header's user menu callback
    admin.register()
    from layouts import review, upload
    upload.register()
    review.register()
    from layouts import series_notes
    series_notes.register()
    from layouts import bell, form, provenance, rounds, submissions  # noqa: F401 - bell: the header's callback
    form.register()
    submissions.register()
    rounds.register()
    provenance.register()
    from layouts import not_found
    not_found.register()  # unknown addresses: in the shell and the URL's language
    app.layout = shell.layout
    # The document's language (zh by default; assets/20_dashboard.js follows ?lang=en): screen readers and
    # hyphenation need it, and axe-core requires it.
    app.index_string = app.index_string.replace("<html>", '<html lang="zh-CN">', 1)
    from layouts.callbacks import registry

    registry.attach(app)  # every page's callbacks, on this app (Dash's public app.callback)
    from layouts import warm

    warm.init_app(app)  # the pages' first views, computed when a new snapshot is built (server.warm)
