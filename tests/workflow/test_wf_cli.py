"""`python app.py rounds | user-regions | user-email` (server/workflow/cli.py) on an empty store."""
import io
import json

import pytest

from server.cli import run


@pytest.fixture
def cli(monkeypatch, db_url, tmp_path):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DEMO_DATA", "0")

    def call(*args, stdin=None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return run(list(args))
    return call


def test_round_commands(cli, capsys):
    assert cli("rounds", "2024Q3", "--deadline-days", "20") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2024年1—3季度 本期已报 0/18（截止日期 2024-10-20）"
    assert len(lines) == 19 and lines[1].startswith("  襄都区\t逾期\t已发布 0/")
    assert cli("rounds", "2024Q3", "--json") == 0  # the deadline setting was kept
    got = json.loads(capsys.readouterr().out)
    assert (got["period"], got["deadline"], got["reported"], got["expected"], len(got["overdue"])) == \
        ("2024Q3", "2024-10-20", 0, 18, 18)
    assert cli("rounds", "--deadline-days", "400") == 2  # refused in words, not a traceback
    assert cli("user", "add", "qh", "--role", "uploader", "--password-stdin", stdin="qh-secret-12345\n") == 0
    capsys.readouterr()
    assert cli("user-regions", "qh", "130534") == 0 and cli("user-regions", "qh") == 0
    assert cli("user-email", "qh", "qh@kjj.local") == 0 and cli("user-regions", "qh", "--clear") == 0
    assert capsys.readouterr().out.splitlines() == ["qh: 130534", "qh: 130534", "qh: qh@kjj.local", "qh: 不限地区"]
