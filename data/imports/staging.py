"""Staged uploads: server-side files under INSTANCE_PATH/uploads/<sha256> (+ <sha256>.json for the name).

Files, never process memory: several gunicorn workers serve one user's clicks. Retention is by age
(STAGED_DAYS since the file was last uploaded), pruned on each new upload. Not on publish/reject:
most staged files never become a revision (their report had errors), and one file (one hash) may be
staged by several sessions at once, so a revision's fate says nothing about who still needs the file.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

from data.errors import UserError

STAGED_DAYS = 7
_OURS = re.compile(r"^\.?[0-9a-f]{64}(\.json|(\.\d+)?\.tmp)?$")  # only our own files are ever deleted


def _folder(instance_path: Path) -> Path:
    return Path(instance_path) / "uploads"


def save_upload(instance_path: Path, name: str, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    folder = _folder(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / sha
    try:
        os.utime(path)  # uploaded again: restart its retention clock
    except FileNotFoundError:
        tmp = folder / f".{sha}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)
    (folder / f"{sha}.json").write_text(json.dumps({"name": Path(name).name}, ensure_ascii=False), encoding="utf-8")
    prune_uploads(instance_path, keep=sha)
    return sha


def load_upload(instance_path: Path, sha: str) -> tuple[str, bytes]:
    if not sha or not all(c in "0123456789abcdef" for c in sha) or len(sha) != 64:
        raise UserError("上传记录无效，请重新上传。", "Invalid upload reference; upload again.")
    folder = _folder(instance_path)
    try:
        meta = json.loads((folder / f"{sha}.json").read_text(encoding="utf-8"))
        return meta["name"], (folder / sha).read_bytes()
    except (OSError, ValueError, KeyError):
        raise UserError("上传的文件已过期，请重新上传。", "The staged upload has expired; upload again.") from None


def prune_uploads(instance_path: Path, max_age_days: float = STAGED_DAYS, *, keep: str | None = None,
                  now: float | None = None) -> int:
    """Delete staged files (and stray temp files) last touched more than max_age_days ago. Returns the count."""
    folder = _folder(instance_path)
    cutoff = (now if now is not None else time.time()) - max_age_days * 86400
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for e in entries:
        if not _OURS.match(e.name) or (keep and e.name.lstrip(".").startswith(keep)):
            continue
        try:
            if e.is_file(follow_symlinks=False) and e.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(e.path)
                removed += 1
        except FileNotFoundError:  # another worker pruned it first
            continue
    return removed
