"""Read report periods out of Chinese titles, cells and codes.

"2024年1-6月" -> ("2024Q2", "Q", ytd=True); "2024年二季度" -> ("2024Q2", "Q", False);
"2023年度" -> ("2023", "Y", False); "2024年上半年" -> 2024Q2 累计; "2024年3月" -> 2024M03;
"1-3月" (year given elsewhere) -> 2024Q1 累计. Month ranges ending on a quarter become quarters.
"截至2024年9月底/末" -> 2024Q3 累计 (for flows; stocks take the figure at the end of 2024Q3, the
importer drops the 累计 flag for them); "截至2024年8月底" -> 2024M08 累计; "截至2024年底" -> 2024; without 底/末
alike: "截至2024年9月", "截止到2024年9月", "到2024年9月为止", "截至2024年三季度" -> 2024Q3 累计.
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
_QUARTER = re.compile(r"(?:第)?([1-4一二三四])\s*季(?:度)?(?!报)")
_FIRST_N_Q = re.compile(r"前([二三两23])\s*(?:个)?季(?:度)?(?!报)")
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
# "截至2024年9月", "截止到三季度", "截至2024Q3", "到2024年9月为止" (no 底/末): as of the end of that month or quarter,
# 累计 to it for flows, like 截至…月底. The as-of word stands right before the period (a year between them); 至/到
# alone only with 止/为止 after it (至 and 到 also join the months of a span: 7月至9月).
_AS_OF_BEFORE = re.compile(r"(?:(截至到|截至|截止到|截止至|截止)|[至到])\s*(?:(?:19|20)\d{2}\s*年(?:度)?)?\s*$")
_AS_OF_AFTER = re.compile(r"^\s*(?:为止|止)")
# an as-of word the reading did not take ("截至9月20", a year away from the period): the phrase is not understood
_AS_OF_LEFT = re.compile(r"截至|截止|为止")
# Words that name (part of) a period: a text holding one that the reading below did not take is not understood
# (refused, never read as the part it understood). "季报"/"月报" alone name no period.
_PERIOD_WORD = re.compile(r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九两元])\s*(?:个)?月|(?:[1-4]|[一二三四两])\s*季|半年"
                          r"|(?<![A-Za-z])[Qq]\s*[1-4](?!\d)|(?<!\d)[1-4]\s*[Qq](?![A-Za-z])|全年|[上中下]旬|\d{1,2}\s*日"
                          r"|(?<![当本])季(?![报节])|\|\s*" + _N + _DASH + _N + r"(?!\d)")
# (the last two: a quarter word the reading did not take (III季度); a span of numbers right after the year
# without 月 (2024年1-9, 2024年1至9): in parse_period's leftover the year stands as "|")
# Quarters listed (一、二、三季度, 1、2、3季度): several quarters, never the last one alone; not understood.
_QUARTER_LIST = re.compile(r"(?:第)?[1-4一二三四]\s*(?:季度?)?\s*[、，,和及]\s*(?:第)?[1-4一二三四]\s*(?:季度?)?"
                           r"(?:\s*[、，,和及]\s*(?:第)?[1-4一二三四])*\s*季")
# What makes a line above a table a period phrase that must be understood: not a duration ("3个月内") nor a
# deadline day ("季后10日内报送"), which notes and form headers carry.
_MENTION = re.compile(r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九两元])\s*月(?!内|以内|后|之内)|(?:[1-4]|[一二三四两])\s*季|半年"
                      r"|(?<![A-Za-z])[Qq]\s*[1-4](?!\d)|(?<!\d)[1-4]\s*[Qq](?![A-Za-z])|全年")
# An issue, batch, week or round number after a year ("2024年第9期", "总第125期", "2024年第一批", "2024年第36周",
# "2024年度第三次调度") and "as of now" (截至目前, 至今): the table is one issue's, one batch's, one week's or one
# round's, or as of an unstated day; never the year's figures (breaker6 A4). A batch's or a week's figures are no
# period's whatever months stand beside them; an issue's or a round's number only leaves the period unsaid, which a
# phrase naming the months (2024年第9期（1-9月）) says.
_ISSUE = re.compile(r"(?:总)?第\s*[\d一二三四五六七八九十百零〇两]+\s*(期|批|周|轮|次(?!全国|经济普查|全国经济普查|普查))"
                    r"|(?:(?<=年)|(?<=\|))\s*\d{1,3}\s*期")   # 2024年9期: a 月报's issue without 第; 第四次全国经济普查 is no round
_AS_OF_NOW = re.compile(r"(?:截至|截止|截止到|截至到)\s*(?:目前|当前|现在|今|今日|当日)|至今|迄今|当前|目前"
                        r"|(?:(?<=年)|(?<=\|))\s*以来")   # 2024年以来 (not “十四五”以来, a plan's span before a period)


def issue_word(text: object) -> str | None:
    """The issue, batch, week or round number (第9期, 总第125期, 第一批, 第36周, 第三次) or the "as of now" word
    (截至目前, 至今) a text holds, or None: with a year beside it such a text names no period (parse_period)."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text)).replace(" ", "")
    m = _AS_OF_NOW.search(s) or _ISSUE.search(s)
    return m.group(0) if m else None


