"""The analysis snapshot: published figures plus everything the engine derives from them.

Computed once per data version (bumped by every publish, rollback, target or annotation change) and
shared by all workers through the cache (filesystem under INSTANCE_PATH, or Redis). A request never
reads the whole observation table: it reads the version number, then the snapshot for that version.
"""
from __future__ import annotations

import io
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import select

from data import schema, store
from data.catalogue import load_indicators
from data.db import reading


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
_build_lock = threading.Lock()
_MEMO_SIZE = 4


def build(conn, version: int, as_of: datetime | None = None, previous: Snapshot | None = None) -> Snapshot:  # noqa: ANN001
    """Build the snapshot; from `previous` plus the newly published rows when nothing was rolled back since."""
    from indicators.pipeline import build_analysis

    state = store.publish_state(conn)
    if as_of is None and previous is not None and previous.as_of is None \
            and previous.publish_state[1] == state[1] and previous.publish_state[0] <= state[0]:
        obs = _extend(previous.observations, store.published_observations(conn, after_seq=previous.publish_state[0]))
    else:
        obs = store.published_observations(conn, as_of=as_of)
    annotations = store.load_annotations(conn)
    targets = store.current_targets(conn)
    r = schema.revisions.c
    demo_q = select(r.id).where(r.status == "published", r.kind == "demo").limit(1)
    is_demo = conn.execute(demo_q).first() is not None
    regions = store.load_regions_frame(conn)
    analysis = build_analysis(obs, load_indicators(), regions, annotations)
    return Snapshot(version, as_of, obs, analysis, targets, annotations, is_demo, regions, state)


def _extend(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    if new.empty:
        return old
    merged = pd.concat([old, new], ignore_index=True)
    return merged.drop_duplicates(store.OBS_KEY, keep="last").reset_index(drop=True)


def get(engine, cache=None, as_of: datetime | None = None) -> Snapshot:  # noqa: ANN001
    """The snapshot for the current data version (or for a past moment with `as_of`)."""
    db = str(engine.url)
    with reading(engine) as conn:
        version = store.data_version(conn)
        key = (db, version, as_of.isoformat() if as_of else "")
        with _memo_lock:
            if key in _memo:
                _memo.move_to_end(key)
                return _memo[key]
        # One build per process at a time: other threads wait and then find it in the memo.
        with _build_lock:
            with _memo_lock:
                if key in _memo:
                    return _memo[key]
                previous = next((s for k, s in reversed(_memo.items()) if k[0] == db and not k[2]), None)
            cache_key = f"snapshot:{db}:{version}:{key[2]}"
            snap = _load(cache, cache_key)
            if snap is None:
                snap = build(conn, version, as_of, previous)
                _store(cache, cache_key, snap)
            with _memo_lock:
                _memo[key] = snap
                while len(_memo) > _MEMO_SIZE:
                    _memo.popitem(last=False)
    return snap


def _load(cache, key: str) -> Snapshot | None:  # noqa: ANN001
    if cache is None:
        return None
    blob = cache.get(key)
    return pickle.load(io.BytesIO(blob)) if blob else None


def _store(cache, key: str, snap: Snapshot) -> None:  # noqa: ANN001
    """Share with the other workers in the background: this request already has its snapshot."""
    def write():
        try:
            cache.set(key, pickle.dumps(snap, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as exc:  # noqa: BLE001 - sharing is an optimisation; each worker can build its own
            from server.ops.logs import event

            event("snapshot_cache_write_failed", key=key, error=repr(exc))

    if cache is not None:
        threading.Thread(target=write, daemon=True, name="snapshot-cache").start()
