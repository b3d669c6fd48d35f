"""`python app.py user-regions NAME [CODE...]`, `python app.py user-email NAME [ADDRESS]` and
`python app.py rounds [PERIOD]` (who has reported, as JSON with --json)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import json

if TYPE_CHECKING:
    import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `user-regions` (bind an uploader to region codes), `user-email` (where notifications go)
    and `rounds` (a period's reporting round, overdue units) to the CLI.
    """
    p = sub.add_parser("user-regions", help="bind an uploader account to regions (no codes: show; --clear: unbind)")
    p.add_argument("username")
    p.add_argument("codes", nargs="*", metavar="CODE", help="GB/T 2260 region codes")
    p.add_argument("--clear", action="store_true")
    p.set_defaults(func=_regions)
    p = sub.add_parser("user-email", help="set (or with no address, remove) where an account's notifications are e-mailed")
    p.add_argument("username")
    p.add_argument("email", nargs="?", default="")
    p.set_defaults(func=_email)
    p = sub.add_parser("rounds", help="the reporting round of a period: each unit's state, overdue units")
    p.add_argument("period", nargs="?", default=None, help="e.g. 2026Q3 (default: the latest quarter that has ended)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--deadline-days", type=int, default=None,
                   help="set the deadline: this many days after a period ends (default 15)")
    p.add_argument("--notify", action="store_true",
                   help="tell the uploaders bound to each overdue unit, once per unit and period (for a daily "
                        "scheduled job; page views never notify)")
    p.set_defaults(func=_rounds)


def _regions(args: argparse.Namespace) -> int:
    from data.db import reading
    from data.workflow import scopes
    from server.cli import store_engine

    engine, _ = store_engine()
    if args.codes or args.clear:
        with engine.begin() as conn:
            codes = scopes.set_regions(conn, args.username, [] if args.clear else args.codes, actor="cli")
    else:
        with reading(engine) as conn:
            codes = scopes.regions_of(conn, args.username) or []
    print(f"{args.username}: {'、'.join(codes) if codes else '不限地区'}")
    return 0


def _email(args: argparse.Namespace) -> int:
    from data.workflow import notify
    from server.cli import store_engine

    engine, _ = store_engine()
    with engine.begin() as conn:
        notify.set_email(conn, args.username, args.email, actor="cli")
    print(f"{args.username}: {args.email or '不发送邮件'}")
    return 0


def _rounds(args: argparse.Namespace) -> int:
    from data.db import reading
    from data.workflow.periods import latest_ended
    from figures.rounds import round_group, round_state
    from server.cli import store_engine
    from texts.i18n import period_name, t

    engine, settings = store_engine()
    if args.deadline_days is not None:
        from data import store
        from data.errors import UserError

        if not 0 <= args.deadline_days <= 366:
            raise UserError("截止天数应在 0–366 之间", "Deadline days must be 0–366")
        with engine.begin() as conn:
            store.set_setting(conn, "report_deadline_days", str(args.deadline_days))
            store.audit(conn, "cli", "rounds.deadline_days", "", {"days": args.deadline_days})
    period = args.period or latest_ended("Q")
    with reading(engine) as conn:
        group = round_group(conn, settings.home_region, settings.group_city)
        st = round_state(conn, period, group)
    units = st["unit_states"]
    notified = None
    if args.notify:
        from data.workflow import notify

        with engine.begin() as conn:   # a round's period as officials write it (2026年1—3季度), never 第3季度
            notified = notify.notify_overdue(conn, st, period_name)
        notify.send_pending(engine, settings.smtp_url, settings.smtp_from)
    if args.json:
        print(json.dumps({"period": period, "deadline": st["deadline"].isoformat(), "reported": st["reported"],
                          "expected": st["expected"], "overdue": st["overdue"],
                          "units": units.to_dict("records"), "notified": notified}, ensure_ascii=False, indent=1))
        return 0
    print(f"{period_name(period, 'zh')} 本期已报 {st['reported']}/{st['expected']}（截止日期 {st['deadline']}）")
    if notified is not None:
        print(f"  已通知逾期单位的填报人员：{notified} 条")
    for r in units.itertuples():
        print(f"  {r.name}\t{t(f'wf.round.{r.state}', 'zh')}\t已发布 {r.published}/{r.total}")
    return 0
