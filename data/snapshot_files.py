"""Analysis snapshots on disk, shared by every worker through memory maps (issue 18, point 1).

One folder per (database, data version[, past moment]) under the instance's cache folder
(``<INSTANCE_PATH>/cache/snapshots/<db>-v<version>-<moment>/``):

  analysis.arrow       the analysis frame     } Arrow IPC files (Feather v2), uncompressed, one record
  observations.arrow   the published rows    } batch each, so a worker maps them and reads in place
  small.pickle         version, moment, targets, annotations, regions, is_demo, publish state (a few kB)

A folder is written under a temporary name and renamed into place (a reader sees all of it or
nothing). Reading maps the files (``pyarrow.memory_map`` + ``pyarrow.ipc.open_file``) and rebuilds
the exact pandas frame the pipeline produced *without copying a column*: every column is stored in its
in-memory representation and wrapped again by numpy/pandas views of the mapped pages:

  numpy columns (float64, int8/16, bool)       one Arrow primitive column (bool as uint8), viewed as is
  pandas Categorical                           its codes (int8/16/32, -1 = missing) viewed as is; the
                                               categories (small) in the schema metadata
  masked integers/booleans (Int16, Int64, ...) the data and the mask (uint8) as two columns
  Arrow-backed strings ("string", "str")       the Arrow string array itself
  anything else (object columns)               pickled into the schema metadata (copied on load)

So N workers hold one copy of the data in the page cache (PSS ~ size / N each), and the frames are
read-only: writing into a column raises (pages derive new frames; pandas' copy-on-write copies).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    from typing import Protocol

    class _Snapshot(Protocol):
        """A data.snapshot.Snapshot as `SnapshotFiles.save` reads it: `version`, the FRAMES and the _SMALL fields
        (importing the class would close an import loop: data.snapshot imports this module)."""

        version: int
        analysis: pd.DataFrame
        observations: pd.DataFrame

FORMAT = 1
META_KEY = b"dashboard.snapshot"
FRAMES = ("analysis", "observations")
_SMALL = ("version", "as_of", "targets", "annotations", "is_demo", "regions", "publish_state")


# ---- one frame <-> one Arrow IPC file ---------------------------------------------------------------
def _primitive(values: np.ndarray) -> pa.Array:
    values = np.ascontiguousarray(values)
    if values.dtype == np.bool_:
        values = values.view(np.uint8)
    return pa.array(values)  # from_pandas=False: NaN stays a value, never a null


def encode_frame(frame: pd.DataFrame) -> pa.Table:
    """`frame` as an Arrow table whose schema metadata says how to rebuild every column (see module doc).

    Raises ValueError for duplicate column names."""
    if not frame.columns.is_unique:
        raise ValueError("snapshot frames need unique column names")
    arrays, names, specs = [], [], []

    def add(arr: pa.Array) -> int:
        arrays.append(arr)
        names.append(str(len(names)))
        return len(arrays) - 1

    index = frame.index
    default_index = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    columns = [(name, frame[name].array) for name in frame.columns]
    if not default_index:
        columns.append((None, pd.Series(index).array))
    for name, arr in columns:
        dtype = arr.dtype
        if isinstance(arr, pd.Categorical):
            specs.append((name, "cat", dtype, add(_primitive(arr.codes))))
        elif isinstance(arr, pd.arrays.NumpyExtensionArray) and dtype.numpy_dtype.kind in "biuf":
            specs.append((name, "np", dtype.numpy_dtype, add(_primitive(arr.to_numpy()))))
        elif isinstance(arr, pd.core.arrays.masked.BaseMaskedArray):
            specs.append((name, "masked", dtype, (add(_primitive(arr._data)), add(_primitive(arr._mask)))))  # noqa: SLF001
        elif isinstance(arr, pd.core.arrays.ArrowExtensionArray) or (
                isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
            specs.append((name, "arrow", dtype, add(arr._pa_array.combine_chunks())))  # noqa: SLF001
        else:  # not expected in snapshot frames (object columns): exact, kept in the metadata, copied on load
            specs.append((name, "pickle", dtype, pickle.dumps(arr, protocol=5)))
    meta = {"format": FORMAT, "rows": len(frame), "columns": specs, "attrs": dict(frame.attrs),
            "index": None if default_index else len(specs) - 1}
    table = pa.Table.from_arrays(arrays, names=names) if arrays else pa.table({})
    return table.replace_schema_metadata({META_KEY: pickle.dumps(meta, protocol=5)})


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` to `path` as an uncompressed Arrow IPC file (one record batch)."""
    table = encode_frame(frame)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        if table.num_columns:
            writer.write_table(table, max_chunksize=max(table.num_rows, 1))


def _view(col: pa.Array) -> np.ndarray:
    return col.to_numpy(zero_copy_only=True)