# Other spellings of the same periods, rewritten before reading: 元月 (January), 前9个月 (1-9月), 半年报 (上半年),
# 3Q / Q3 (第3季度).
_SYNONYMS = (
    (re.compile(r"(?<![万亿千百美欧日港])元(?=\s*(?:月|[-~—–至到]))"), "1"),
    (re.compile(r"前" + _N + r"\s*个\s*月"), r"1-\1月"),
    (re.compile(r"(?<=年)半年(?:报|度)?|(?<![上下前后近])半年(?:报|度)"), "上半年"),
    (re.compile(r"(?<![A-Za-z\d])(?:[Qq]([1-4])|([1-4])[Qq])(?![A-Za-z\d])"), lambda m: f"第{m.group(1) or m.group(2)}季度"),
    # Roman numerals of a quarter (Ⅲ季度 is III季度 once NFKC-normalised): 第3季度
    (re.compile(r"(?<![A-Za-z])(IV|III|II|I)\s*(?=季)"), lambda m: f"第{_ROMAN[m.group(1)]}"),
)
# Words saying a text's figures are a month's or a quarter's without saying which (a monthly or quarterly report, a
# breakdown by month or quarter): with a year alone they name no period, never the year (br10)
_PARTS_OF_YEAR = re.compile(r"月报|季报|月度|(?:各|分|逐|每|按)\s*(?:个)?(?:月|季)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_WHOLE_YEAR_ALONE = re.compile(r"全年(?:数|累计)?")   # 全年 with no year: the year a caller knows (default_year)
_YTD_WORDS = ("累计", "1-", "1～", "1~", "1—", "1至", "上半年", "前三季度", "前两季度", "前二季度")


@dataclass(frozen=True)
class Period:
    label: str | None      # None: a sub-year part was found but no year
    kind: str
    is_ytd: bool
    year: int | None = None
    sub: int = 0
    said_year: bool = False   # kind "Y" said as the whole year (2024年度, 全年, 1-12月), not only which year (2024年)


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


def _as_of(s: str, used: tuple[int, int]) -> tuple[int, int] | None:
    """The span of `s` holding the period read at `used` together with an as-of word right before it (截至, 截止,
    截止到; 至/到 only with 止/为止 after the period) and a 止/为止 after it; None when no as-of word stands there."""
    b = _AS_OF_BEFORE.search(s[:used[0]])
    if b is None or re.match(r"\s*\d", s[used[1]:]):
        return None   # "截至9月20": a day without 日, no month's end
    a = _AS_OF_AFTER.match(s[used[1]:])
    if b.group(1) is None and a is None:
        return None
    return b.start(), used[1] + (a.end() if a else 0)


def _last_day(year: int | None, month: int) -> int:
    """The last day of a month (February: 29 in leap years; 28 when the year is unknown)."""
    import calendar

    return calendar.monthrange(year or 2023, month)[1]


def _valid_sub(kind: str, sub: int) -> bool:
    return (kind == "Q" and 1 <= sub <= 4) or (kind == "M" and 1 <= sub <= 12)


# A yearbook table's number before its title ("表1  2023年1-9月…", "表2-18 2024年…", "附表3："): no part of the period;
# with the spaces gone its digits would run into the year ("表12023年").
_TABLE_NUMBER = re.compile(r"^\s*(?:附|续)?表\s*[0-9一二三四五六七八九十]+(?:\s*[-.．—–－]\s*[0-9]+)*\s*[:：、.．]?\s*")


def _normal(text: object) -> str:
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(int(text)) if float(text).is_integer() else str(text)
    s = unicodedata.normalize("NFKC", str(text))
    s = _TABLE_NUMBER.sub("", s).replace(" ", "")
    s = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGIT[ch]) for ch in m.group(1)) + "年", s)
    return _UPDATED_TO.sub("", _MADE_DATE.sub("", s))


