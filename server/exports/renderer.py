"""Plotly figures to PNG/SVG through one warm kaleido (Debian's Chromium) per worker process.

kaleido 1.x keeps a persistent browser behind `start_sync_server`; it is started on the first
chart (not at boot, so workers that never draw keep no Chromium) and then reused: ~0.15 s a chart
instead of ~2 s with a fresh browser. Its queue is not safe for concurrent callers, hence the lock.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import threading

import kaleido

if TYPE_CHECKING:
    import plotly.graph_objects as go

FONT_FAMILY = "Noto Sans CJK SC"
# The sync server is a process-wide singleton inside kaleido; the lock serialises its callers.
_lock = threading.Lock()


def _server():
    return kaleido._global_server  # noqa: SLF001 — is_running() has no public wrapper


def warm() -> None:
    """Start the browser now (bench and optional warm-up at first use)."""
    with _lock:
        _start()


def _start() -> None:
    if not _server().is_running():
        # mathjax=False: the default loads MathJax from a CDN, which this offline server cannot reach.
        kaleido.start_sync_server(n=1, mathjax=False, timeout=60, silence_warnings=True)


def render(fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
    """A plotly figure as image bytes (`fmt` png or svg, `width` x `height` px, `scale` for the
    pixel density) through one shared Kaleido browser; a failed call stops that browser so the next one starts
    afresh, and the error propagates.
    """
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    with _lock:
        _start()
        try:
            return kaleido.calc_fig_sync(fig, opts=opts)
        except Exception:
            # A crashed browser would fail every later call: drop it so the next call starts afresh.
            kaleido.stop_sync_server(silence_warnings=True)
            raise