def decode_frame(table: pa.Table | pa.RecordBatch) -> pd.DataFrame:
    """The frame `encode_frame` encoded; numeric, categorical, masked and Arrow columns are views of
    `table`'s buffers (no copy: a memory-mapped table stays in the page cache)."""
    meta = pickle.loads(table.schema.metadata[META_KEY])
    if meta.get("format") != FORMAT:
        raise ValueError(f"snapshot file format {meta.get('format')!r}, expected {FORMAT}")
    if isinstance(table, pa.Table):
        table = table.combine_chunks()
        cols = [c.chunk(0) if c.num_chunks else pa.array([], c.type) for c in table.columns]
    else:
        cols = list(table.columns)
    out, index = {}, None
    for i, (name, kind, dtype, where) in enumerate(meta["columns"]):
        if kind == "np":
            values = _view(cols[where]).view(dtype)
        elif kind == "cat":
            values = pd.Categorical.from_codes(_view(cols[where]), dtype=dtype, validate=False)
        elif kind == "masked":
            data, mask = where
            values = dtype.construct_array_type()(_view(cols[data]), _view(cols[mask]).view(np.bool_))
        elif kind == "arrow":
            values = dtype.__from_arrow__(cols[where])
        else:
            values = pickle.loads(where)
        if meta["index"] == i:
            index = pd.Index(values)
        else:
            out[name] = values
    frame = pd.DataFrame(out, index=index if index is not None else pd.RangeIndex(meta["rows"]), copy=False)
    frame.attrs.update(meta["attrs"])
    return frame


def read_frame(path: Path) -> pd.DataFrame:
    """The frame in the Arrow IPC file at `path`, memory-mapped (see decode_frame)."""
    source = pa.memory_map(str(path), "r")
    reader = pa.ipc.open_file(source)
    if reader.num_record_batches == 1:
        return decode_frame(reader.get_batch(0))
    return decode_frame(reader.read_all())


# ---- the folder of snapshots --------------------------------------------------------------------------
class SnapshotFiles:
    """The snapshot folders under `folder` (see module doc). `keep_current` newest current-data folders per
    database stay (a worker may still be mapping the previous one), `keep_moments` newest past-moment ones."""

    def __init__(self, folder: Path, keep_current: int = 2, keep_moments: int = 4):
        self.folder = Path(folder)
        self.keep_current = keep_current
        self.keep_moments = keep_moments

    @staticmethod
    def db_tag(db: str) -> str:
        return hashlib.sha256(db.encode()).hexdigest()[:16]

    def path(self, db: str, version: int, moment: str = "") -> Path:
        tag = hashlib.sha256(moment.encode()).hexdigest()[:12] if moment else "current"
        return self.folder / f"{self.db_tag(db)}-v{version:012d}-{tag}"

    def exists(self, db: str, version: int, moment: str = "") -> bool:
        return (self.path(db, version, moment) / "small.pickle").exists()

    def load(self, db: str, version: int, moment: str = "") -> dict | None:
        """The fields of the snapshot stored for this key (data.snapshot.Snapshot's, its big frames
        memory-mapped); None when there is none (or it was removed while being opened)."""
        where = self.path(db, version, moment)
        try:
            small = pickle.loads((where / "small.pickle").read_bytes())
            frames = {name: read_frame(where / f"{name}.arrow") for name in FRAMES}
        except (FileNotFoundError, NotADirectoryError):
            return None
        return {**small, **frames}

    def latest(self, db: str, at_most: int) -> dict | None:
        """The stored current-data snapshot (fields, as load) of `db` with the highest version <= at_most."""
        for version in sorted(self._versions(db), reverse=True):
            if version <= at_most:
                snap = self.load(db, version)
                if snap is not None:
                    return snap
        return None

    def _versions(self, db: str) -> list[int]:
        prefix = self.db_tag(db) + "-v"
        if not self.folder.exists():
            return []
        return [int(p.name[len(prefix):len(prefix) + 12]) for p in self.folder.iterdir()
                if p.name.startswith(prefix) and p.name.endswith("-current")]

    def save(self, snap: _Snapshot, db: str, moment: str = "") -> Path:
        """Write `snap` (all files into a temporary folder, then one rename), then drop folders no longer
        needed. Returns the folder. An existing folder for the key is kept (same version = same data)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.path(db, snap.version, moment)
        tmp = Path(tempfile.mkdtemp(dir=self.folder, prefix=".tmp-"))
        try:
            for name in FRAMES:
                write_frame(getattr(snap, name), tmp / f"{name}.arrow")
            small = {k: getattr(snap, k) for k in _SMALL}
            (tmp / "small.pickle").write_bytes(pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL))
            try:
                os.rename(tmp, final)
            except OSError:
                if not self.exists(db, snap.version, moment):
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.prune(db)
        return final

    def prune(self, db: str) -> None:
        """Remove this database's current-data folders beyond the `keep_current` newest versions, its
        past-moment folders beyond the `keep_moments` newest, and temporary folders older than an hour.
        Workers still mapping a removed file keep reading it (the inode lives until unmapped)."""
        prefix = self.db_tag(db) + "-v"
        mine = [p for p in self.folder.iterdir() if p.name.startswith(prefix)]
        current = sorted((p for p in mine if p.name.endswith("-current")), key=lambda p: p.name, reverse=True)
        moments = sorted((p for p in mine if not p.name.endswith("-current")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        stale = current[self.keep_current:] + moments[self.keep_moments:]
        now = time.time()
        for p in self.folder.glob(".tmp-*"):
            try:
                if now - p.stat().st_mtime > 3600:
                    stale.append(p)
            except FileNotFoundError:
                pass
        for p in stale:
            shutil.rmtree(p, ignore_errors=True)

    def size_bytes(self, db: str, version: int, moment: str = "") -> int:
        where = self.path(db, version, moment)
        return sum(f.stat().st_size for f in where.iterdir()) if where.exists() else 0
