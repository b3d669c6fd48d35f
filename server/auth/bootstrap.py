"""First run: with no accounts at all, create an administrator (and, in demo mode, one account per role).

The random passwords are printed once, here, and stored only as hashes; each must be changed at first login.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import logging

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from server.auth import users
from server.auth.passwords import generate_password
from server.auth.roles import APPROVER, ROLES, UPLOADER, VIEWER

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)
DEMO_ACCOUNTS = (("demo-viewer", VIEWER, "示例查看账号"), ("demo-uploader", UPLOADER, "示例上传账号"),
                 ("demo-approver", APPROVER, "示例审核账号"))


def ensure_first_accounts(engine: Engine, *, demo: bool, out: Callable[[str], object] = print) -> dict[str, str]:
    """Returns {username: password} of the accounts created now (empty when users already exist)."""
    created: dict[str, str] = {}
    try:
        with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE; PostgreSQL: the unique name decides
            if users.count(conn):
                return {}
            # the first administrator holds every role: a newcomer can upload and review at once (another
            # account must still publish what they submit: maker-checker)
            wanted = [("admin", list(ROLES), "系统管理员")] + \
                [(n, [r], d) for n, r, d in DEMO_ACCOUNTS if demo]
            for name, roles, display in wanted:
                password = generate_password()
                users.create(conn, name, password, roles, actor="system", display_name=display,
                             must_change_password=True)
                created[name] = password
    except IntegrityError:  # another worker created them first
        return {}
    except (OperationalError, ProgrammingError) as exc:  # no users table: the database was not bootstrapped
        log.warning("accounts not bootstrapped: %s", exc.__class__.__name__)
        return {}
    lines = ["", "=" * 60, "首次启动：已创建以下账号（初始密码只显示这一次，首次登录须修改）："]
    lines += [f"  用户名 {name:<16} 初始密码 {pw}" for name, pw in created.items()]
    lines += ["=" * 60, ""]
    out("\n".join(lines), flush=True)
    return created
