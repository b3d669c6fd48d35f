"""Per-data-version memo of pure page computations.

A page's figures depend only on the snapshot (one data version of one database), the view's
arguments (indicator, period, language, unit...) and the app's settings (home county, comparison
city). Results are kept on the snapshot object itself (`Snapshot.memo`), so they are dropped with
it and a publish, rollback, target or annotation change (a new version, a new snapshot) can never be
answered from an older result. Never memoise anything that depends on the user or the role.

    @per_version
    def render(state, lang, scale, snap): ...

Callers must treat memoised results as read-only (they are shared by every request of the version).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import inspect
import threading
from concurrent.futures import Future
from functools import wraps

if TYPE_CHECKING:
    from collections.abc import Callable
    from data.snapshot import Snapshot

_lock = threading.Lock()
_inflight: dict[tuple, Future] = {}  # (id of a snapshot's memo, key) -> the computation in progress
MAX_ENTRIES = 512  # per snapshot; a rendered view is tens of kB


def _freeze(value: object):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, set):
        return tuple(sorted(_freeze(v) for v in value))
    return value


def _settings_key() -> tuple:
    from server import context

    s = context.settings()
    return (s.home_region, s.group_city)


def remember(snap: Snapshot, key: tuple, compute: Callable[[], object]):
    """compute() once per (snapshot, settings, key).

    A second thread asking for a result being computed waits for it rather than compute it again (right
    after a publish, server.warm's thread and the first readers ask for the same views at once). Memoised
    functions call each other along the page's computation (never in a cycle), so waiting cannot deadlock."""
    memo = snap.memo
    full = (_settings_key(), _freeze(key))
    flight = (id(memo), full)
    with _lock:
        if full in memo:
            memo.move_to_end(full)
            return memo[full]
        pending = _inflight.get(flight)
        owner = pending is None
        if owner:
            pending = _inflight[flight] = Future()
    if not owner:
        return pending.result()
    try:
        value = compute()
    except BaseException as exc:
        with _lock:
            _inflight.pop(flight, None)
        pending.set_exception(exc)
        raise
    with _lock:
        memo[full] = value
        while len(memo) > MAX_ENTRIES:
            memo.popitem(last=False)
        _inflight.pop(flight, None)
    pending.set_result(value)
    return value


def per_version(fn: Callable):
    """Memoise a pure function with a `snap` parameter on that snapshot (see the module docstring)."""
    sig = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @wraps(fn)
    def wrapper(*args, **kwargs):
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        snap = bound.arguments.get("snap")
        if snap is None:
            from server.context import snapshot

            snap = bound.arguments["snap"] = snapshot()
        key = (name, tuple((k, v) for k, v in bound.arguments.items() if k != "snap"))
        return remember(snap, key, lambda: fn(*bound.args, **bound.kwargs))

    wrapper.uncached = fn
    return wrapper


def page_layout(build: Callable):
    """Memoise a Dash page's `layout(**query)` per snapshot and query string.

    Only for pages whose layout does not depend on who is asking (no role-only parts): 全市排名's
    meeting mode, 地图 and the others are the same for every viewer; 目标任务 (admin form) is not wrapped.
    """
    @wraps(build)
    def layout(**query):
        from server.context import snapshot

        return remember(snapshot(), ("layout", f"{build.__module__}.{build.__qualname__}", query),
                        lambda: build(**query))

    layout.uncached = build
    return layout