# A month (or day) followed by what was done then (2024年10月上报, 2024年10月制表, （2024年10月更新）) dates the table, not
# its figures; "更新至2024年9月" says how far it was brought, not whether its figures are 9月's or 1-9月's. Neither is a
# period of the figures: left out of every reading (a line holding nothing else names no period), br10
_MADE_DATE = re.compile(r"(?:(?:19|20)\d{2}年)?(?<![\d\-—–~～至到])\d{1,2}月(?:份)?(?:\d{1,2}日)?"
                        r"(?=上报|报送|报出|制表|编制|编印|印发|更新|发布|填报|填制|打印|导出)")
_UPDATED_TO = re.compile(r"(?<=更新)(?:至|到|于)?(?:(?:19|20)\d{2}年)?\d{1,2}月(?:份)?(?:底|末)?(?![\d\-—–~～至到])")


# a part of a year named by the year before (去年1-9月, 上年三季度, 上一年第3季度): this reader has no year before to
# give, and a default year would read it as this year's; None (role_of reads such a header as the 上年同期)
_PAST_YEAR_PART = re.compile(r"(?:去年|上年|上一年|前年)(?:同期)?\s*(?=\d|[一二三四]季|第|前三|上半年|下半年|[1-9一二三四五六七八九十]+月)")


def parse_period(text: object, default_year: int | None = None) -> Period | None:
    """The period a piece of text names, or None. Years alone are annual; ranges from January are 累计.
    A text is read whole or not at all: a period word the reading did not take ("2024年1月至2024年9月" read as
    1月, "四季度（全年）", a second year) makes it None (not understood), never a shorter or other period."""
    if text is None:
        return None
    s = _normal(text)
    if not s:
        return None
    m = _CODE.match(s)
    if m:
        year = int(m.group(1))
        if not m.group(2):
            return Period(f"{year}", "Y", False, year)
        kind, sub = m.group(2).upper(), int(m.group(3))
        if _valid_sub(kind, sub):
            return Period(period_label(year, sub, kind), kind, False, year, sub)
        return None
    years = {int(y) for y in _YEAR.findall(s)}
    if len(years) > 1:
        return None   # two years in one phrase (2023年1月至2024年6月, 2024年…（2023年…）): not one period
    if _PAST_YEAR_PART.search(s):
        return None   # 去年1-9月, 上年三季度: a year before the one meant, never read as that year's (br9 s09)
    if years:   # the year written again inside a span ("2024年1月至2024年9月")
        s = re.sub(r"(?<=[月日])([-~—–至到])(?:19|20)\d{2}年", r"\1", s)
    for pat, rep in _SYNONYMS:
        s = pat.sub(rep, s)
    if _QUARTER_LIST.search(s):
        return None
    got = _parse(s, default_year)
    if got is None:
        if default_year is not None and _WHOLE_YEAR_ALONE.fullmatch(s):
            # 全年 alone (a column beside 上半年 | 前三季度) names the whole of the year the text around it names
            return Period(f"{default_year}", "Y", False, default_year, 0, True)
        return None
    p, used = got
    rest = s[:used[0]] + "|" + s[used[1]:]
    rest = re.sub(r"(?:19|20)\d{2}\s*年?(?:度)?", "|", rest)
    if "全年" in rest:   # "四季度（全年）", "1-12月（全年）": the year; any other part of the year with 全年 is unclear
        if not (p.kind == "Y" or (p.kind == "Q" and p.sub == 4)):
            return None
        rest = rest.replace("全年", "|")
        p = Period(f"{p.year}" if p.year is not None else None, "Y", False, p.year, 0, True)
    if p.kind == "Y" and _PARTS_OF_YEAR.search(rest):
        return None   # 2024年科技统计月报, 2024年各月, 2024年逐季: a month's or a quarter's figures, never the year's (br10)
    if _AS_OF_NOW.search(rest):
        return None   # 2024年（截至目前）: as of an unstated day, never the year nor a part of it
    if (issue := _ISSUE.search(rest)) and (issue.group(1) in ("批", "周") or p.kind == "Y"):
        return None   # 2024年第9期, 2024年第一批, 2024年9月第3周: one issue's, batch's or week's, not the year's
    if p.kind != "Y" and _AS_OF_LEFT.search(rest):
        return None   # 截至 not taken with the period ("截至9月20", "截至目前…9月"): not understood whole
    if _PERIOD_WORD.search(rest):
        # a second phrase of the period ("2024年1-9月（前三季度）") must name the same one
        again = _parse(rest.replace("|", " "), p.year if p.year is not None else default_year)
        if again is None or (again[0].label, again[0].kind, again[0].is_ytd) != (p.label, p.kind, p.is_ytd):
            return None
        tail = rest[:again[1][0]] + "|" + rest[again[1][1]:]
        if _PERIOD_WORD.search(tail):
            return None
    return p


