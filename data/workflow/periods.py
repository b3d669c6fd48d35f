"""When a period ends, when its figures are due, and which period is expected next.

Dates are the bureau's calendar dates (China Standard Time, UTC+8): a quarter ends on its last day and
may be submitted from the next day on. The deadline defaults to the 15th day after the period ends
(app setting `report_deadline_days`, issue 14).
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

from indicators.conventions import BUREAU_TZ

from indicators.periods import parse_period, period_label

CST = BUREAU_TZ  # the one definition of the bureau's time zone
DEFAULT_DEADLINE_DAYS = 15


def today_cst(now: datetime | None = None) -> date:
    """Today's date in China (the server may run on UTC)."""
    return (now or datetime.now(timezone.utc)).astimezone(CST).date()


def period_end(period: str) -> date:
    """Last day of a period: "2026Q3" -> 2026-09-30; "2026" -> 2026-12-31; "2026M02" -> 2026-02-28.
    Raises ValueError for a label that is not a period."""
    year, sub, kind = parse_period(period)
    month = 12 if kind == "Y" else sub * 3 if kind == "Q" else sub
    return date(year, month, calendar.monthrange(year, month)[1])


def has_ended(period: str, today: date | None = None) -> bool:
    """True when the period's last day is before today (China's date by default): a period ending today has
    not ended yet."""
    return period_end(period) < (today or today_cst())


def deadline(period: str, days: int = DEFAULT_DEADLINE_DAYS) -> date:
    """The day by which figures for `period` are due (inclusive)."""
    return period_end(period) + timedelta(days=int(days))


def latest_ended(kind: str, today: date | None = None) -> str:
    """The most recent period of `kind` ("Y", "Q", "M") that has ended by `today`."""
    today = today or today_cst()
    if kind == "Y":
        return period_label(today.year - 1, 0, "Y")
    if kind == "Q":
        q = (today.month - 1) // 3  # quarters fully past this year
        return period_label(today.year, q, "Q") if q else period_label(today.year - 1, 4, "Q")
    m = today.month - 1
    return period_label(today.year, m, "M") if m else period_label(today.year - 1, 12, "M")


def next_period(period: str) -> str:
    year, sub, kind = parse_period(period)
    if kind == "Y":
        return period_label(year + 1, 0, "Y")
    last = 4 if kind == "Q" else 12
    return period_label(year + 1, 1, kind) if sub == last else period_label(year, sub + 1, kind)


def previous_period(period: str) -> str:
    year, sub, kind = parse_period(period)
    if kind == "Y":
        return period_label(year - 1, 0, "Y")
    last = 4 if kind == "Q" else 12
    return period_label(year - 1, last, kind) if sub == 1 else period_label(year, sub - 1, kind)
