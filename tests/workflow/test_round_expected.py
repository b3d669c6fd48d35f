"""What a reporting round expects (data.workflow.rounds.expected_indicators): the indicators at least half of the
group published for the period or the previous one of its kind. Three counties that add an optional figure to one
quarter do not make it required of all eighteen, in that quarter or any past one; a month is no round (break pass
of stop 25: every quarterly round read "已报 0/18", all 逾期, after one such batch). Literal expected values."""
from datetime import date

import pandas as pd
import pytest

from data import store
from data.db import reading
from data.errors import UserError
from data.workflow.rounds import expected_indicators, group_members
from figures.rounds import round_state
from layouts.rounds import panel_period


def _publish(engine, rows: list[tuple]) -> None:
    frame = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    with engine.begin() as conn:
        rev = store.create_revision(conn, frame.assign(status="final"), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)


@pytest.fixture
def eighteen(wf_store):
    with reading(wf_store) as conn:
        units = group_members(conn, "130500")
    assert len(units) == 18
    rows = [(ind, u, p, "Q", ind == "RD_EXP", 100.0 + i) for p in ("2026Q2", "2026Q3") for i, u in enumerate(units)
            for ind in ("RD_EXP", "HNTE")]
    _publish(wf_store, rows)
    return wf_store, units


def test_an_optional_figure_of_three_counties_is_not_required_of_all(eighteen):
    engine, units = eighteen
    with reading(engine) as conn:
        assert expected_indicators(conn, "2026Q3", units) == ["RD_EXP", "HNTE"]
    _publish(engine, [("SUPER_DEDUCT_FIRMS", u, "2026Q3", "Q", False, 40.0) for u in ("130534", "130533", "130581")])
    with reading(engine) as conn:
        assert expected_indicators(conn, "2026Q3", units) == ["RD_EXP", "HNTE"]
        assert expected_indicators(conn, "2026Q2", units) == ["RD_EXP", "HNTE"]
        q3 = round_state(conn, "2026Q3", "130500", today=date(2026, 12, 1))
        q2 = round_state(conn, "2026Q2", "130500", today=date(2026, 12, 1))
    assert (q3["reported"], q3["expected"], q3["overdue"]) == (18, 18, [])
    assert (q2["reported"], q2["expected"], q2["overdue"]) == (18, 18, [])


def test_a_figure_most_units_report_becomes_expected_and_the_rest_are_overdue(eighteen):
    engine, units = eighteen
    _publish(engine, [("SUPER_DEDUCT_FIRMS", u, "2026Q3", "Q", False, 40.0) for u in units[:9]])
    with reading(engine) as conn:
        assert expected_indicators(conn, "2026Q3", units) == ["RD_EXP", "SUPER_DEDUCT_FIRMS", "HNTE"]  # catalogue order
        assert expected_indicators(conn, "2026Q2", units) == ["RD_EXP", "HNTE"]   # the past is not rewritten
        q3 = round_state(conn, "2026Q3", "130500", today=date(2026, 12, 1))
    assert (q3["reported"], q3["expected"], len(q3["overdue"])) == (9, 18, 9)
    assert q3["overdue"] == units[9:]


def test_the_next_round_expects_what_the_last_one_did(eighteen):
    engine, units = eighteen
    with reading(engine) as conn:
        assert expected_indicators(conn, "2026Q4", units) == ["RD_EXP", "HNTE"]


def test_a_month_is_no_round(eighteen):
    engine, _ = eighteen
    with reading(engine) as conn, pytest.raises(UserError) as exc:
        round_state(conn, "2026M10", "130500", today=date(2026, 12, 1))
    assert exc.value.message_zh == "报送按季度和年度组织，「2026年10月」不是报送期别，请选择季度或年度。"


def test_the_overview_panel_follows_the_cards_round():
    assert [panel_period(p) for p in ("2026Q3", "2025", "2026M10", None, "bad")] == ["2026Q3", "2025", None, None, None]


def test_the_round_picker_never_offers_a_month_from_a_link():
    from data.workflow.periods import is_round_period, round_periods

    today = date(2026, 12, 1)
    assert [is_round_period(p) for p in ("2026Q3", "2025", "2026M10", "bad")] == [True, True, False, False]
    assert round_periods("2026M10", today=today)[:2] == ["2026Q3", "2026Q2"]
    assert round_periods("2023Q1", today=today)[:2] == ["2023Q1", "2026Q3"]   # an older quarter from a link leads