def _parse(s: str, default_year: int | None) -> tuple[Period, tuple[int, int]] | None:
    """parse_period's reading of a normalised text: the period and the span of `s` it was read from."""
    if (m := _CODE_IN.search(s)):
        kind, sub = m.group(2).upper(), int(m.group(3))
        if _valid_sub(kind, sub):
            year = int(m.group(1))
            ytd, used = "累计" in s, m.span()
            if (asof := _as_of(s, used)) is not None:   # 截至2024Q3: 累计 to the end of Q3
                (kind, sub), ytd, used = _months_ytd(sub * 3 if kind == "Q" else sub), True, asof
                if kind == "Y":
                    return Period(f"{year}", "Y", False, year, 0, True), used
            return Period(period_label(year, sub, kind), kind, ytd, year, sub), used
    ym = _YEAR.search(s)
    year = int(ym.group(1)) if ym else default_year
    off = ym.end() if ym else 0
    rest = s[off:]
    ytd_word = "累计" in s
    kind, sub, ytd = None, 0, False
    used = (0, 0)
    bare = False   # a year alone: which year, not said to be the whole year
    single = False   # one month or one quarter named alone (9月, 三季度): as of its end when 截至 stands before it
    if (ds := _DAY_SPAN.search(s)):
        first, day0, last, day1 = _num(ds.group(1)), int(ds.group(2)), _num(ds.group(3)), int(ds.group(4))
        if not (1 <= first <= last <= 12) or day0 != 1 or day1 != _last_day(year, last):
            return None
        span = _span(first, last)
        if span is None:
            return None
        kind, sub, ytd = span
        used = ds.span()
    elif (d := _AS_OF_DAY.search(s)):
        # the last day of a month is that month's end (as 月底); any other day is no period end: refused
        months, day = _num(d.group(2)), int(d.group(3))
        if not 1 <= months <= 12 or day != _last_day(year, months):
            return None
        ytd = True
        kind, sub = _months_ytd(months)
        used = d.span()
    elif (a := _AS_OF.search(s)):
        months, ytd = _num(a.group(1)), True
        if not 1 <= months <= 12:
            return None
        kind, sub = _months_ytd(months)
        used = a.span()
    elif (ay := _AS_OF_YEAR.search(s)):
        kind = "Y"
        used = ay.span()
    elif (r := _MONTH_SPAN.search(rest)):
        # from January: 累计 to the last month; one whole quarter (7-9月): that quarter; any other span of
        # months (3-5月) is no period we store: refused rather than read as its first or last month
        first, last = _num(r.group(1)), _num(r.group(2))
        span = _span(first, last) if 1 <= first <= last <= 12 else None
        if span is None:
            return None
        kind, sub, ytd = span
        used = (off + r.start(), off + r.end())
    elif (qs := _QUARTER_SPAN.search(rest)):
        # "1—3季度" (the official 累计 label) and "一至三季度": 累计 to the last quarter; "2-3季度": refused
        first, last = _num(qs.group(1)), _num(qs.group(2))
        if first != 1 or not 1 < last <= 4:
            return None
        ytd = True
        kind, sub = ("Y", 0) if last == 4 else ("Q", last)
        used = (off + qs.start(), off + qs.end())
    elif "上半年" in rest:
        kind, sub, ytd = "Q", 2, True
        i = off + rest.index("上半年")
        used = (i, i + 3)
    elif "下半年" in rest:
        return None  # a half-year flow that is not 累计 has no period code here
    elif (q := _FIRST_N_Q.search(rest)):
        kind, sub, ytd = "Q", _num(q.group(1)), True
        used = (off + q.start(), off + q.end())
    elif (q := _QUARTER.search(rest)):
        kind, sub = "Q", _num(q.group(1))
        used = (off + q.start(), off + q.end())
        single = True
        if s[used[1]:used[1] + 1] in ("末", "底"):   # 三季度末: the quarter's end, 累计 to it (as 截至9月末)
            ytd, used = True, (used[0], used[1] + 1)
    elif (mm := _MONTH.search(rest)):
        months = _num(mm.group(1))
        if not 1 <= months <= 12:
            return None
        kind, sub = "M", months
        used = (off + mm.start(), off + mm.end())
        single = True
        if s[used[1]:used[1] + 1] in ("末", "底"):   # 9月末: the month's end, 累计 to it (as 截至9月末)
            kind, sub = _months_ytd(months)
            ytd, used = True, (used[0], used[1] + 1)
    elif ym and (y := re.search(r"(年度|年报|全年|年)", rest[:3])):
        kind = "Y"
        used = (off, off + y.end())
        bare = y.group(1) == "年"
    elif ym and re.fullmatch(r"(?:19|20)\d{2}", s):
        kind = "Y"
        bare = True
    if kind is None:
        return None
    if not _valid_sub(kind, sub) and kind != "Y":
        return None
    if kind != "Y" and (asof := _as_of(s, used)) is not None:
        # 截至 + a month or a quarter without 底/末: 累计 to its end (截至2024年9月 = 1-9月, 截至三季度 = 1-9月);
        # as of a span that does not start in January (截至7-9月) is no period
        if not ytd and not single:
            return None
        if not ytd:
            kind, sub = _months_ytd(sub * 3 if kind == "Q" else sub)
            ytd = True
        used = asof
    ytd = (ytd or ytd_word) and kind != "Y"
    said = kind == "Y" and not bare
    if year is None:
        return Period(None, kind, ytd, None, sub, said), used
    return Period(period_label(year, sub, kind), kind, ytd, year, sub, said), used


