"""`python app.py user ...` and the first-run accounts: passwords printed once, stored only as hashes."""
import io
import re

import pytest
from sqlalchemy import select

from data import schema
from data.db import make_engine
from server.cli import run

from auth_helpers import login, make_app


@pytest.fixture
def cli_env(monkeypatch, db_url, tmp_path):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("DEMO_DATA", "0")

    def cli(*args, stdin=None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return run(list(args))
    return cli


def test_user_commands(cli_env, capsys, db_url, settings_for):
    assert cli_env("user", "add", "li", "--role", "viewer", "--password-stdin", stdin="li-secret-123\n") == 0
    assert cli_env("user", "add", "wang", "--role", "uploader,approver", "--role", "viewer") == 0
    out = capsys.readouterr().out
    generated = re.search(r"初始密码：(\S+)", out).group(1)
    assert "li-secret-123" not in out
    assert cli_env("user", "role", "li", "--role", "admin") == 0
    assert cli_env("user", "passwd", "li", "--password-stdin", stdin="li-secret-456\n") == 0
    assert cli_env("user", "disable", "wang") == 0
    assert cli_env("user", "list") == 0
    listing = capsys.readouterr().out
    assert "li" in listing and "uploader" in listing and "停用" in listing and "scrypt" not in listing
    assert cli_env("user", "add", "zhao", "--role", "root") == 2  # a UserError, printed in Chinese

    engine = make_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = {r.username: r for r in conn.execute(select(schema.users))}
        dump = " ".join(str(v) for table in (schema.users, schema.audit_log)
                        for r in conn.execute(select(table)) for v in r)
    engine.dispose()
    assert rows["li"].roles == "admin" and not rows["li"].must_change_password
    assert rows["wang"].roles == "viewer,uploader,approver" and rows["wang"].must_change_password
    assert not rows["wang"].active
    for secret in ("li-secret-123", "li-secret-456", generated):
        assert secret not in dump

    app = make_app(settings_for(db_url, demo=False))
    assert login(app.server.test_client(), "li", "li-secret-456").headers["Location"] == "/"


def test_token_commands(cli_env, capsys):
    cli_env("user", "add", "li", "--role", "viewer", "--password-stdin", stdin="li-secret-123\n")
    assert cli_env("user", "token", "create", "li", "--name", "nightly") == 0
    out = capsys.readouterr().out
    token = re.search(r"(cst_\S+)", out).group(1)
    token_id = int(re.search(r"令牌编号 (\d+)", out).group(1))
    assert cli_env("user", "token", "list") == 0
    listing = capsys.readouterr().out
    assert "nightly" in listing and "有效" in listing and token not in listing
    assert cli_env("user", "token", "revoke", str(token_id)) == 0
    cli_env("user", "token", "list", "li")
    assert "已撤销" in capsys.readouterr().out


def test_first_run_creates_an_admin_once(db_url, settings_for, capsys):
    app = make_app(settings_for(db_url, demo=False))
    out = capsys.readouterr().out
    names = re.findall(r"用户名 (\S+)\s+初始密码 (\S+)", out)
    assert [n for n, _ in names] == ["admin"]
    password = names[0][1]
    make_app(settings_for(db_url, demo=False))
    assert "初始密码" not in capsys.readouterr().out  # never again
    client = app.server.test_client()
    assert login(client, "admin", password).headers["Location"] == "/account/password"
    engine = app.server.extensions["county_dashboard"].engine
    with engine.connect() as conn:
        stored = conn.execute(select(schema.users.c.password_hash)).scalar()
    assert password not in stored


def test_demo_mode_creates_one_account_per_role(db_url, settings_for, capsys):
    app = make_app(settings_for(db_url, demo=True))
    names = dict(re.findall(r"用户名 (\S+)\s+初始密码 (\S+)", capsys.readouterr().out))
    assert set(names) == {"admin", "demo-viewer", "demo-uploader", "demo-approver"}
    assert len(set(names.values())) == 4
    engine = app.server.extensions["county_dashboard"].engine
    with engine.connect() as conn:
        roles = dict(conn.execute(select(schema.users.c.username, schema.users.c.roles)).all())
    assert roles == {"admin": "viewer,uploader,approver,admin", "demo-viewer": "viewer", "demo-uploader": "uploader",
                     "demo-approver": "approver"}


def test_no_password_is_hard_coded():
    """Every password the product creates comes from `secrets`; none is written in the source."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "server" / "auth"
    for path in src.rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"password\s*=\s*[\"'][^\"']+[\"']", text, re.I), path
