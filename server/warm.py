"""When the data version moves, build the new snapshot and warm the pages before any reader asks (issue 18).

Two roads lead here, and together no reader waits for a build:

- **The process that changed the data.** `data.store` marks a connection whose transaction bumped the data
  version (a publish, rollback, target or annotation change); when that transaction commits inside a
  request, the request's `after_request` hook builds the snapshot of the new version (`data.snapshot.get`
  through `server.context.snapshot`, which also shares it with the other workers through the cache) and
  runs every warmer before the response leaves. So a publish or a rollback reports success only once its
  snapshot is built and the pages' first views are computed; only the approver who published waits.
- **Every other served process** (gunicorn workers, other application servers sharing the database, and
  the same process after a `python app.py import --publish` from the command line) runs a watcher thread
  (`start_watcher`) that reads the data version every `WATCH_INTERVAL_S` seconds and, when it moved, loads
  the shared snapshot (or builds it) and runs the warmers. It also does so once at start, so a worker's
  first reader does not wait for the first build either.

A request that arrives while its process is still warming waits for that one build (data.snapshot keeps
one build per version) rather than read an older version: a figure is never shown stale once its publish
has answered.

Warmers are callables `warmer(snap, langs)` registered per app with `add_warmer(app, fn)` (layouts
registers the reader pages' first views). They run in an app context and a test request context for "/"
(no user: only what every reader shares may be memoised; see layouts.memo).
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING
import time
from collections.abc import Callable

from flask import Flask, g, has_request_context
from sqlalchemy import event as sa_event

from data.events import event

if TYPE_CHECKING:
    import dash
    from flask import Response
    from sqlalchemy.engine import Connection

EXT = "county_dashboard_warm"
WATCH_INTERVAL_S = 0.5  # a publish elsewhere is warmed here within about this long (one tiny query per tick)
FIRST_LANGS = ("zh",)  # warmed before a publish answers; the watcher adds the others in the background
ALL_LANGS = ("zh", "en")


class _Warm:
    def __init__(self) -> None:
        self.warmers: list[Callable] = []
        self.lock = threading.Lock()  # one warm at a time per app (the watcher and an after_request)
        self.watcher: threading.Thread | None = None
        self.stop = threading.Event()
        self.version: int | None = None  # the data version last warmed in this process


def _state(server: Flask) -> _Warm:
    return server.extensions[EXT]


def add_warmer(app: dash.Dash | Flask, fn: Callable) -> None:
    """Register `fn(snap, langs)` to run after each new snapshot is built in this app."""
    server = getattr(app, "server", app)
    _state(server).warmers.append(fn)


def warm(server: Flask, langs: tuple[str, ...] = FIRST_LANGS, moved: Callable[[int], bool] | None = None) -> dict:
    """Build (or load) the current version's snapshot and run every warmer, in the caller's app context.

    `moved(version)` is asked between warmers (the watcher: "has the data version moved on from the
    snapshot's?"); when it says yes the rest is skipped, so a newer version is not kept waiting behind an older one's second language.
    Returns {"version", "snapshot_ms", "warm_ms", "complete"}; a failing warmer is logged (event warm_failed)
    and skipped: warming only saves readers time, it never decides what they see."""
    from server import context

    st = _state(server)
    with st.lock:
        t0 = time.perf_counter()
        snap = context.snapshot()
        t1 = time.perf_counter()
        complete = True
        with server.test_request_context("/"):
            for lang in langs:
                for fn in st.warmers:
                    if moved is not None and moved(snap.version):
                        complete = False
                        break
                    try:
                        fn(snap, (lang,))
                    except Exception as exc:  # noqa: BLE001 - a reader will compute it on demand instead
                        event("warm_failed", warmer=getattr(fn, "__qualname__", repr(fn)), error=repr(exc))
        if complete:
            st.version = snap.version
        done = {"version": snap.version, "snapshot_ms": round((t1 - t0) * 1000, 1),
                "warm_ms": round((time.perf_counter() - t1) * 1000, 1), "complete": complete}
    event("warm", **done, langs=list(langs))
    return done


def init_app(app: dash.Dash) -> None:
    """Attach the warm state, the commit/rollback listeners on the app's engine and the after_request warm."""
    server: Flask = app.server
    server.extensions[EXT] = _Warm()
    engine = server.extensions["county_dashboard"].engine

    @sa_event.listens_for(engine, "commit")
    def _on_commit(conn: Connection) -> None:
        if conn.info.pop("data_version_bumped", None) and has_request_context():
            g.data_version_bumped = True

    @sa_event.listens_for(engine, "rollback")
    def _on_rollback(conn: Connection) -> None:
        # A connection lost under a query (a database restart) is invalidated: its info went with it, and touching
        # conn.info would raise PendingRollbackError in place of the OperationalError that answers 503.
        if not conn.invalidated:
            conn.info.pop("data_version_bumped", None)

    @server.after_request
    def _warm_after_change(response: Response) -> Response:
        if g.pop("data_version_bumped", False):
            try:
                warm(server)
            except Exception as exc:  # noqa: BLE001 - the change is committed; readers build on demand
                event("warm_failed", warmer="after_request", error=repr(exc))
        return response


def start_watcher(app: dash.Dash | Flask, interval_s: float = WATCH_INTERVAL_S) -> threading.Thread:
    """Start this process's watcher thread (once per app; call it in the serving process, after any fork)."""
    server: Flask = getattr(app, "server", app)
    st = _state(server)
    if st.watcher is not None and st.watcher.is_alive():
        return st.watcher

    def loop() -> None:
        from data import store
        from data.db import reading
        from server import context

        def version_now() -> int:
            with reading(context.engine()) as conn:
                return store.data_version(conn)

        warmed_all = None  # the version whose views are warm in every language
        while True:
            try:
                with server.app_context():
                    version = version_now()
                    if version != warmed_all:
                        moved = lambda v: version_now() != v  # noqa: E731
                        first = warm(server, FIRST_LANGS, moved) if st.version != version else None
                        if first is None or first["complete"]:  # the first views first, then the others
                            done = warm(server, ALL_LANGS, moved)
                            if done["complete"]:
                                warmed_all = done["version"]
                wait = interval_s
            except Exception as exc:  # noqa: BLE001 - the database may be down: try again a little later
                event("warm_failed", warmer="watcher", error=repr(exc))
                wait = max(interval_s, 5.0)
            if st.stop.wait(wait):
                return

    st.stop.clear()
    st.watcher = threading.Thread(target=loop, daemon=True, name="snapshot-warm")
    st.watcher.start()
    return st.watcher


def stop_watcher(app: dash.Dash | Flask) -> None:
    """Stop the watcher thread (tests)."""
    st = _state(getattr(app, "server", app))
    st.stop.set()
    if st.watcher is not None:
        st.watcher.join(30)
