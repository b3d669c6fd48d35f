"""Caches shared by all workers: the filesystem under INSTANCE_PATH, or Redis when REDIS_URL is set.

Keys embed the data version, so nothing is ever invalidated: a publish simply makes new keys.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from pathlib import Path


class FileCache:
    """Byte values under a folder, one file per key (sha256 of the key), keeping the `keep` newest."""
    def __init__(self, folder: Path, keep: int = 8):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.keep = keep

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
    def __init__(self, url: str, ttl_s: int = 7 * 24 * 3600):
        import redis

        self.client = redis.Redis.from_url(url)
        self.ttl_s = ttl_s

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None."""
        blob = self.client.get("dashboard:" + key)
        return zlib.decompress(blob) if blob else None

    def has(self, key: str) -> bool:
        """True when `key` is stored."""
        return bool(self.client.exists("dashboard:" + key))

    def set(self, key: str, value: bytes) -> None:
        # Compressed: a national snapshot pickles to ~450 MB, near Redis's 512 MB value limit.
        """Store `value` under `key` (compressed), with the expiry."""
        self.client.set("dashboard:" + key, zlib.compress(value, 1), ex=self.ttl_s)


def make_cache(settings):  # noqa: ANN001
    """RedisCache when settings.redis_url is set, else a FileCache under INSTANCE_PATH/cache."""
    if settings.redis_url:
        return RedisCache(settings.redis_url)
    return FileCache(settings.instance_path / "cache")
