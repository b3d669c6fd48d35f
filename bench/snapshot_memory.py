"""Memory of 1, 2 and 4 gunicorn workers sharing one memory-mapped snapshot (issue 18, point 1).

1. Copies the national-scale database (bench/national.py) to a fresh instance folder and builds its
   analysis snapshot once into INSTANCE_PATH/cache/snapshots (data/snapshot_files.py), so the workers
   only map it.
2. For 1, 2 and 4 workers: starts gunicorn (server.wsgi:application, this file as its config). Each worker,
   once booted (gunicorn's post_worker_init hook), loads the snapshot and reads every byte of every column
   of the analysis and observation frames, then reports its pid.
3. Reads /proc/PID/smaps_rollup of the master and every worker: RSS (counts the mapped snapshot pages in
   every process that touched them), PSS (shared pages divided among their users: the fair figure for a
   shared map), and private memory (what only that process holds).

The same runs with workers that never load the snapshot give the baseline (a bare worker: Python, Dash,
pandas, ~140 MB private); growth per extra worker minus the baseline's is what the snapshot costs. Neither
run starts the per-worker snapshot watcher (server.warm; gunicorn's post_fork hook below): it would load the
snapshot in the baseline's workers too, at a moment that depends on the machine's load.
Bar: that grows by <= 10% of the snapshot's size per extra worker (PSS; RSS printed too).
Run: .venv/bin/python bench/snapshot_memory.py [--folder /tmp/national] [--workers 1,2,4]
Last line printed: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from gunicorn.workers.base import Worker

ROOT = Path(__file__).resolve().parent.parent
MARKS = "SNAPSHOT_BENCH_MARKS"
MODE = "SNAPSHOT_BENCH_MODE"


# ---- gunicorn config (this file is passed with -c): touch the snapshot in each worker --------------------
def post_fork(_server: object, _worker: Worker) -> None:  # gunicorn's hook, before the worker imports the app
    """No snapshot watcher in the measured workers: server.wsgi starts one per worker (server.warm), which loads
    the snapshot and warms the pages in the background, in the baseline's workers too and at a moment that
    depends on the machine's load; the comparison is then of the snapshot alone (read in full, or never)."""
    if os.environ.get(MARKS):
        import server.warm

        server.warm.start_watcher = lambda *_args, **_kwargs: None


def post_worker_init(worker: Worker) -> None:  # gunicorn's hook
    folder = os.environ.get(MARKS)
    if not folder:
        return
    if os.environ.get(MODE) == "none":  # the baseline: a worker that never loads the snapshot
        Path(folder, str(os.getpid())).write_text("{}")
        return
    with worker.wsgi.app_context():
        from server.context import snapshot

        snap = snapshot()
        touched = sum(_touch(getattr(snap, name)) for name in ("analysis", "observations"))
    Path(folder, str(os.getpid())).write_text(json.dumps({"bytes_read": touched, "version": snap.version}))


def _touch(frame: pd.DataFrame) -> int:
    """Read every byte of every column (as a page does, at worst); returns the bytes read."""
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    total = 0
    for col in frame.columns:
        arr = frame[col].array
        if isinstance(arr, pd.core.arrays.ArrowExtensionArray):
            chunked = arr._pa_array  # noqa: SLF001
            pc.sum(pc.utf8_length(chunked))
            total += chunked.nbytes
            continue
        if isinstance(arr, pd.Categorical):
            bufs = [arr.codes]
        elif isinstance(arr, pd.core.arrays.masked.BaseMaskedArray):
            bufs = [arr._data, arr._mask]  # noqa: SLF001
        else:
            bufs = [np.asarray(arr)]
        for b in bufs:
            if b.ndim == 1 and len(b) > 1 and b.strides[0] == 0:  # one value broadcast to every row: its one value
                b = b[:1].copy()
            np.bitwise_xor.reduce(b.view(np.uint8))
            total += b.nbytes
    return total


