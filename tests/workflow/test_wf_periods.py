"""Periods: when they end, their deadline, and the refusal of a period that has not ended (issue 14 §6)."""
from datetime import date

import pandas as pd
import pytest

from data.workflow.periods import (comparable_previous, deadline, has_ended, latest_ended, next_period, period_end, previous_period,
                                   round_periods)


@pytest.mark.parametrize("period, end, due", [
    ("2026Q1", date(2026, 3, 31), date(2026, 4, 15)),
    ("2026Q3", date(2026, 9, 30), date(2026, 10, 15)),
    ("2026Q4", date(2026, 12, 31), date(2027, 1, 15)),
    ("2025", date(2025, 12, 31), date(2026, 1, 15)),
    ("2024M02", date(2024, 2, 29), date(2024, 3, 15)),
    ("2026M11", date(2026, 11, 30), date(2026, 12, 15)),
])
def test_period_end_and_deadline(period, end, due):
    assert period_end(period) == end
    assert deadline(period) == due


def test_a_period_ends_after_its_last_day():
    assert not has_ended("2026Q3", date(2026, 9, 30))
    assert has_ended("2026Q3", date(2026, 10, 1))


@pytest.mark.parametrize("today, kind, expected", [
    (date(2026, 11, 30), "Q", "2026Q3"), (date(2026, 1, 5), "Q", "2025Q4"), (date(2026, 4, 1), "Q", "2026Q1"),
    (date(2026, 11, 30), "Y", "2025"), (date(2026, 1, 5), "M", "2025M12"), (date(2026, 3, 1), "M", "2026M02"),
])
def test_latest_ended(today, kind, expected):
    assert latest_ended(kind, today) == expected


def test_next_and_previous():
    assert [next_period(p) for p in ("2026Q3", "2026Q4", "2025", "2026M12")] == ["2026Q4", "2027Q1", "2026", "2027M01"]
    assert [previous_period(p) for p in ("2026Q1", "2026Q3", "2025", "2026M01")] == ["2025Q4", "2026Q2", "2024", "2025M12"]


def _obs(periods):
    return pd.DataFrame({"indicator": "RD_EXP", "region": "130534", "period": periods, "is_ytd": True,
                         "value": 1.0, "sheet": "数据", "row": range(1, len(periods) + 1), "col": 6,
                         "row_label": "", "col_label": "", "raw": "1", "file": "f.xlsx"})


def test_period_not_ended_names_the_period_and_today(sqlite_store_wf):
    """The refusal points at the period cell (long form: column E) and names the period, its end and today."""
    from data.db import reading
    from data.imports import service
    from workbooks import long_form

    data = long_form([["130534", "清河县", "RD_EXP", "R&D经费", p, "是", 100, "万元", "正式", ""]
                      for p in ("2026Q2", "2026Q3", "2026Q4")])
    with reading(sqlite_store_wf) as conn:
        result = service.analyse(conn, [("x.xlsx", data)], today=date(2026, 9, 30))
    probs = result.errors[result.errors["rule"] == "period_not_ended"]
    got = probs[["cell", "rule", "severity", "message_zh", "message_en"]].to_dict("records")
    assert got == [
        {"cell": "E3", "rule": "period_not_ended", "severity": "error",
         "message_zh": "期别尚未结束，不能导入或提交：期别 2026Q3 至 2026-09-30 才结束，今天是 2026-09-30",
         "message_en": "The period has not ended yet: period 2026Q3 ends on 2026-09-30; today is 2026-09-30"},
        {"cell": "E4", "rule": "period_not_ended", "severity": "error",
         "message_zh": "期别尚未结束，不能导入或提交：期别 2026Q4 至 2026-12-31 才结束，今天是 2026-09-30",
         "message_en": "The period has not ended yet: period 2026Q4 ends on 2026-12-31; today is 2026-09-30"},
    ]
    with reading(sqlite_store_wf) as conn:
        later = service.analyse(conn, [("x.xlsx", data)], today=date(2026, 10, 1))
    assert later.errors[later.errors["rule"] == "period_not_ended"]["cell"].tolist() == ["E4"]


def test_every_path_refuses_a_future_period(sqlite_store_wf):
    """The importer (upload page, online form, API and CLI all call analyse) refuses it with an error."""
    from data.db import reading
    from data.imports import service
    from workbooks import long_form

    data = long_form([["130534", "清河县", "RD_EXP", "R&D经费", "2099Q1", "是", 100, "万元", "正式", ""]])
    with reading(sqlite_store_wf) as conn:
        result = service.analyse(conn, [("x.xlsx", data)])
    errs = result.errors
    assert sorted(errs["rule"]) == ["no_values", "period_not_ended"]  # its only row refused: nothing read
    msg = errs[errs["rule"] == "period_not_ended"]["message_zh"].iloc[0]
    assert "期别 2099Q1 至 2099-03-31 才结束" in msg and "今天是 " in msg
    assert not result.ok


@pytest.fixture
def sqlite_store_wf(tmp_path):
    from data.bootstrap import ensure_database
    from data.db import make_engine

    eng = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ensure_database(eng, load_demo=False)
    yield eng
    eng.dispose()


def test_the_periods_a_round_page_offers():
    """/form and /rounds offer the same list: 8 ended quarters, newest first, then 2 ended years; a period a
    link asks for comes first when it is not among them."""
    offered = ["2026Q3", "2026Q2", "2026Q1", "2025Q4", "2025Q3", "2025Q2", "2025Q1", "2024Q4", "2025", "2024"]
    assert round_periods(today=date(2026, 11, 30)) == offered
    assert round_periods("2026Q1", today=date(2026, 11, 30)) == offered
    assert round_periods("2023Q2", today=date(2026, 11, 30)) == ["2023Q2", *offered]
    assert round_periods(today=date(2026, 1, 1)) == ["2025Q4", "2025Q3", "2025Q2", "2025Q1", "2024Q4", "2024Q3",
                                                     "2024Q2", "2024Q1", "2025", "2024"]


def test_the_comparable_previous_period():
    """Beside a figure (the form, the review): the previous period, none for a Q1 (or M01) 累计."""
    got = [comparable_previous(p, ytd) for p, ytd in (("2026Q1", True), ("2026Q1", False), ("2026Q3", True),
                                                      ("2026M01", True), ("2026M02", True), ("2026", False))]
    assert got == [None, "2025Q4", "2026Q2", None, "2026M01", "2025"]
