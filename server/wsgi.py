"""WSGI entry point for gunicorn: `gunicorn server.wsgi:application` (see `python app.py serve`).

`serve` migrates and bootstraps the database once, in the gunicorn master, before any worker starts; a
worker only builds the app and never touches the database while booting. So a worker (re)started while the
database is down boots, answers 503 with a clear message, and recovers by itself when the database returns
(issue 11, finding 7: every worker bootstrapped in create_app, failed, and the master shut down).

Each worker also starts its snapshot watcher (server.warm): gunicorn imports this module in every worker
after the fork (no --preload), so every worker has its own thread, building and warming each new data
version before its readers ask.
"""
from app import create_app
from server.warm import start_watcher

_app = create_app(bootstrap=False)
start_watcher(_app)
application = _app.server
