"""Issue 12, point 5: MAX_UPLOAD_MB applies to the file, on every path (page transport, API, CLI), tested at
limit − 1 MB and limit + 1 MB; an oversized file gets a Chinese (and English) message, never an error page."""
from __future__ import annotations

import csv
import io
import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from server.auth import users
from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
LIMIT = 20  # the README's default MAX_UPLOAD_MB


def padded_csv(target_bytes: int) -> bytes:
    """A long-form CSV of one real figure for 清河县, padded to `target_bytes` with a long 备注 text on extra
    rows of a different, hidden-from-figures kind: every line stays far under the row cap."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    w.writerow(["130534", "清河县", "HNTE", "高新技术企业数", "2023", "否", "69", "家", "正式", "复核"])
    head = out.getvalue().encode("utf-8")
    note_row = "130534,清河县,HNTE,高新技术企业数,2023,否,69,家,正式,{}\n"
    chunk = 30_000
    lines = []
    size = len(head)
    while size < target_bytes:
        text = secrets.token_hex(chunk // 2)[: max(1, min(chunk, target_bytes - size - 60))]
        line = note_row.format(text).encode("utf-8")
        lines.append(line)
        size += len(line)
    return (head + b"".join(lines))[:target_bytes]


@pytest.fixture
def app_client(tmp_path):
    from app import create_app
    from server.context import EXT

    app = create_app(Settings(instance_path=tmp_path / "inst", demo=False, secret_key="t"))
    password = secrets.token_urlsafe(12)
    with app.server.extensions[EXT].engine.begin() as conn:
        users.create(conn, "staff", password, ["uploader"], actor="test", must_change_password=False)
        users.create(conn, "leader", password, ["viewer"], actor="test", must_change_password=False)

    def client_for(name):
        client = app.server.test_client()
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        client.post("/login", data={"username": name, "password": password, "csrf_token": token})
        with client.session_transaction() as sess:  # the token the upload page embeds (csrf_token())
            token = sess.setdefault("_csrf", secrets.token_urlsafe(32))
        return client, token

    return app, client_for


def _post(client, token, name, data, path="/api/v1/uploads"):
    return client.post(path, data={"file": (io.BytesIO(data), name)}, headers={"X-CSRF-Token": token},
                       content_type="multipart/form-data")


def test_page_transport_takes_a_file_just_under_the_limit_and_stages_it(app_client):
    app, client_for = app_client
    client, token = client_for("staff")
    data = padded_csv((LIMIT - 1) * MB)
    r = _post(client, token, "清河.csv", data)
    assert r.status_code == 200, r.text
    body = r.get_json()
    assert body["bytes"] == len(data) and re.fullmatch(r"[0-9a-f]{64}", body["upload"])
    from data.imports.staging import load_upload

    name, staged = load_upload(app.server.extensions["county_dashboard"].settings.instance_path, body["upload"])
    assert name == "清河.csv" and staged == data


def test_page_transport_refuses_a_file_just_over_the_limit_in_chinese(app_client):
    _app, client_for = app_client
    client, token = client_for("staff")
    r = _post(client, token, "大.csv", padded_csv((LIMIT + 1) * MB))
    assert r.status_code == 413
    body = r.get_json()
    assert "超过 20 MB 的上限" in body["message_zh"] and "21.0 MB" in body["message_zh"]
    assert "above the 20 MB limit" in body["message_en"]


def test_page_transport_needs_the_csrf_token_and_the_uploader_role(app_client):
    _app, client_for = app_client
    client, token = client_for("staff")
    assert _post(client, "wrong", "a.csv", b"a,b\n1,2\n").status_code == 403
    viewer, vtoken = client_for("leader")
    assert _post(viewer, vtoken, "a.csv", b"a,b\n1,2\n").status_code == 403


def test_api_import_says_the_same_at_both_sides_of_the_limit(app_client):
    _app, client_for = app_client
    client, token = client_for("staff")
    over = _post(client, token, "大.csv", padded_csv((LIMIT + 1) * MB), "/api/v1/imports?dry_run=1")
    assert over.status_code == 422
    assert any("超过 20 MB 的上限" in e["message_zh"] for e in over.get_json()["errors"])
    under = _post(client, token, "清河.csv", padded_csv((LIMIT - 1) * MB), "/api/v1/imports?dry_run=1")
    assert under.status_code in (200, 422)
    assert not any("上限" in e["message_zh"] for e in under.get_json()["errors"])


@pytest.mark.parametrize("mb, refused", [(LIMIT - 1, False), (LIMIT + 1, True)])
def test_cli_import_says_the_same(tmp_path, mb, refused):
    path = tmp_path / "file.csv"
    path.write_bytes(padded_csv(mb * MB))
    env = {"INSTANCE_PATH": str(tmp_path / "inst"), "DEMO_DATA": "0", "PATH": "/usr/bin:/bin"}
    res = subprocess.run([sys.executable, "app.py", "import", str(path), "--dry-run", "--json"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=600)
    out = res.stdout[res.stdout.index("{"):] if "{" in res.stdout else "{}"
    body = json.loads(out)
    messages = [e["message_zh"] for e in body.get("errors", [])]
    assert "Traceback" not in res.stderr
    assert any("超过 20 MB 的上限" in m for m in messages) == refused, (messages[:3], res.stderr[-500:])


def test_cli_refuses_an_oversize_file_from_its_size_without_reading_it(tmp_path):
    """Issue 11: the CLI read a file whole before its size check. A 1 GiB (sparse) file is refused from its
    size alone: no more than a few kB allocated, at once, with the page's and the API's message."""
    import os
    import time
    import tracemalloc

    from data.errors import UserError
    from server.imports.cli import read_within

    big = tmp_path / "大文件.xlsx"
    with big.open("wb") as fh:
        os.truncate(fh.fileno(), 1024 * MB)
    tracemalloc.start()
    t0 = time.perf_counter()
    name, refusal, size = read_within(big, LIMIT * MB)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (name, size) == ("大文件.xlsx", 1024 * MB)
    assert isinstance(refusal, UserError) and refusal.status == 413
    assert refusal.message_zh == "文件「大文件.xlsx」大小 1024.0 MB，超过 20 MB 的上限。请删去无关工作表或分批上传。"
    assert peak < 1 * MB and elapsed < 1.0, (peak, elapsed)
    # at the limit it is read, exactly
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"x" * (LIMIT * MB))
    assert read_within(ok, LIMIT * MB)[1:] == (b"x" * (LIMIT * MB), LIMIT * MB)
    with pytest.raises(UserError, match="找不到文件"):
        read_within(tmp_path / "none.csv", LIMIT * MB)
