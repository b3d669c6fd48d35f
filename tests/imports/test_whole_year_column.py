"""br10: a 全年 column beside 上半年 | 前三季度 under a title naming the year ("2024年R&D经费（万元）").

上半年 and 前三季度 took the title's year, but 全年 (no period alone: parse_period reads no year from it) was an unknown
indicator and every figure of the row was refused as unread. Under a title naming the year it is that year's figure
(table_shapes._wide_table); without a year anywhere it stays refused."""
import datetime as dt

from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 11, 30)


def test_whole_year_beside_parts_of_the_year(analyse):
    r = analyse(("f.xlsx", grid([["2024年R&D经费（万元）"], ["县（市、区）", "上半年", "前三季度", "全年"],
                                 ["清河县", 7000, 12305, 16000]])), today=TODAY)
    assert refusals(r) == []
    assert stored(r, by="period") == [("RD_EXP", "130534", "2024", False, 16000.0, "D3"),
                                      ("RD_EXP", "130534", "2024Q2", True, 7000.0, "B3"),
                                      ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]


def test_whole_year_without_a_year_is_refused(analyse):
    r = analyse(("f.xlsx", grid([["R&D经费（万元）"], ["县（市、区）", "全年"], ["清河县", 16000]])), today=TODAY)
    assert [x[0] for x in refusals(r)] == ["missing_period", "no_values", "unknown_indicator"]
    assert stored(r) == []


def test_parse_period_reads_whole_year_words_only_with_a_year_to_complete_them():
    from data.imports.periods import parse_period

    got = {t: (parse_period(t), parse_period(t, 2024)) for t in ("全年", "全年数", "全 年", "全年累计", "全年度", "全年预计")}
    assert {t: (a, b and (b.label, b.kind, b.is_ytd, b.said_year)) for t, (a, b) in got.items()} == {
        "全年": (None, ("2024", "Y", False, True)),
        "全年数": (None, ("2024", "Y", False, True)),
        "全 年": (None, ("2024", "Y", False, True)),
        "全年累计": (None, ("2024", "Y", False, True)),
        "全年度": (None, None),
        "全年预计": (None, None),
    }
