"""Conventions fixed once for the whole product: money units and the bureau's clock.

- ``MONEY_IN_YUAN``: every money unit a figure or a spreadsheet header may carry → its size in 元
  (万元 = 10,000元, 亿元 = 10,000万元). The catalogue stores money in 元, 万元 or 亿元.
- ``MONEY_UNITS``: those units, smallest first; ``WAN_EXPONENT``: each as a power of ten of 万元.
- ``BUREAU_TZ``: China Standard Time (UTC+8, no daylight saving since 1991). "Published as of D" means the end of
  day D on this clock; export footers and API dates use it.
"""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta, timezone

MONEY_IN_YUAN: dict[str, float] = {"元": 1.0, "千元": 1e3, "万元": 1e4, "十万元": 1e5, "百万元": 1e6, "千万元": 1e7,
                                    "亿元": 1e8}
MONEY_UNITS: tuple[str, ...] = tuple(MONEY_IN_YUAN)
# Each money unit as a power of ten of 万元 (元: -4, 亿元: 4), for exact decimal scaling.
WAN_EXPONENT: dict[str, int] = {unit: round(math.log10(size / MONEY_IN_YUAN["万元"])) for unit, size in MONEY_IN_YUAN.items()}
BUREAU_TZ = timezone(timedelta(hours=8), "UTC+08:00")


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` on the bureau's clock: what "as published on D" reads."""
    return datetime.combine(day, time.max, tzinfo=BUREAU_TZ)


def start_of_day(day: date) -> datetime:
    """The first moment of ``day`` on the bureau's clock (a day's 00:00 in China is 16:00 UTC the day before)."""
    return datetime.combine(day, time.min, tzinfo=BUREAU_TZ)


def on_bureau_clock(moment: datetime) -> datetime:
    """A stored moment shown on the bureau's clock; a naive one is UTC (SQLite keeps UTC without its zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(BUREAU_TZ)
