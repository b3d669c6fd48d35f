"""Imported only by the import sandbox's forkserver (data.imports.sandbox puts it in the preload list).

It loads the parent's main script once, in the forkserver, so that the parse children forked from it find
`__main__` in place and do not run the script again each. `set_forkserver_preload(["__main__", …])` was
meant to do this, but up to CPython 3.13.7 the forkserver looks for a "main_path" key that
multiprocessing.spawn.get_preparation_data names "init_main_from_path" (cpython gh-126631, gh-137996), so
every child re-ran the main script: app.py (dash, flask, the server) cost about 1.5 s per uploaded file.

The parent passes the path in the environment variable data.imports.sandbox.SANDBOX_MAIN_ENV (set just
before the forkserver starts); without it (the main is a module, e.g. `python -m gunicorn`, whose children
multiprocessing already leaves alone) this module does nothing. A main script that fails to load here is left to the children, as before.
"""
from __future__ import annotations

import os
from multiprocessing import spawn

from data.imports.sandbox import SANDBOX_MAIN_ENV

_path = os.environ.get(SANDBOX_MAIN_ENV)
if _path:
    try:
        spawn.import_main_path(_path)
    except BaseException:  # noqa: BLE001,S110 - never stop the forkserver: children then re-run the main, slower
        pass