# ---- the benchmark ----------------------------------------------------------------------------------------
def smaps(pid: int) -> dict:
    """kB figures of /proc/PID/smaps_rollup (Rss, Pss, Private_Clean, Private_Dirty, Anonymous, ...)."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        out[name.strip()] = int(value.split()[0])
    return out


def free_port() -> int:
    """A free port in BENCH_PORTS (default 8310-8319), else any free one."""
    lo, hi = (int(x) for x in os.environ.get("BENCH_PORTS", "8310-8319").split("-"))
    for port in [*range(lo, hi + 1), 0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def prepare(folder: Path) -> tuple[Path, int, float]:
    """A fresh instance holding a copy of the national database and its snapshot; (instance, snapshot bytes,
    ms for a fresh process to map it)."""
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))  # the root first: bench/indicators.py must not shadow the indicators package
    from national import build as build_national

    source = build_national(folder)
    instance = Path(tempfile.mkdtemp(prefix="snapmem-"))
    shutil.copy(source, instance / "dashboard.sqlite")
    code = ("import sys; sys.path.insert(0, '.');"
            "from data.db import make_engine; from data import snapshot; from server.cache import FileCache;"
            f"e = make_engine('sqlite:///{instance / 'dashboard.sqlite'}');"
            f"s = snapshot.get(e, FileCache(__import__('pathlib').Path('{instance / 'cache'}')));"
            "print(s.version, len(s.analysis), len(s.observations))")
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if res.returncode:
        raise RuntimeError(res.stderr[-3000:])
    version, rows, obs_rows = res.stdout.split()
    snap_dir = next((instance / "cache" / "snapshots").glob(f"*-v{int(version):012d}-current"))
    size = sum(f.stat().st_size for f in snap_dir.iterdir())
    print(f"snapshot v{version}: {int(rows):,} analysis rows, {int(obs_rows):,} observations, "
          f"{size / 2**20:.0f} MiB on disk (built and written in {time.perf_counter() - t:.1f} s)", file=sys.stderr)
    code = ("import sys, time; sys.path.insert(0, '.'); sys.path.insert(1, 'bench');"
            "import data.snapshot; from data.snapshot_files import SnapshotFiles; from snapshot_memory import _touch;"
            f"t = time.perf_counter(); s = SnapshotFiles('{instance / 'cache' / 'snapshots'}').load("
            f"'sqlite:///{instance / 'dashboard.sqlite'}', {int(version)}); m = time.perf_counter() - t;"
            "t = time.perf_counter(); n = _touch(s['analysis']) + _touch(s['observations']);"
            "print(round(m * 1000, 1), round((time.perf_counter() - t) * 1000, 1))")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if res.returncode:
        raise RuntimeError(res.stderr[-3000:])
    map_ms, touch_ms = (float(x) for x in res.stdout.split())
    print(f"a fresh process maps the snapshot in {map_ms:.1f} ms and reads all of it in {touch_ms:.0f} ms "
          "(from the page cache)", file=sys.stderr)
    return instance, size, map_ms


def run_workers(instance: Path, n: int, mode: str = "touch") -> dict:
    marks = Path(tempfile.mkdtemp(prefix="marks-"))
    env = {**os.environ, "INSTANCE_PATH": str(instance), "DEMO_DATA": "0", MARKS: str(marks), MODE: mode}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    port = free_port()
    log = open(instance / f"gunicorn-{n}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(n), "--bind", f"127.0.0.1:{port}",
                             "--timeout", "600", "-c", str(Path(__file__).resolve()), "server.wsgi:application"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        t0 = time.time()
        while len(list(marks.iterdir())) < n:
            if proc.poll() is not None or time.time() - t0 > 600:
                raise RuntimeError((instance / f"gunicorn-{n}.log").read_text()[-3000:])
            time.sleep(0.5)
        time.sleep(1.0)
        pids = [int(p.name) for p in marks.iterdir()]
        workers = [smaps(p) for p in pids]
        master = smaps(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(marks, ignore_errors=True)
    every = workers + [master]

    def total(k: str) -> float:
        return sum(s.get(k, 0) for s in every) / 1024

    return {"workers": n, "rss_mb": round(total("Rss"), 1), "pss_mb": round(total("Pss"), 1),
            "private_mb": round(total("Private_Clean") + total("Private_Dirty"), 1),
            "anonymous_mb": round(total("Anonymous"), 1),
            "per_worker_rss_mb": [round(s["Rss"] / 1024, 1) for s in workers],
            "per_worker_pss_mb": [round(s["Pss"] / 1024, 1) for s in workers],
            "per_worker_private_mb": [round((s["Private_Clean"] + s["Private_Dirty"]) / 1024, 1) for s in workers]}


def main() -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", default="/tmp/national")
    ap.add_argument("--workers", default="1,2,4")
    args = ap.parse_args()
    instance, size, map_ms = prepare(Path(args.folder))
    size_mb = size / 2**20
    counts = [int(x) for x in args.workers.split(",")]
    runs = {"touch": [], "none": []}
    try:
        for mode in ("none", "touch"):
            for n in counts:
                r = run_workers(instance, n, mode)
                runs[mode].append(r)
                label = "snapshot read in full" if mode == "touch" else "baseline, no snapshot"
                print(f"{n} worker(s), {label}: total RSS {r['rss_mb']:.0f} MB, PSS {r['pss_mb']:.0f} MB, "
                      f"private {r['private_mb']:.0f} MB; per worker RSS {r['per_worker_rss_mb']} "
                      f"PSS {r['per_worker_pss_mb']} private {r['per_worker_private_mb']}", file=sys.stderr)
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    growth = {}
    for i, n in enumerate(counts[1:], start=1):
        extra = n - counts[0]
        g = {}
        for k in ("pss_mb", "rss_mb", "private_mb"):
            with_snap = (runs["touch"][i][k] - runs["touch"][0][k]) / extra
            without = (runs["none"][i][k] - runs["none"][0][k]) / extra
            g[k] = round(with_snap, 1)
            g[k.replace("_mb", "_due_to_snapshot_mb")] = round(with_snap - without, 1)
        growth[str(n)] = g
        print(f"{n} vs {counts[0]} worker(s), per extra worker: PSS +{g['pss_mb']:.0f} MB of which the snapshot "
              f"+{g['pss_due_to_snapshot_mb']:.1f} MB ({100 * g['pss_due_to_snapshot_mb'] / size_mb:.1f}% of its "
              f"{size_mb:.0f} MB); RSS +{g['rss_mb']:.0f} MB (snapshot +{g['rss_due_to_snapshot_mb']:.0f} MB, "
              f"{100 * g['rss_due_to_snapshot_mb'] / size_mb:.1f}%: RSS counts the shared map in every worker); "
              f"private +{g['private_mb']:.0f} MB (snapshot +{g['private_due_to_snapshot_mb']:.1f} MB)",
              file=sys.stderr)
    worst = max((g["pss_due_to_snapshot_mb"] for g in growth.values()), default=0.0)
    result = {"snapshot_mb": round(size_mb, 1), "map_ms": map_ms, "runs": runs, "per_extra_worker": growth,
              "worst_pss_growth_due_to_snapshot_pct": round(100 * worst / size_mb, 1),
              "target_pct": 10.0, "loadavg": Path("/proc/loadavg").read_text().split()[:3]}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
