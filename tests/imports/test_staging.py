"""Staged uploads are kept STAGED_DAYS after their last upload, then pruned on the next upload."""
import os
import time

import pytest

from data.errors import UserError
from data.imports.staging import STAGED_DAYS, load_upload, prune_uploads, save_upload

DAY = 86400


def age(path, days):
    t = time.time() - days * DAY
    os.utime(path, (t, t))


def staged_files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_old_staged_uploads_are_pruned_on_the_next_upload(tmp_path):
    folder = tmp_path / "uploads"
    old = save_upload(tmp_path, "旧.xlsx", b"old file")
    recent = save_upload(tmp_path, "近.xlsx", b"recent file")
    for p in folder.glob(f"{old}*"):
        age(p, STAGED_DAYS + 1)
    for p in folder.glob(f"{recent}*"):
        age(p, STAGED_DAYS - 1)
    stray_tmp = folder / f".{'a' * 64}.123.tmp"  # a writer killed mid-save
    stray_tmp.write_bytes(b"x")
    age(stray_tmp, STAGED_DAYS + 1)
    foreign = folder / "README.txt"  # not ours: never touched however old
    foreign.write_text("x")
    age(foreign, 100)

    new = save_upload(tmp_path, "新.xlsx", b"new file")
    assert staged_files(folder) == sorted([recent, f"{recent}.json", new, f"{new}.json", "README.txt"])
    assert load_upload(tmp_path, recent) == ("近.xlsx", b"recent file")
    with pytest.raises(UserError, match="过期"):
        load_upload(tmp_path, old)


def test_uploading_the_same_file_again_restarts_its_clock(tmp_path):
    folder = tmp_path / "uploads"
    sha = save_upload(tmp_path, "a.xlsx", b"same bytes")
    for p in folder.glob(f"{sha}*"):
        age(p, STAGED_DAYS + 1)
    assert save_upload(tmp_path, "a.xlsx", b"same bytes") == sha
    assert prune_uploads(tmp_path) == 0
    assert load_upload(tmp_path, sha) == ("a.xlsx", b"same bytes")
    # ... and STAGED_DAYS later it goes.
    assert prune_uploads(tmp_path, now=time.time() + (STAGED_DAYS + 1) * DAY) == 2
    assert staged_files(folder) == []


def test_prune_without_an_uploads_folder_is_a_no_op(tmp_path):
    assert prune_uploads(tmp_path) == 0
