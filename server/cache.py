"""Caches shared by all workers: the filesystem under INSTANCE_PATH, or Redis when REDIS_URL is set.

Keys embed the data version, so nothing is ever invalidated: a publish simply makes new keys.
Both also carry the analysis snapshots' folder (`snapshot_folder`, see data/snapshot_files.py) and the
lock that lets one worker build a snapshot while the others wait (`build_lock`).
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.settings import Settings

BUILD_LEASE_S = 600  # a builder that died frees a Redis lock after this long (a file lock frees at exit)
BUILD_WAIT_S = 120  # how long a worker waits for another's build before building its own copy


@contextlib.contextmanager
def file_lock(path: Path, wait_s: float | None = None):
    """An exclusive fcntl lock on `path` (created if missing), tried until `wait_s` passes; yields whether
    it is held. The kernel frees it when the holder exits, so a crashed builder never blocks the others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        deadline = time.monotonic() + (BUILD_WAIT_S if wait_s is None else wait_s)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.05)
        yield held
    finally:
        if held:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


class FileCache:
    """Byte values under a folder, one file per key (sha256 of the key), keeping the `keep` newest."""
    def __init__(self, folder: Path, keep: int = 8):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.keep = keep
        self.snapshot_folder = self.folder / "snapshots"

    def build_lock(self, name: str, wait_s: float | None = None):
        """Context manager: an exclusive file lock for `name` (see file_lock), tried for `wait_s`
        (default BUILD_WAIT_S); yields whether it is held."""
        locks = self.folder / "locks"
        now = time.time()
        for old in locks.glob("*.lock") if locks.exists() else ():  # one per version: drop day-old ones
            with contextlib.suppress(FileNotFoundError):
                if now - old.stat().st_mtime > 86400:
                    old.unlink()
        return file_lock(locks / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".lock"), wait_s)

    def _path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".bin")

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def has(self, key: str) -> bool:
        """True when `key` is stored."""
        return self._path(key).exists()

    def set(self, key: str, value: bytes) -> None:
        # Write then rename: a reader in another worker sees the whole file or none.
        """Store `value` under `key` atomically (write, then rename), then drop the oldest files."""
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(value)
        os.replace(tmp, self._path(key))
        self._prune()

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[self.keep:]:
            old.unlink(missing_ok=True)


class RedisCache:
    """Byte values in Redis under ``dashboard:<key>``, zlib-compressed, expiring after `ttl_s` seconds."""
    def __init__(self, url: str, ttl_s: int = 7 * 24 * 3600, snapshot_folder: Path | None = None):
        import redis

        self.client = redis.Redis.from_url(url)
        self.ttl_s = ttl_s
        self.snapshot_folder = Path(snapshot_folder) if snapshot_folder is not None else None

    @contextlib.contextmanager
    def build_lock(self, name: str, wait_s: float | None = None, lease_s: float = BUILD_LEASE_S):
        """A Redis lock for `name` (expiring after `lease_s`, so a builder that died frees it), tried for
        `wait_s`; yields whether it is held."""
        lock = self.client.lock("dashboard:lock:" + name, timeout=lease_s,
                                blocking_timeout=BUILD_WAIT_S if wait_s is None else wait_s)
        held = lock.acquire()
        try:
            yield held
        finally:
            if held:
                with contextlib.suppress(Exception):  # expired meanwhile: nothing to release
                    lock.release()

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None."""
        blob = self.client.get("dashboard:" + key)
        return zlib.decompress(blob) if blob else None

    def has(self, key: str) -> bool:
        """True when `key` is stored."""
        return bool(self.client.exists("dashboard:" + key))

    def set(self, key: str, value: bytes) -> None:
        """Store `value` under `key` (compressed), with the expiry."""
        self.client.set("dashboard:" + key, zlib.compress(value, 1), ex=self.ttl_s)


def make_cache(settings: Settings) -> FileCache | RedisCache:
    """RedisCache when settings.redis_url is set, else a FileCache under INSTANCE_PATH/cache; snapshots go
    to INSTANCE_PATH/cache/snapshots either way."""
    if settings.redis_url:
        return RedisCache(settings.redis_url, snapshot_folder=settings.instance_path / "cache" / "snapshots")
    return FileCache(settings.instance_path / "cache")
