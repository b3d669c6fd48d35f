"""Read report periods out of Chinese titles, cells and codes.

"2024年1-6月" -> ("2024Q2", "Q", ytd=True); "2024年二季度" -> ("2024Q2", "Q", False);
"2023年度" -> ("2023", "Y", False); "2024年上半年" -> 2024Q2 累计; "2024年3月" -> 2024M03;
"1-3月" (year given elsewhere) -> 2024Q1 累计. Month ranges ending on a quarter become quarters.
"截至2024年9月底/末" -> 2024Q3 累计 (for flows; stocks take the figure at the end of 2024Q3, the
importer drops the 累计 flag for them); "截至2024年8月底" -> 2024M08 累计; "截至2024年底" -> 2024.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import re
import unicodedata
from dataclasses import dataclass

from indicators.periods import period_label

if TYPE_CHECKING:
    from collections.abc import Iterable

CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
          "十一": 11, "十二": 12, "两": 2}
_N = r"(\d{1,2}|十[一二]?|[一二三四五六七八九两])"
# A year written in Chinese numerals, digit by digit ("二〇二五年", "二○二五年" with the circle sign for 〇)
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = re.compile(r"(?<![〇○零一二三四五六七八九十])([一二][〇○零一二三四五六七八九]{3})年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_MONTH = re.compile(r"(?<![\d-])" + _N + r"\s*月(?:份)?")
_QUARTER = re.compile(r"(?:第)?([1-4一二三四])\s*季度")
_FIRST_N_Q = re.compile(r"前([二三两23])\s*(?:个)?季度")
_CODE = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:[-_ ]?\s*([QqMm])\s*(\d{1,2}))?\s*$")
_CODE_IN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:第)?([QqMm])(\d{1,2})(?!\d)")
# Any span of months ("7-9月", "1月-9月", "3至5月") and of quarters ("1—3季度", "一至三季度", "2-3季度").
_DASH = r"\s*[-~—–至到]\s*"
_MONTH_SPAN = re.compile(r"(?<![\d-])" + _N + r"\s*月?(?:份)?" + _DASH + _N + r"\s*月")
_QUARTER_SPAN = re.compile(r"(?:第)?([1-4一二三四])\s*(?:季度)?" + _DASH + r"(?:第)?([1-4一二三四])\s*季度")
# "2024年7月1日至9月30日": a span of dates, a period only from a month's first day to a month's last
_DAY_SPAN = re.compile(_N + r"\s*月(\d{1,2})日" + _DASH + r"(?:(?:19|20)\d{2}年)?" + _N + r"\s*月(\d{1,2})日")
# "截至2024年9月30日": an as-of date, a period end only on the month's last day.
_AS_OF_DAY = re.compile(r"(?:截至|截止|截止到|截止至|至)(?:((?:19|20)\d{2})年)?" + _N + r"\s*月(\d{1,2})日")
_AS_OF = re.compile(r"(?:截至|截止|截止到|截止至|至)" + r"(?:(?:19|20)\d{2}年)?" + _N + r"\s*月(?:份)?(?:底|末|末止|止)")
_AS_OF_YEAR = re.compile(r"(?:截至|截止|截止到|截止至)((?:19|20)\d{2})年(?:底|末|末止|度末)")
_YTD_WORDS = ("累计", "1-", "1～", "1~", "1—", "1至", "上半年", "前三季度", "前两季度", "前二季度")


@dataclass(frozen=True)
class Period:
    label: str | None      # None: a sub-year part was found but no year
    kind: str
    is_ytd: bool
    year: int | None = None
    sub: int = 0


def _num(s: str) -> int:
    return int(s) if s.isdigit() else CN_NUM[s]


def _months_ytd(months: int) -> tuple[str, int]:
    """The period a 1–`months`月 累计 ends: 12 -> the year, 3/6/9 -> the quarter, else the month."""
    if months == 12:
        return "Y", 0
    return ("Q", months // 3) if months % 3 == 0 else ("M", months)


def _span(first: int, last: int) -> tuple[str, int, bool] | None:
    """(kind, sub, 累计) of the months first..last: from January, 累计 to the last month; one whole quarter,
    that quarter; any other span (3-5月, a single month written as a span) None."""
    if first == 1 and last > 1:
        return (*_months_ytd(last), True)
    if last == first + 2 and last % 3 == 0:
        return "Q", last // 3, False
    return None


def _last_day(year: int | None, month: int) -> int:
    """The last day of a month (February: 29 in leap years; 28 when the year is unknown)."""
    import calendar

    return calendar.monthrange(year or 2023, month)[1]


def _valid_sub(kind: str, sub: int) -> bool:
    return (kind == "Q" and 1 <= sub <= 4) or (kind == "M" and 1 <= sub <= 12)


def parse_period(text: object, default_year: int | None = None) -> Period | None:
    """The period a piece of text names, or None. Years alone are annual; ranges from January are 累计."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(int(text)) if float(text).is_integer() else str(text)
    s = unicodedata.normalize("NFKC", str(text)).replace(" ", "")
    if not s:
        return None
    s = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT[ch]) for ch in m.group(1)) + "年", s)
    m = _CODE.match(s)
    if m:
        year = int(m.group(1))
        if not m.group(2):
            return Period(f"{year}", "Y", False, year)
        kind, sub = m.group(2).upper(), int(m.group(3))
        if _valid_sub(kind, sub):
            return Period(period_label(year, sub, kind), kind, False, year, sub)
        return None
    if (m := _CODE_IN.search(s)):
        kind, sub = m.group(2).upper(), int(m.group(3))
        if _valid_sub(kind, sub):
            year = int(m.group(1))
            return Period(period_label(year, sub, kind), kind, "累计" in s, year, sub)
    ym = _YEAR.search(s)
    year = int(ym.group(1)) if ym else default_year
    rest = s[ym.end():] if ym else s
    ytd_word = "累计" in s
    kind, sub, ytd = None, 0, False
    if (ds := _DAY_SPAN.search(s)):
        first, day0, last, day1 = _num(ds.group(1)), int(ds.group(2)), _num(ds.group(3)), int(ds.group(4))
        if not (1 <= first <= last <= 12) or day0 != 1 or day1 != _last_day(year, last):
            return None
        span = _span(first, last)
        if span is None:
            return None
        kind, sub, ytd = span
    elif (d := _AS_OF_DAY.search(s)):
        # the last day of a month is that month's end (as 月底); any other day is no period end: refused
        months, day = _num(d.group(2)), int(d.group(3))
        if not 1 <= months <= 12 or day != _last_day(year, months):
            return None
        ytd = True
        kind, sub = _months_ytd(months)
    elif (a := _AS_OF.search(s)):
        months, ytd = _num(a.group(1)), True
        if not 1 <= months <= 12:
            return None
        kind, sub = _months_ytd(months)
    elif _AS_OF_YEAR.search(s):
        kind = "Y"
    elif (r := _MONTH_SPAN.search(rest)):
        # from January: 累计 to the last month; one whole quarter (7-9月): that quarter; any other span of
        # months (3-5月) is no period we store: refused rather than read as its first or last month
        first, last = _num(r.group(1)), _num(r.group(2))
        span = _span(first, last) if 1 <= first <= last <= 12 else None
        if span is None:
            return None
        kind, sub, ytd = span
    elif (qs := _QUARTER_SPAN.search(rest)):
        # "1—3季度" (the official 累计 label) and "一至三季度": 累计 to the last quarter; "2-3季度": refused
        first, last = _num(qs.group(1)), _num(qs.group(2))
        if first != 1 or not 1 < last <= 4:
            return None
        ytd = True
        kind, sub = ("Y", 0) if last == 4 else ("Q", last)
    elif "上半年" in rest:
        kind, sub, ytd = "Q", 2, True
    elif "下半年" in rest:
        return None  # a half-year flow that is not 累计 has no period code here
    elif (q := _FIRST_N_Q.search(rest)):
        kind, sub, ytd = "Q", _num(q.group(1)), True
    elif (q := _QUARTER.search(rest)):
        kind, sub = "Q", _num(q.group(1))
    elif (mm := _MONTH.search(rest)):
        months = _num(mm.group(1))
        if not 1 <= months <= 12:
            return None
        kind, sub = "M", months
    elif ym and re.search(r"(年度|年报|全年|年)", rest[:3] or s[ym.end():ym.end() + 3]):
        kind = "Y"
    elif ym and re.fullmatch(r"(?:19|20)\d{2}", s):
        kind = "Y"
    if kind is None:
        return None
    ytd = (ytd or ytd_word) and kind != "Y"
    if year is None:
        return Period(None, kind, ytd, None, sub)
    return Period(period_label(year, sub, kind), kind, ytd, year, sub)


def find_period(texts: Iterable[object], default_year: int | None = None) -> Period | None:
    """The first period found in a sequence of texts (title, 报告期 line, sheet name, file name)."""
    partial = None
    for text in texts:
        p = parse_period(text, default_year)
        if p is None:
            continue
        if p.label is not None:
            if partial is not None and p.kind == "Y" and partial.kind != "Y":
                # "2024年" in one place and "1-6月" in another: combine them.
                return Period(period_label(p.year, partial.sub, partial.kind), partial.kind, partial.is_ytd,
                              p.year, partial.sub)
            return p
        partial = partial or p
    return partial


YTD_TRUE = {"是", "y", "yes", "true", "1", "累计", "本年累计", "√", "ytd"}
YTD_FALSE = {"否", "n", "no", "false", "0", "当期", "当季", "当月", "本期"}


def parse_ytd_flag(value: object) -> bool | None:
    if value is None:
        return None
    s = unicodedata.normalize("NFKC", str(value)).strip().lower()
    if s in YTD_TRUE:
        return True
    if s in YTD_FALSE:
        return False
    return None

