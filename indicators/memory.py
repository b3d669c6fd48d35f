"""Memory of the analysis build: what it keeps for the next build, and what it hands back to the operating system.

A fact of the machines we run on shapes this module: **fresh memory costs far more than reused memory.** A
virtual machine whose host takes freed guest memory back (virtio-balloon free page reporting: Firecracker, most
clouds; the sandbox VM of issue 18 runs a DAMON reclaimer too) charges a host fault the next time such a page is
touched. Measured there (2 cores, `bench/indicators.py` and the closing notes of issue 18): touching 1 GiB of
newly mapped memory took 2.6-2.8 s of system time after 5 s idle, 0.13 s right after it was freed, and nothing
when the process had kept it. The national build touches ~800 MB; handing it back after each build cost the next
one 0.1-1.9 s of page faults on top of ~0.45 s of work.

So a server keeps its build memory (`keep_freed_memory`, called once at process start by app.create_app unless
KEEP_BUILD_MEMORY=0, and by `bench/indicators.py`):

- Every thread allocates from glibc's main arena (M_ARENA_MAX 1: a build on a server thread reuses what the
  last build freed on another), and the heap keeps up to 2 GiB of free top (M_TRIM_THRESHOLD).
- While a build runs (`build_memory()`, entered by indicators.pipeline.build_analysis), large blocks come from
  that heap instead of mappings of their own (M_MMAP_MAX 0: a mapping goes back to the OS when freed). Outside
  builds, blocks under 32 MiB come from the heap (where glibc's own dynamic threshold would rise to) and larger
  ones from the kept heap where a freed one fits, else from a mapping of their own: a large import or export
  does not grow the kept heap.
- The cost: a process that has built keeps in its heap the high-water mark of what was allocated while builds
  ran, reused by the next build: one national build ~800 MB (its peak), more where two versions were built side
  by side or a request allocated during a build; county scale a few MB. KEEP_BUILD_MEMORY=0 turns it off.

Within a build, `release_freed()` hands pyarrow's freed pages back (a few MB: the one large Arrow result of
a build, the region positions, comes from glibc's kept heap, `arrow_pool()`) and, where nothing is kept, trims
glibc's heap (the peak without it grew by about 80 MB). The build keeps its own scratch small rather than
handing pages back: observations sorted into runs of one indicator and period are placed by segments without
per-row key columns (cube.observation_cells; other frames by row), and the row kernels work out a row's cell
from its positions, so whatever scratch it frees is reused by the next build and no page is faulted in twice.
`bench/indicators.py` measures the peak with and without the policy.

glibc only (mallopt, malloc_trim through ctypes): elsewhere (musl, macOS) all are no-ops and the build frees as
a plain numpy program does.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import threading
from collections.abc import Iterator

import pyarrow as pa

# glibc's mallopt parameters (malloc.h) and defaults
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_MMAP_MAX, _M_ARENA_MAX = -1, -3, -4, -8
_DEFAULT_MMAP_MAX = 65536
KEPT_FREE_TOP = 2**31 - 1  # bytes of free heap top glibc keeps (mallopt takes an int)
# blocks below this come from the heap outside builds too: glibc's own dynamic threshold rises to it
# (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit) but is frozen at 128 KiB once M_TRIM_THRESHOLD is set, which would
# make every request's 128 KiB-32 MiB temporary a fresh mapping (and fresh page faults)
HEAP_BLOCKS_BELOW = 32 * 2**20

_lock = threading.Lock()
_keeping = False
_builds = 0  # builds running in this process (build_memory contexts entered and not left)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc with the calls used here typed, or None where the C library lacks one (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name)
        lib.malloc_trim.argtypes, lib.malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
        lib.mallopt.argtypes, lib.mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    except (OSError, AttributeError, TypeError):
        return None
    return lib


def keep_freed_memory() -> bool:
    """Make this process keep the analysis build's memory for the next build (the module docstring says how
    and why). Call once at process start, before other threads allocate: the one-arena limit applies to threads
    that have not allocated yet (glibc hands a finished thread's arena to a new thread before applying it).
    Blocks under HEAP_BLOCKS_BELOW come from the heap at any time, as glibc's dynamic threshold would have it.
    Idempotent.

    Returns True when the policy is in force, False where the C library does not offer it (not glibc) or
    refused a setting: builds then free their memory as before."""
    global _keeping
    with _lock:
        if _keeping:
            return True
        lib = _libc()
        if lib is None:
            return False
        _keeping = all(lib.mallopt(param, value) == 1 for param, value in (
            (_M_ARENA_MAX, 1), (_M_TRIM_THRESHOLD, KEPT_FREE_TOP), (_M_MMAP_THRESHOLD, HEAP_BLOCKS_BELOW)))
        return _keeping


def keeping_freed_memory() -> bool:
    """keep_freed_memory() is in force in this process."""
    return _keeping


@contextlib.contextmanager
def build_memory() -> Iterator[None]:
    """The span of one build: while any build runs in a process that keeps freed memory, large blocks come
    from the kept heap (M_MMAP_MAX 0); the last build to finish, however it ends, restores glibc's mappings
    for large blocks (its default M_MMAP_MAX: a MALLOC_MMAP_MAX_ given to the process is not restored).
    A no-op where keep_freed_memory() is not in force."""
    global _builds
    lib = _libc()
    if not _keeping or lib is None:
        yield
        return
    entered = False
    try:
        with _lock:
            _builds += 1
            entered = True
            if _builds == 1:
                lib.mallopt(_M_MMAP_MAX, 0)
        yield
    finally:
        if entered:
            with _lock:
                _builds -= 1
                if _builds == 0:
                    lib.mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)


def arrow_pool() -> pa.MemoryPool | None:
    """The memory pool for Arrow results the build keeps as numpy scratch (index_in's positions): glibc's heap
    (pa.system_memory_pool) while this process keeps freed memory, so that they are kept and reused with the
    rest of the build's memory instead of coming back from the OS each build; None (Arrow's default pool, which
    release_freed empties) otherwise."""
    return pa.system_memory_pool() if _keeping else None


def release_freed() -> None:
    """Return freed memory to the OS: pyarrow's pool releases its unused pages, and, unless the process keeps
    freed memory for the next build (keep_freed_memory), glibc trims its heaps (every free page, not only the
    top). No effect on live data; a no-op where neither allocator offers it."""
    pa.default_memory_pool().release_unused()
    lib = _libc()
    if lib is not None and not _keeping:
        lib.malloc_trim(0)

