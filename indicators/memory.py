"""Hand memory the build has freed back to the operating system before its peak.

Large numpy arrays below glibc's dynamic mmap threshold, and Arrow buffers (pyarrow's mimalloc pool), stay in
their allocator's free lists once freed: the process keeps them resident, and the analysis build's peak (the
output frame plus whatever is still resident) grows by the scratch it has already dropped. The build calls
`release_freed()` after freeing each large batch of scratch (about 1-5 ms each); measured by
`bench/indicators.py` (on the national benchmark the build's peak fell by about 80 MB with it).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

import pyarrow as pa


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name)
        trim = lib.malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_freed() -> None:
    """Return freed memory to the OS: pyarrow's pool releases its unused pages, glibc trims its heaps (every
    free page, not only the top). No effect on live data; a no-op where neither allocator offers it."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
