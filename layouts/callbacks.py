"""Page callbacks, declared where the page is written and attached to each app the factory builds.

Page modules write ``@callback(Output(…), Input(…))`` and ``clientside_callback(…)`` from this module, with the
arguments of Dash's own ``dash.callback`` / ``dash.clientside_callback``. Declaring records the callback in
`registry`; `layouts.init_app(app)` calls ``registry.attach(app)``, which registers every recorded callback on
that app through Dash's public ``app.callback`` / ``app.clientside_callback``. So every app made by
``create_app`` (several per process in tests) has all callbacks, and no Dash-global callback list is touched.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any


class CallbackRegistry:
    """Callbacks recorded at import time (module, kind, args, kwargs, function), replayed per app."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, tuple, dict, Callable | None]] = []

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
        """Decorator with the signature of ``dash.callback``; returns the function unchanged."""
        def record(func: Callable) -> Callable:
            self.entries.append((func.__module__, "server", args, kwargs, func))
            return func
        return record

    def clientside_callback(self, clientside_function: Any, *args: Any, **kwargs: Any) -> None:
        """Same arguments as ``dash.clientside_callback`` (a ClientsideFunction or JavaScript source first)."""
        self.entries.append(("", "client", (clientside_function, *args), kwargs, None))

    def attach(self, app: Any) -> int:
        """Register every recorded callback on the Dash `app`; returns how many."""
        for _module, kind, args, kwargs, func in self.entries:
            if kind == "server":
                app.callback(*args, **kwargs)(func)
            else:
                app.clientside_callback(*args, **kwargs)
        return len(self.entries)


registry = CallbackRegistry()
callback = registry.callback
clientside_callback = registry.clientside_callback
