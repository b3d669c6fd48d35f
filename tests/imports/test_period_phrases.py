"""Period phrases that were read as another period without a word (issue 12, point 4, "period phrases"):
a span of months or quarters written another way, an as-of date, a quarter code after 年. Each is read as
the period it names, or refused (None: an error on the cell) when it names no period the store keeps."""
import datetime as dt

import pytest

from data.imports.periods import parse_period
from workbooks import wide_report

# text -> (label, kind, 累计) or None (refused)
EXPECTED = {
    "2024年1—9月": ("2024Q3", "Q", True),
    "2024年1月-9月": ("2024Q3", "Q", True),            # was the single month 2024M01
    "2024年1月—6月": ("2024Q2", "Q", True),
    "2024年7-9月": ("2024Q3", "Q", False),             # was the year 2024
    "2024年7月-9月": ("2024Q3", "Q", False),
    "2024年10-12月": ("2024Q4", "Q", False),
    "2024年3-5月": None,                               # no period the store keeps
    "2024年1—3季度": ("2024Q3", "Q", True),            # the official 累计 label; was not 累计
    "2024年一至三季度": ("2024Q3", "Q", True),          # was not 累计
    "2024年1-4季度": ("2024", "Y", False),
    "2024年2-3季度": None,
    "2024年Q3": ("2024Q3", "Q", False),                # was the year 2024
    "截至2024年9月30日": ("2024Q3", "Q", True),         # was the single month 2024M09
    "截至2024年12月31日": ("2024", "Y", False),
    "截至2024年8月31日": ("2024M08", "M", True),
    "截至2024年9月15日": None,                          # not a period end
    "2024年7月1日至9月30日": ("2024Q3", "Q", False),
    "2024年1月1日至2024年9月30日": ("2024Q3", "Q", True),
    "2024年7月1日至9月29日": None,
    # unchanged
    "2024年前三季度": ("2024Q3", "Q", True),
    "截至2024年9月底": ("2024Q3", "Q", True),
    "2024年三季度": ("2024Q3", "Q", False),
    "2024年9月": ("2024M09", "M", False),
    "2024年1-12月": ("2024", "Y", False),
    "2024年度": ("2024", "Y", False),
}


@pytest.mark.parametrize("text", list(EXPECTED))
def test_period_phrase(text):
    p = parse_period(text)
    assert (None if p is None else (p.label, p.kind, p.is_ytd)) == EXPECTED[text]


def _rd(result) -> list:
    obs = result.obs
    return sorted((r.region, r.period, bool(r.is_ytd), float(r.value))
                  for r in obs.itertuples() if r.indicator == "RD_EXP")


def test_titles_with_spans_end_to_end(analyse):
    today = dt.date(2026, 1, 10)
    kw = dict(names=["清河县", "威县"], rd=[12305, 8300], hnte=[78, 52], tc=[(1, 1, 0)] * 2, total_row=False)
    r = analyse(("a.xlsx", wide_report("2024年1月-9月", **kw)), today=today)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert _rd(r) == [("130533", "2024Q3", True, 8300.0), ("130534", "2024Q3", True, 12305.0)]
    r = analyse(("b.xlsx", wide_report("2024年7-9月", **kw)), today=today)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert _rd(r) == [("130533", "2024Q3", False, 8300.0), ("130534", "2024Q3", False, 12305.0)]
    r = analyse(("c.xlsx", wide_report("2024年3-5月", **kw)), today=today)
    assert r.obs.empty and "missing_period" in set(r.errors["rule"])


def test_a_part_of_the_year_before_is_no_period_of_the_default_year():
    """review (br9 s09): parse_period("去年1-9月", default_year=2024) read 2024年1-9月 — this year's. The year before is
    not given here: None (a header so written is the 上年同期: table_shapes.role_of); 今年/本年 stay the default year's,
    and 去年同期 beside a stated period leaves that period."""

    got = {t: (p.label if (p := parse_period(t, default_year=2024)) is not None else None)
           for t in ("去年1-9月", "上年三季度", "上一年第3季度", "上年同期1-9月", "今年1-9月", "本年1-9月",
                     "2024年1-9月与去年同期对比")}
    assert got == {"去年1-9月": None, "上年三季度": None, "上一年第3季度": None, "上年同期1-9月": None,
                   "今年1-9月": "2024Q3", "本年1-9月": "2024Q3", "2024年1-9月与去年同期对比": "2024Q3"}
