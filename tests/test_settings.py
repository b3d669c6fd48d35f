"""Settings as data: one table (server.settings.SETTINGS) makes the Settings, the README's table and --help."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from data.errors import UserError
from server.settings import SETTINGS, Settings, from_env, settings_table

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_shows_the_table():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    assert settings_table() in readme
    # and no other settings table row hangs around (a variable documented but not read)
    documented = re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.M)
    assert documented == [s.env for s in SETTINGS]


def test_help_lists_every_variable():
    out = subprocess.run([sys.executable, "app.py", "--help"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60).stdout
    assert [line.split()[0] for line in out.split("settings (environment variables):")[1].strip().splitlines()] \
        == [s.env for s in SETTINGS]


def test_defaults_are_the_table_defaults():
    empty = from_env({})
    blank = from_env({s.env: "" for s in SETTINGS})
    for s in SETTINGS:
        assert getattr(empty, s.name) == s.default == getattr(blank, s.name) == getattr(Settings(), s.name), s.env


def test_values_are_parsed():
    got = from_env({"PORT": "8181", "DEMO_DATA": "0", "PUBLIC_VIEW": "yes", "TRUSTED_PROXIES": "1",
                    "DATABASE_URL": "postgres://u:p@h/db", "HOME_REGION": "130581", "INSTANCE_PATH": "/tmp/x/../i"})
    assert (got.port, got.demo, got.public_view, got.proxies, got.database_url, got.home_region, got.instance_path) \
        == (8181, False, True, 1, "postgresql+psycopg://u:p@h/db", "130581", Path("/tmp/i"))
    assert from_env({}, port=1).port == 1


@pytest.mark.parametrize("env, value", [("PORT", "80a"), ("MAX_UPLOAD_MB", "-1"), ("DEMO_DATA", "maybe"),
                                        ("HTTPS", "2"), ("TRUSTED_PROXIES", "one")])
def test_a_value_that_cannot_be_read_is_refused_by_name(env, value):
    with pytest.raises(UserError) as caught:
        from_env({env: value})
    assert env in caught.value.message_zh and env in caught.value.message_en and value in caught.value.message_zh


def test_the_command_line_refuses_a_bad_setting_without_a_traceback():
    import os

    done = subprocess.run([sys.executable, "app.py", "init-db"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PORT": "abc", "INSTANCE_PATH": "/nonexistent/never"})
    assert done.returncode == 2 and "PORT" in done.stderr and "Traceback" not in done.stderr


def test_no_module_reads_a_setting_from_the_environment_itself():
    """Defaults written twice drift apart: only server/settings.py reads the table's variables."""
    names = {s.env for s in SETTINGS}
    found = []
    for package in ("app.py", "server", "data", "layouts", "indicators", "texts"):
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).is_dir() else [ROOT / package]:
            if path == ROOT / "server" / "settings.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in names:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert found == []
