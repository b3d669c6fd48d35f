"""Parse an uploaded file in a child process with a memory and a time limit (issue 11, finding 1).

data.imports.bounds refuses what we know to be too big before any parser runs; this is the second wall for
what we did not foresee (a parser bug, a pathological but small file). The child is forked from a
multiprocessing *forkserver* that has the readers imported already (a fork costs milliseconds, and it is
safe in threaded servers: the dev server's threads and gunicorn's workers never fork themselves). In the
child, RLIMIT_AS caps the address space at what it already maps plus `memory_mb`, RLIMIT_CPU caps CPU time;
the parent waits `timeout_s` of wall time and kills it after. Whatever ends the child early (MemoryError,
an abort in native code, the kill) becomes one UserError with a Chinese and an English message; the worker
process itself never runs out of memory and never dies.

Any exception other than UserError inside the readers (a damaged file that a library does not foresee) is
also turned into the "damaged file" UserError, with its type logged (data.events) for us to look at.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import multiprocessing as mp
import os
import sys
import threading

from data.errors import UserError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

MEMORY_MB = int(os.environ.get("IMPORT_PARSE_MEMORY_MB", "2048"))
TIMEOUT_S = float(os.environ.get("IMPORT_PARSE_TIMEOUT_S", "120"))

SANDBOX_MAIN_ENV = "IMPORT_SANDBOX_MAIN_PATH"  # the parent's main script, for data.imports.sandbox_main
_ctx_lock = threading.Lock()
_ctx = None


def _context():
    global _ctx  # noqa: PLW0603 - one forkserver per process, started on first use (never at import)
    with _ctx_lock:
        if _ctx is None:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["data.imports.sandbox_main", "data.imports.read", "data.imports.sandbox"])
            _start_forkserver()
            _ctx = ctx
        return _ctx


def _start_forkserver() -> None:
    """Start the forkserver with this process's sys.path (PYTHONPATH) and main script (SANDBOX_MAIN_ENV), so
    that it imports the readers and the main script once and the children forked from it import nothing.
    Python 3.11's forkserver passes neither (cpython gh-117378, gh-126631): without the path it cannot
    import the preloaded modules unless started from the project folder, without the main every child
    re-runs the main script (app.py: about 1.5 s per file). The environment is restored once it runs; a
    forkserver that died and is restarted later preloads less, and is only slower."""
    from multiprocessing import forkserver, spawn

    saved = {k: os.environ.get(k) for k in ("PYTHONPATH", SANDBOX_MAIN_ENV)}
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    main_path = spawn.get_preparation_data("import-parse").get("init_main_from_path")
    if main_path:
        os.environ[SANDBOX_MAIN_ENV] = main_path
    else:
        os.environ.pop(SANDBOX_MAIN_ENV, None)
    try:
        forkserver.ensure_running()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def read_limited(data: bytes, kind: str, name: str, *, max_rows: int, memory_mb: int | None = None,
                 timeout_s: float | None = None) -> list:
    """data.imports.read.read_file(data, kind, name, max_rows=) in a limited child process.

    The bounds (data.imports.bounds.check_bounds: streamed, never materialising) are checked here in the
    calling process first, so a file they refuse (the XFD2000 workbook of issue 11) costs milliseconds and
    no child; the child then reads without checking them again.

    Returns the list of read.Sheet. Raises UserError (the reader's own, or: over the memory limit, over the
    time limit, damaged file)."""
    from data.imports.bounds import check_bounds

    check_bounds(data, kind, name, max_rows=max_rows)
    memory_mb = memory_mb or MEMORY_MB
    timeout_s = timeout_s or TIMEOUT_S
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, data, kind, name, max_rows, memory_mb, timeout_s),
                       daemon=True, name="import-parse")
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout_s):
            raise _too_slow(name, timeout_s)
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):  # the child died before answering: killed by a limit or a crash
            proc.join(5)
            raise _too_heavy(name, memory_mb, proc.exitcode) from None
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status == "ok":
        return payload
    if status == "user":
        raise UserError(*payload)
    if status == "memory":
        raise _too_heavy(name, memory_mb, None)
    _log(name, payload)
    from data.imports.bounds import damaged

    raise damaged(name)


def _child(send: Connection, data: bytes, kind: str, name: str, max_rows: int, memory_mb: int, timeout_s: float) -> None:
    import resource

    try:
        with open("/proc/self/statm") as fh:
            mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = mapped + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = int(timeout_s) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    except (OSError, ValueError):  # limits unavailable: the wall-clock kill still applies
        pass
    from data.imports.read import read_file

    try:
        out = ("ok", read_file(data, kind, name, max_rows=max_rows, bounds_checked=True))
    except UserError as exc:
        out = ("user", (exc.message_zh, exc.message_en))
    except MemoryError:
        out = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - a damaged file must never become a 500
        out = ("error", f"{type(exc).__name__}: {str(exc)[:300]}")
    try:
        send.send(out)
    except MemoryError:
        send.send(("memory", None))
    send.close()


def _too_slow(name: str, timeout_s: float) -> UserError:
    return UserError(f"读取文件「{name}」超过 {timeout_s:.0f} 秒仍未完成，为保护服务器已停止。"
                     "请删除无关的工作表、格式和空行空列后另存，或拆分成几个文件再上传。",
                     f"Reading {name} took more than {timeout_s:.0f} s and was stopped; remove unneeded sheets, "
                     "formatting and empty rows/columns, or split the file.")


def _too_heavy(name: str, memory_mb: int, exitcode: int | None) -> UserError:
    _log(name, f"parser child ended (exit code {exitcode})")
    return UserError(f"读取文件「{name}」需要的内存超过 {memory_mb:,} MB 的上限，为保护服务器已停止。"
                     "请删除无关的工作表和远离表格的多余单元格后另存，或拆分成几个文件再上传。",
                     f"Reading {name} needs more than the {memory_mb:,} MB memory limit and was stopped; remove "
                     "unneeded sheets and stray cells far from the table, or split the file.")


def _log(name: str, error: str) -> None:
    try:
        from data.events import event

        event("import.parse_failed", file=name, error=error)
    except Exception:  # noqa: BLE001,S110 - logging must never turn a refusal into a 500
        pass
