"""Query-string parsing for the API and exports: every bad value becomes a 400 UserError."""
from __future__ import annotations
from typing import TYPE_CHECKING

import re
from datetime import date, datetime, timezone

from flask import request

from data.errors import UserError
from indicators.conventions import BUREAU_TZ, end_of_day

if TYPE_CHECKING:
    from collections.abc import Iterable

PERIOD_RE = re.compile(r"^[0-9]{4}(Q[1-4]|M(0[1-9]|1[0-2]))?$")   # ASCII digits only (\d takes ２０２５ too)
PERIOD_PATTERN = PERIOD_RE.pattern
# Dates without a zone are the bureau's local time (China Standard Time, no DST).


def many(name: str) -> list[str]:
    """?x=a,b and ?x=a&x=b both give [a, b]."""
    out: list[str] = []
    for raw in request.args.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
    return out


def one(name: str, default: str | None = None) -> str | None:
    """Query parameter `name` stripped, or `default` when it is missing or blank."""
    v = request.args.get(name)
    return default if v is None or v.strip() == "" else v.strip()


def choice(name: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    """Query parameter `name`, which must be one of `allowed` (`default` when missing).

    Raises UserError (400, zh/en) naming the allowed values.
    """
    v = one(name, default)
    if v is not None and v not in allowed:
        raise UserError(f"参数 {name} 只能取 {'、'.join(allowed)}", f"{name} must be one of {', '.join(allowed)}")
    return v


def integer(name: str, default: int, lo: int, hi: int) -> int:
    """Query parameter `name` as an int in [lo, hi] (`default` when missing).

    Raises UserError (400) when it is not an integer or out of range.
    """
    v = one(name)
    if v is None:
        return default
    try:
        n = int(v)
    except ValueError:
        raise UserError(f"参数 {name} 应为整数", f"{name} must be an integer") from None
    if not lo <= n <= hi:
        raise UserError(f"参数 {name} 应在 {lo} 到 {hi} 之间", f"{name} must be between {lo} and {hi}")
    return n


def boolean(name: str) -> bool | None:
    """Query parameter `name` as a bool: 1/true/yes, 0/false/no (any case); None when missing.

    Raises UserError (400) for any other value.
    """
    v = one(name)
    if v is None:
        return None
    if v.lower() in ("1", "true", "yes"):
        return True
    if v.lower() in ("0", "false", "no"):
        return False
    raise UserError(f"参数 {name} 应为 true 或 false", f"{name} must be true or false")


def within_reported() -> bool:
    """在已报单位中排名: ?within=1, or ?within_reported=1 (the name the responses carry the choice under);
    both given and different is a 400."""
    a, b = boolean("within"), boolean("within_reported")
    if a is not None and b is not None and a != b:
        raise UserError("参数 within 与 within_reported 不一致", "within and within_reported disagree")
    return bool(a if a is not None else b)


def codes(name: str, known: Iterable[str]) -> list[str]:
    """The codes given in query parameter `name` (repeatable, comma-separated), each of them in `known`.

    Raises UserError (400) naming up to five unknown codes.
    """
    values = many(name)
    unknown = [v for v in values if v not in known]
    if unknown:
        raise UserError(f"未知的{_LABEL_ZH.get(name, name)}代码：{'、'.join(unknown[:5])}",
                        f"Unknown {name} code(s): {', '.join(unknown[:5])}")
    return values


_LABEL_ZH = {"region": "地区", "indicator": "指标", "group": "比较组", "parent": "上级地区"}


def periods(name: str = "period") -> list[str]:
    """The period labels in query parameter `name` (2023, 2023Q3, 2023M09; repeatable, comma-separated).

    Raises UserError (400) naming up to five malformed labels.
    """
    values = many(name)
    bad = [v for v in values if not PERIOD_RE.match(v)]
    if bad:
        raise UserError(f"期别格式应为 2023、2023Q3 或 2023M09：{'、'.join(bad[:5])}",
                        f"Periods look like 2023, 2023Q3 or 2023M09: {', '.join(bad[:5])}")
    return values


def as_of(name: str = "as_of") -> datetime | None:
    """A date (end of that day, local time) or an ISO date-time; returned in UTC."""
    v = one(name)
    if v is None:
        return None
    try:
        if len(v) == 10:
            moment = end_of_day(date.fromisoformat(v))
        else:
            moment = datetime.fromisoformat(v.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=BUREAU_TZ)
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise UserError(f"参数 {name} 应为日期（如 2024-05-28）", f"{name} must be a date such as 2024-05-28") from None
