"""When a period ends, when its figures are due, and which period is expected next.

Dates are the bureau's calendar dates (China Standard Time, UTC+8): a quarter ends on its last day and
may be submitted from the next day on. The deadline defaults to the 15th day after the period ends
(app setting `report_deadline_days`, issue 14).
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

from indicators.conventions import BUREAU_TZ
from indicators.periods import from_index, months_elapsed, parse_period, period_index, period_label, previous_period

CST = BUREAU_TZ  # the one definition of the bureau's time zone
DEFAULT_DEADLINE_DAYS = 15


def today_cst(now: datetime | None = None) -> date:
    """Today's date in China (the server may run on UTC)."""
    return (now or datetime.now(timezone.utc)).astimezone(CST).date()


def period_end(period: str) -> date:
    """Last day of a period: "2026Q3" -> 2026-09-30; "2026" -> 2026-12-31; "2026M02" -> 2026-02-28.
    Raises ValueError for a label that is not a period."""
    year, month = parse_period(period)[0], months_elapsed(period)
    return date(year, month, calendar.monthrange(year, month)[1])


def has_ended(period: str, today: date | None = None) -> bool:
    """True when the period's last day is before today (China's date by default): a period ending today has
    not ended yet."""
    return period_end(period) < (today or today_cst())


def has_begun(period: str, today: date | None = None) -> bool:
    """True when the period's first day is today or before (China's date by default): a round of a period not yet
    begun (2030, 2027Q1 in 2026) asks for figures nobody can have."""
    year, sub, kind = parse_period(period)
    first_month = {"Y": 1, "Q": 3 * sub - 2, "M": sub}[kind]
    return date(year, first_month, 1) <= (today or today_cst())


def deadline(period: str, days: int = DEFAULT_DEADLINE_DAYS) -> date:
    """The day by which figures for `period` are due (inclusive)."""
    return period_end(period) + timedelta(days=int(days))


def latest_ended(kind: str, today: date | None = None) -> str:
    """The most recent period of `kind` ("Y", "Q", "M") that has ended by `today`: the one before today's."""
    today = today or today_cst()
    sub = {"Y": 0, "Q": (today.month - 1) // 3 + 1, "M": today.month}[kind]
    return previous_period(period_label(today.year, sub, kind))


def comparable_previous(period: str, is_ytd: bool) -> str | None:
    """The previous period a figure is shown beside: None for a 累计 figure whose previous period lies in
    another year (2026Q1 累计 against 2025's 1—4季度 累计 would compare a quarter with a whole year)."""
    prev = previous_period(period)
    return None if is_ytd and parse_period(prev)[0] != parse_period(period)[0] else prev


def is_round_period(period: str) -> bool:
    """Whether `period` can be a reporting round: a quarter or a year (the periods the form and the round picker
    offer); a month never is (figures.rounds.round_state refuses it)."""
    try:
        return parse_period(period)[2] in ("Q", "Y")
    except ValueError:
        return False


def round_periods(current: str | None = None, today: date | None = None) -> list[str]:
    """The periods a round page offers, newest first: the last 8 quarters that have ended, then the last 2
    years; `current` (a period asked for by a link) first when it is not among them and can be a round."""
    quarters = [latest_ended("Q", today)]
    for _ in range(7):
        quarters.append(previous_period(quarters[-1]))
    year = latest_ended("Y", today)
    offered = [*quarters, year, previous_period(year)]
    return offered if current is None or current in offered or not is_round_period(current) else [current, *offered]


def next_period(period: str) -> str:
    """The period just after: 2026Q4 -> 2027Q1, 2026M12 -> 2027M01, 2025 -> 2026 (on indicators.periods' axis)."""
    year, sub, kind = parse_period(period)
    return period_label(*from_index(period_index(year, sub, kind) + 1, kind), kind)
