"""The analysis snapshot: published figures plus everything the engine derives from them.

Computed once per data version (bumped by every publish, rollback, target or annotation change) by one
worker, written as Arrow IPC files under the instance's cache folder and memory-mapped by every worker
(data/snapshot_files.py: one copy in the page cache, however many workers). A request never reads the
whole observation table: it reads the version number, then the snapshot for that version.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from data import schema, store
from data.catalogue import load_indicators, total_parts
from data.db import reading

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path
    from typing import Protocol

    from sqlalchemy.engine import Connection, Engine

    from data.snapshot_files import SnapshotFiles

    class SnapshotCache(Protocol):
        """A cache as `get` reads it (server.cache.FileCache, RedisCache): the shared snapshots' folder (None:
        snapshots stay in this process) and a lock that one worker holds while it builds (entered: held or not)."""

        snapshot_folder: Path | None

        def build_lock(self, name: str, wait_s: float | None = None) -> AbstractContextManager[bool]: ...


@dataclass(frozen=True)
class Snapshot:
    version: int
    as_of: datetime | None
    observations: pd.DataFrame  # OBS_COLUMNS, published
    analysis: pd.DataFrame  # indicators.pipeline.build_analysis output
    targets: pd.DataFrame  # indicator, region, year, value
    annotations: pd.DataFrame  # ANNOTATION_COLUMNS
    is_demo: bool
    regions: pd.DataFrame  # the store's regions, shaped like catalogue.load_regions()
    publish_state: tuple[int, int] = (0, 0)  # store.publish_state() when built
    # Results of pure computations on this snapshot (layouts.memo): they live and die with the snapshot,
    # so they can never outlive its data version. Not pickled: each process fills its own.
    memo: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "memo": OrderedDict()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__dict__["memo"] = OrderedDict()


# Keyed by (database, version): an entry can never be stale, so a per-process copy is safe.
_memo: OrderedDict = OrderedDict()
_memo_lock = threading.Lock()
_building: dict[tuple, Future] = {}  # key -> the build in progress (guarded by _memo_lock)
_MEMO_SIZE = 4


def build(conn: Connection, version: int, as_of: datetime | None = None, previous: Snapshot | None = None) -> Snapshot:
    """Build the snapshot; from `previous` plus the newly published rows when nothing was rolled back since."""
    from indicators.pipeline import build_analysis, rebuild_indicators

    state = store.publish_state(conn)
    annotations = store.load_annotations(conn)
    targets = store.current_targets(conn)
    r = schema.revisions.c
    demo_q = select(r.id).where(r.status == "published", r.kind == "demo").limit(1)
    is_demo = conn.execute(demo_q).first() is not None
    regions = store.load_regions_frame(conn)
    analysis = None
    if as_of is None and _extends(previous, state):
        new = store.published_observations(conn, after_seq=previous.publish_state[0])
        obs, corrected = _extend(previous.observations, new)
        if corrected is not None and _same(annotations, previous.annotations) and _same(regions, previous.regions):
            # only figures of existing keys changed: recompute just their indicators (and what derives from them)
            analysis = previous.analysis if not corrected else rebuild_indicators(
                previous.analysis, obs, corrected, load_indicators(), regions, annotations,
                total_parts=total_parts(regions))
    else:
        obs = store.published_observations(conn, as_of=as_of)
    if analysis is None:
        analysis = build_analysis(obs, load_indicators(), regions, annotations, total_parts=total_parts(regions))
    return Snapshot(version, as_of, obs, analysis, targets, annotations, is_demo, regions, state)


def _extends(previous: Snapshot | None, state: tuple[int, int]) -> bool:
    """`previous` plus the rows published since gives the current figures (nothing rolled back since)."""
    return previous is not None and previous.as_of is None and previous.publish_state[1] == state[1] \
        and previous.publish_state[0] <= state[0]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return list(a.columns) == list(b.columns) and a.equals(b)


def _extend(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, set[str] | None]:
    """old with the rows of new (a later publish wins per key), as concat + drop_duplicates(keep="last") gives.

    Also returns the indicators of the new rows when every new key replaced an existing one (the key set is
    unchanged: a correction), else None.
    """
    if new.empty:
        return old, set()
    new = new.drop_duplicates(store.OBS_KEY, keep="last")
    inds = set(new["indicator"].astype(str))
    # old rows with a key of the new rows, looked for among the new rows' indicators and regions only
    cand = np.flatnonzero(old["indicator"].isin(list(inds)).to_numpy()
                          & old["region"].isin(list(set(new["region"].astype(str)))).to_numpy())
    key = list(store.OBS_KEY)
    hit = old.iloc[cand][key].reset_index(drop=True).merge(
        new[key].reset_index(drop=True).assign(_new=True), on=key, how="left")["_new"].notna().to_numpy()
    drop = cand[hit]
    keep = np.ones(len(old), dtype=bool)
    keep[drop] = False
    merged = pd.concat([old[keep], new], ignore_index=True)
    return merged, (inds if len(drop) == len(new) else None)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)  # "before the first publish": nothing visible


def as_of_moment(conn: Connection, as_of: datetime) -> datetime:
    """The moment whose published figures equal those of `as_of`: the latest publish or rollback at or
    before it (EPOCH when there is none), as an aware UTC datetime.

    What `published_observations(as_of=)` selects changes only at those events (a revision is visible
    from its published_at until its rolled_back_at), so every `as_of` between two events gives the same
    figures, and snapping makes them share one snapshot (issue 11, finding 5: timestamps 1 µs apart each
    forced a full build)."""
    r = schema.revisions.c
    moment = store._as_stored(as_of, conn.dialect.name)  # noqa: SLF001 - the store's own comparison form
    latest = [conn.execute(select(func.max(col)).where(col <= moment)).scalar()
              for col in (r.published_at, r.rolled_back_at)]
    latest = [v for v in latest if v is not None]
    if not latest:
        return EPOCH
    found = max(v if v.tzinfo else v.replace(tzinfo=timezone.utc) for v in latest)
    return found.astimezone(timezone.utc)


def figures_version(engine: Engine, snap: Snapshot) -> int:
    """The data version to state beside `snap`'s figures: its own, or for a past moment (as_of) the version the
    figures had then (store.version_at). Pages, the API and the exports all state this one."""
    if snap.as_of is None:
        return snap.version
    with reading(engine) as conn:
        return store.version_at(conn, snap.as_of)


def _view(snap: Snapshot, as_of: datetime | None) -> Snapshot:
    """`snap` labelled with the moment the caller asked for (exports print it), sharing its frames and memo."""
    if as_of is None or snap.as_of == as_of:
        return snap
    view = dataclasses.replace(snap, as_of=as_of)
    object.__setattr__(view, "memo", snap.memo)  # same figures: memoised page results are shared too
    return view


def get(engine: Engine, cache: SnapshotCache | None = None, as_of: datetime | None = None) -> Snapshot:
    """The snapshot for the current data version (or for a past moment with `as_of`).

    Builds run outside any process-wide lock: different versions or moments build side by side, and
    concurrent requests for the same one wait for a single build (a Future per key)."""
    db = str(engine.url)
    with reading(engine) as conn:
        version = store.data_version(conn)
        snapped = as_of_moment(conn, as_of) if as_of is not None else None
        key = (db, version, snapped.isoformat() if snapped else "")
        with _memo_lock:
            if key in _memo:
                _memo.move_to_end(key)
                return _view(_memo[key], as_of)
            pending = _building.get(key)
            if pending is None:
                pending = _building[key] = Future()
                owner = True
                previous = next((s for k, s in reversed(_memo.items()) if k[0] == db and not k[2]), None)
            else:
                owner = False
        if owner:
            try:
                snap = _build_shared(conn, cache, db, version, key, snapped, previous)
                with _memo_lock:
                    _memo[key] = snap
                    while len(_memo) > _MEMO_SIZE:
                        _memo.popitem(last=False)
                pending.set_result(snap)
            except BaseException as exc:
                pending.set_exception(exc)
                raise
            finally:
                with _memo_lock:
                    _building.pop(key, None)
            return _view(snap, as_of)
    # Another thread is building this very snapshot: wait for it without holding a connection.
    return _view(pending.result(), as_of)


def _build_shared(conn: Connection, cache: SnapshotCache | None, db: str, version: int, key: tuple, as_of: datetime | None,
                  previous: Snapshot | None) -> Snapshot:
    """The snapshot for `key`: mapped from the shared snapshot folder when a worker wrote it already, else
    built by one worker (a build lock: Redis with REDIS_URL, else a file lock) and written there (Arrow IPC,
    data.snapshot_files), then mapped. Waiting workers find the file when the lock frees. Without a
    snapshot folder (cache None) the snapshot is built in this process and kept in its memory."""
    files = snapshot_files(cache)
    moment = key[2]
    if files is None:
        return build(conn, version, as_of, previous if as_of is None else None)
    snap = _mapped(files.load(db, version, moment))
    if snap is not None:
        return snap
    lock = getattr(cache, "build_lock", None)
    name = f"snapshot-build:{files.folder.resolve()}:{db}:{version}:{moment}"
    with (lock(name) if lock else _no_lock()) as held:
        snap = _mapped(files.load(db, version, moment))  # built by the worker we waited for
        if snap is not None:
            return snap
        if as_of is None and previous is None:  # a fresh worker: extend the latest shared version if it can
            older = _mapped(files.latest(db, version))
            previous = older if older is not None and _extends(older, store.publish_state(conn)) else None
        built = build(conn, version, as_of, previous if as_of is None else None)
        if not held:  # the builder holding the lock did not finish in time: serve our own copy, unshared
            from data.events import event

            event("snapshot_lock_timeout", version=version, moment=moment)
            return built
        try:
            files.save(built, db, moment)
        except OSError as exc:  # sharing is an optimisation: a full disk must not fail the request
            from data.events import event

            event("snapshot_write_failed", version=version, moment=moment, error=repr(exc))
            return built
    mapped = _mapped(files.load(db, version, moment))  # the shared copy; ours (in this process's heap) is dropped
    return mapped if mapped is not None else built  # pruned already (a newer version landed): ours will do


def _mapped(fields: dict | None) -> Snapshot | None:
    return Snapshot(**fields) if fields is not None else None


def snapshot_files(cache: SnapshotCache | None) -> SnapshotFiles | None:
    """The shared snapshot folder of `cache` (its `snapshot_folder`), or None."""
    from data.snapshot_files import SnapshotFiles

    folder = getattr(cache, "snapshot_folder", None)
    return SnapshotFiles(folder) if folder is not None else None


class _no_lock:
    def __enter__(self) -> bool:
        return True

    def __exit__(self, *exc) -> None:
        return None