def breakdown_year(text: object) -> int | None:
    """The year of a text naming a year's months or quarters without saying which ("2024年各月R&D经费",
    "2024年科技统计月报"): parse_period reads no period from it (never the year's figures), but columns headed 1-9月 /
    三季度 below it are that year's. None for any other text."""
    s = _normal(text) if text is not None else ""
    if not _PARTS_OF_YEAR.search(s):
        return None
    p = parse_period(_PARTS_OF_YEAR.sub("", s))
    return p.year if p is not None and p.kind == "Y" and p.label else None


def mentions_period(text: object) -> bool:
    """The text holds a word naming part of a year (9月, 三季度, 半年, Q3, 全年 …) after the spellings above, or a
    year with an issue, batch, week or round number (2024年第9期, 第一批, 第36周, 第三次) or an as-of-now word
    (截至目前, 至今): a phrase about the period that parse_period may not understand (then refused as unclear)."""
    if text is None:
        return False
    s = _normal(text)
    for pat, rep in _SYNONYMS:
        s = pat.sub(rep, s)
    if _AS_OF_NOW.search(s) or (_ISSUE.search(s) and _YEAR.search(s)):
        return True   # 截至目前; 2024年第9期 (a year with an issue number): a period phrase, not understood
    return bool(_MENTION.search(s))


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



# A quarter said with its ordinal (第三季度, 第3季度, 第Ⅲ季度): that quarter alone. 三季度 / 3季度 / Q3 / 2024Q3 name only
# the period's end, the 是否累计 flag says whether 累计.
_ORDINAL_QUARTER = re.compile(r"第\s*(?:[1-4一二三四]|IV|III|II|I)\s*季")


