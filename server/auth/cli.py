"""`python app.py user add|passwd|role|disable|enable|list|token ...` — accounts from the command line."""
from __future__ import annotations
from typing import TYPE_CHECKING

import sys

from data.errors import UserError
from server.auth import tokens, users
from server.auth.passwords import generate_password

if TYPE_CHECKING:
    import argparse

ACTOR = "cli"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `user` (add, passwd, role, active, list, token create/revoke/list) to the CLI's subparsers."""
    p = sub.add_parser("user", help="manage accounts and API tokens")
    us = p.add_subparsers(dest="user_command", required=True)

    a = us.add_parser("add", help="create an account (a random password is printed unless --password-stdin)")
    a.add_argument("username")
    a.add_argument("--role", action="append", default=[], help="viewer|uploader|approver|admin; repeat or a,b")
    a.add_argument("--display-name", default="")
    a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    a.add_argument("--must-change", action="store_true", help="require a change at first login (always when generated)")
    a.set_defaults(func=_add)

    a = us.add_parser("passwd", help="set a password (a random one is printed unless --password-stdin)")
    a.add_argument("username")
    a.add_argument("--password-stdin", action="store_true")
    a.add_argument("--must-change", action="store_true")
    a.set_defaults(func=_passwd)

    a = us.add_parser("role", help="replace an account's roles")
    a.add_argument("username")
    a.add_argument("--role", action="append", required=True)
    a.set_defaults(func=_role)

    for name, active in (("disable", False), ("enable", True)):
        a = us.add_parser(name, help=f"{name} an account")
        a.add_argument("username")
        a.set_defaults(func=_active, active=active)

    a = us.add_parser("list", help="list accounts")
    a.set_defaults(func=_list)

    tk = us.add_parser("token", help="API tokens").add_subparsers(dest="token_command", required=True)
    a = tk.add_parser("create", help="create a token for a user (printed once)")
    a.add_argument("username")
    a.add_argument("--name", default="cli")
    a.set_defaults(func=_token_create)
    a = tk.add_parser("revoke", help="revoke a token by its number")
    a.add_argument("token_id", type=int)
    a.set_defaults(func=_token_revoke)
    a = tk.add_parser("list", help="list tokens (never the tokens themselves)")
    a.add_argument("username", nargs="?")
    a.set_defaults(func=_token_list)


def _engine():
    from server.cli import store_engine

    return store_engine()[0]


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """(password, generated?)"""
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UserError("标准输入中没有密码", "No password on standard input")
        return line, False
    return generate_password(), True


def _add(args: argparse.Namespace) -> int:
    password, generated = _password(args)
    with _engine().begin() as conn:
        user = users.create(conn, args.username, password, args.role or ["viewer"], actor=ACTOR,
                            display_name=args.display_name, must_change_password=generated or args.must_change)
    print(f"已创建用户 {user.username}（角色：{','.join(user.roles)}）")
    if generated:
        print(f"初始密码：{password}（只显示这一次，首次登录须修改）")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    password, generated = _password(args)
    with _engine().begin() as conn:
        users.set_password(conn, args.username, password, actor=ACTOR,
                           must_change_password=generated or args.must_change)
    print(f"已设置用户 {args.username} 的密码")
    if generated:
        print(f"新密码：{password}（只显示这一次，登录后须修改）")
    return 0


def _role(args: argparse.Namespace) -> int:
    with _engine().begin() as conn:
        roles = users.set_roles(conn, args.username, args.role, actor=ACTOR)
    print(f"用户 {args.username} 的角色：{','.join(roles)}")
    return 0


def _active(args: argparse.Namespace) -> int:
    with _engine().begin() as conn:
        users.set_active(conn, args.username, args.active, actor=ACTOR)
    print(f"用户 {args.username} 已{'启用' if args.active else '停用'}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with _engine().connect() as conn:
        rows = users.list_users(conn)
    print(f"{'用户名':<16}{'角色':<32}{'状态':<6}{'须改密码':<8}最近登录")
    for r in rows:
        last = r["last_login_at"].strftime("%Y-%m-%d %H:%M") if r["last_login_at"] else "—"
        print(f"{r['username']:<16}{r['roles']:<32}{'启用' if r['active'] else '停用':<6}"
              f"{'是' if r['must_change_password'] else '否':<8}{last}")
    return 0


def _token_create(args: argparse.Namespace) -> int:
    with _engine().begin() as conn:
        token_id, token = tokens.create(conn, args.username, args.name, actor=ACTOR)
    print(f"令牌编号 {token_id}（只显示这一次）：")
    print(token)
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    with _engine().begin() as conn:
        tokens.revoke(conn, args.token_id, actor=ACTOR)
    print(f"令牌 {args.token_id} 已撤销")
    return 0


def _token_list(args: argparse.Namespace) -> int:
    with _engine().connect() as conn:
        rows = tokens.list_tokens(conn, args.username)
    for r in rows:
        state = "已撤销" if r["revoked_at"] else "有效"
        print(f"{r['id']:>5}  {r['username']:<16}{r['name']:<24}{state}")
    return 0
