"""`python app.py import FILE... [--dry-run] [--json] [--publish]` and `python app.py import-mappings`.

Exit status: 0 when the files import cleanly, 1 when the report has errors (nothing is written).
Without --publish the figures become a submitted revision for an approver (maker–checker).
--publish --approver NAME is the server operator's shortcut: the revision is made and submitted by "cli"
and published at once in the name of NAME, an active account holding the approver role. Maker–checker
holds here too (data.store): two distinct people are recorded, and --publish without --approver is refused.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import json
import os
import sys
from pathlib import Path

if TYPE_CHECKING:
    from data.errors import UserError
    from data.imports.service import ImportResult
    from sqlalchemy.engine import Engine
    from typing import TextIO
    import argparse

CLI_USER = "cli"


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `import FILE...` (validate, preview, submit, or publish with --approver; --dry-run,
    --json) and `import-mappings` (the remembered import mappings) to the CLI.
    """
    p = sub.add_parser("import", help="import Excel/CSV files: validate, preview, submit (or publish)")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="validate and preview only; write nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON (errors, warnings, counts)")
    p.add_argument("--publish", action="store_true",
                   help="publish at once (needs --approver: maker 'cli', checker the named approver)")
    p.add_argument("--approver", default=None, metavar="USER",
                   help="with --publish: the approver account the publication is recorded under")
    p.add_argument("--note", default=None, help="a note stored with the revision")
    p.add_argument("--user", default=None, help="submit as this account: its region scope applies "
                   "(and --publish is refused: nobody publishes their own batch)")
    p.add_argument("--list-mappings", action="store_true", help="list remembered header/row mappings")
    p.add_argument("--include-hidden", action="store_true",
                   help="also read hidden sheets, rows and columns (left out by default, with a warning)")
    p.set_defaults(func=_import)
    p = sub.add_parser("import-mappings", help="list remembered import mappings (per layout signature)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_mappings)


def _engine_and_settings():
    from server.cli import store_engine

    return store_engine()


def _mappings(args: argparse.Namespace) -> int:
    from data.db import reading
    from data.imports.service import list_mappings

    engine, _ = _engine_and_settings()
    with reading(engine) as conn:
        df = list_mappings(conn)
    if getattr(args, "json", False):
        print(json.dumps(df.astype(str).to_dict("records"), ensure_ascii=False, indent=1))
    elif df.empty:
        print("暂无已记住的映射")
    else:
        for r in df.itertuples():
            print(f"{r.layout}\t{r.kind}\t{r.label}\t→ {r.code}\t({r.created_by})")
    return 0


def _import(args: argparse.Namespace) -> int:
    from data import store
    from data.db import reading
    from data.errors import UserError
    from data.imports import service
    from texts.i18n import batch_file_name

    if args.list_mappings:
        return _mappings(args)
    if not args.files:
        raise UserError("请指定要导入的文件", "Give at least one file")
    engine, settings = _engine_and_settings()
    user = CLI_USER
    if args.user:
        from server.auth import users

        if args.publish:
            raise UserError("以具体账号提交时不能直接发布（制单与审核分离）", "--user cannot be combined with --publish")
        with reading(engine) as conn:
            account = users.require(conn, args.user)
        if not account.active or "uploader" not in account.roles:
            raise UserError(f"账号 {args.user} 没有“上传”角色或已停用", f"{args.user} is not an active uploader", status=403)
        user = account.username
    if args.publish and not args.dry_run:
        _check_approver(engine, args.approver)
    limit = settings.max_upload_mb * 1024 * 1024
    files, refused = [], []
    for f in args.files:
        name, data, size = read_within(Path(f), limit)
        if isinstance(data, UserError):
            refused.append((name, size, data))
        else:
            files.append((name, data))
    with reading(engine) as conn:
        result = service.analyse(conn, files, home_region=settings.home_region, max_bytes=limit,
                                 include_hidden=args.include_hidden, refused=refused, file_label=batch_file_name, user=user)
    report = result.report()
    # The same report the API gives: errors, warnings, and the preview (old -> new per key, the cell
    # accounting and the skipped structure rows).
    out = {"ok": result.errors.empty and not result.obs.empty, "counts": result.counts(),
           "errors": report["errors"], "warnings": report["warnings"],
           "unmatched": result.unmatched, "preview": report["preview"],
           "revision": None, "status": "dry-run" if args.dry_run else None}
    if result.errors.empty and not args.dry_run and not result.obs.empty:
        with engine.begin() as conn:
            rev = service.stage(conn, result, user, submit=True, note=args.note, file_label=batch_file_name)
            if args.publish:
                store.publish(conn, rev, args.approver, comment="命令行直接发布")
        out["revision"], out["status"] = rev, "published" if args.publish else "submitted"
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    else:
        _print_report(result, out)
    return 0 if result.errors.empty and not result.obs.empty else 1


def read_within(path: Path, limit: int) -> tuple[str, bytes | UserError, int]:
    """(name, bytes, size) of a file of at most `limit` bytes, or (name, UserError, size) for a larger one,
    which is refused from its size alone: never read whole (the size is taken from the open file, and at
    most limit + 1 bytes are ever read, so a file growing meanwhile is refused too). UserError when there
    is no such file."""
    from data.errors import UserError
    from data.imports.sniff import too_big

    if not path.is_file():
        raise UserError(f"找不到文件：{path}", f"File not found: {path}")
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            return path.name, too_big(path.name, size, limit), size
        data = fh.read(limit + 1)
    if len(data) > limit:
        return path.name, too_big(path.name, max(len(data), size), limit), max(len(data), size)
    return path.name, data, len(data)


def _check_approver(engine: Engine, name: str | None) -> None:
    """--publish needs a second person: an active account with the approver role, not the maker "cli"."""
    from sqlalchemy import select

    from data import schema as t
    from data.errors import UserError

    if not name:
        raise UserError("--publish 须用 --approver 指定发布人（具有审核角色的账号），制单与审核须为两个人",
                        "--publish needs --approver NAME (an account with the approver role): maker and checker "
                        "must be two people")
    u = t.users.c
    with engine.connect() as conn:
        row = conn.execute(select(u.roles, u.active).where(u.username == name)).first()
    if name == CLI_USER or row is None or not row.active or "approver" not in (row.roles or "").split(","):
        raise UserError(f"--approver {name}：不是启用中的审核人账号", f"--approver {name}: not an active approver account")


def _print_report(result: ImportResult, out: TextIO) -> None:
    c = out["counts"]
    print(f"共 {c['rows']} 个数值；错误 {c['errors']} 个，警告 {c['warnings']} 个")
    print(f"预览：新增 {c.get('added', 0)}，修改 {c.get('changed', 0)}，不变 {c.get('unchanged', 0)}，"
          f"未涉及 {c.get('untouched', 0)}")
    cells = c.get("cells") or {}
    if cells:
        from texts.i18n import t

        print(t("upload.cells", "zh", **{k: cells[k] for k in ("total", "imported", "structure", "refused")}))
    for s in result.preview.get("skipped", [])[:50]:
        print(f"  跳过 {s['sheet']} 第{s['row']}行：{s['reason_zh']}")
    for title, df in (("错误", result.errors), ("警告", result.warnings)):
        if df.empty:
            continue
        print(f"\n【{title}】")
        for r in df.itertuples():
            # only what the problem has: a file-level one (duplicate upload, no values) names no sheet, cell or value
            where = f"{r.file} {r.sheet}!{r.cell}" if r.sheet or r.cell else str(r.file)
            label = " / ".join(x for x in (r.row_label, r.col_label) if x)
            value = f"值「{r.value}」" if r.value not in ("", None) else ""
            fix = f"{r.fix_zh}" if r.fix_zh else ""
            print("  " + "  ".join(x for x in (where.strip(), label, value, f"{r.message_zh}。{fix}") if x))
    changed = result.preview.get("changed")
    if changed is not None and len(changed):
        print("\n【修改（原值 → 新值）】")
        for r in changed.head(30).itertuples():
            print(f"  {r.indicator} {r.region} {r.period}{' 累计' if r.is_ytd else ''}: {r.old} → {r.new}")
    if out["revision"]:
        state = "已发布" if out["status"] == "published" else "已提交待审核"
        print(f"\n修订 {out['revision']} {state}")
    elif out["status"] == "dry-run":
        print("\n（试运行：未写入任何数据）")
    elif c["errors"]:
        print("\n存在错误，未写入任何数据。", file=sys.stderr)