def ytd_said(text: object) -> bool | None:
    """What a period phrase itself says about 累计: True for 1—N月, 累计, 上半年, 前三季度, 截至9月 (a phrase, not a
    bare code); False for a span that does not start in January (7-9月, 7月1日至9月30日), 当季/当月, or a quarter
    said with its ordinal (第三季度, 第3季度, 第Ⅲ季度: that quarter alone); None when it says neither (2024Q3,
    2024年三季度, 2024年Q3, 2024年9月: the end of the period only)."""
    if not isinstance(text, str) or _CODE.match(_normal(text)):
        return None
    p = parse_period(text)
    if p is None or p.kind == "Y":
        return None
    s = _normal(text)
    if re.search(r"当季|当月|本季|本月", s):
        return False
    if p.is_ytd:
        return True
    if p.kind == "Q" and p.sub > 1 and _ORDINAL_QUARTER.search(s):
        return False   # 第三季度: the third quarter alone (第一季度 is 1-3月 either way)
    for pat in (_MONTH_SPAN, _DAY_SPAN, _QUARTER_SPAN):
        if (m := pat.search(s)) and _num(m.group(1)) != 1:
            return False
    return None


# Sub-columns under an indicator group that name a period relative to the table's own: 本月 (the table's last
# month, alone), 本季 (its quarter, alone), 本年累计 (1 to its last month, 累计), 本年 (the year so far).
# A period written only as a code (2024Q3, 2024M09, 2024年Q3, 2024-Q3): it says neither 累计 nor 当季 (build refuses
# a flow's figures so given: ytd_unsaid); the one pattern a cell (build) and a line (table_shapes) are read by
BARE_CODE = r"\d{4}\s*(?:年|-|_|\.|/)?\s*[QqMm]\s*\d{1,2}"

SUB_PERIOD_WORDS = {"本月", "当月", "本季", "当季", "本季度", "当季度", "本年累计", "累计", "本期累计", "本年",
                    "自年初累计", "年初至今",
                    # the statistics bureaus' monthly 快报 forms: 1—本月累计 (from January to the report's month)
                    "1-本月累计", "1至本月累计", "1到本月累计", "1-本月", "年初至本月累计", "自年初至本月累计",
                    "截至本月末累计", "截至本季度末累计", "截至本季末累计", "1-本季累计", "1-本季度累计",
                    "本月止累计", "至本月累计", "1-本月止累计", "年初至本月止累计"}


def sub_period(word: str, base: Period) -> Period | None:
    """The period a sub-column word names within a table of period `base` (which has a label), or None when
    that is not certain: 本月 of "1-3月" is 3月 alone; 本年累计 of "2024年9月" is 1-9月 累计 (2024Q3 累计);
    本月 of a quarter or of a year, 本季 of 8月, 本年 of a single month: refused."""
    end = 12 if base.kind == "Y" else base.sub * 3 if base.kind == "Q" else base.sub
    year = base.year
    if word in ("本月", "当月"):
        if base.kind == "M" or (base.kind == "Q" and base.is_ytd):
            return Period(period_label(year, end, "M"), "M", False, year, end)
        return None
    if word in ("本季", "当季", "本季度", "当季度"):
        if base.kind == "Q" or (base.kind == "M" and end % 3 == 0):
            return Period(period_label(year, end // 3, "Q"), "Q", False, year, end // 3)
        return None
    if word == "本年" and base.kind != "Y" and not base.is_ytd:
        return None
    kind, sub = _months_ytd(end)
    return Period(period_label(year, sub, kind), kind, kind != "Y", year, sub)


FULL_YEAR_SPAN = re.compile(r"(?:1|一|元)\s*(?:月)?\s*[-—–－~～至到]\s*(?:(?:12|十二)\s*月|(?:4|四)\s*季度?)")


def full_year_span(text: object) -> bool:
    """The period text spans the whole year as 1—12月 or 1—4季度 (not 全年, 年度 or 年报: the year itself)."""
    return isinstance(text, str) and bool(FULL_YEAR_SPAN.search(text)) and not re.search(r"全年|年度|年报", text)


def within_part(p: Period | None, part: Period | None) -> Period | None:
    """A period naming only which year (2023年, 2024: kind "Y", not said_year) under a table whose title names a part
    of a year (`part`: 1-9月, 截至9月底, 前三季度) is that part of its year: 2023年 under 邢台市2024年1-9月… is
    2023Q3 累计, as city summaries set 本期 and 上年同期 side by side under the title's months; before, it was stored on
    the 年报 key (a 1-9月 figure overwriting last year's annual one). A whole year said as such (2024年度, 全年,
    1-12月) and any other period are returned unchanged."""
    if p is None or part is None or p.kind != "Y" or p.said_year or p.year is None or part.kind not in ("Q", "M"):
        return p
    return Period(period_label(p.year, part.sub, part.kind), part.kind, part.is_ytd, p.year, part.sub)
