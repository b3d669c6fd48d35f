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
    assert [panel_period(p) for p in ("2026Q3", "2025", "2026M10", "2026M02", None, "bad")] == \
        ["2026Q3", "2025", "2026Q3", "2025Q4", None, None]


def _texts(component) -> list[str]:
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    children = children if isinstance(children, list) else [children] if children is not None else []
    return [x for c in children for x in _texts(c)]


def test_the_overview_panel_names_the_round_it_shows(app):
    """rk7 #2: /?period=2026M10 showed "2026年第3季度本期已报 18/18" above cards of 2026年1—10月 (已报 5/18): a month's
    panel says it has no round and names the round it shows, by the product's period names."""
    from layouts.rounds import overview_panel

    with app.server.test_request_context("/"):
        month = _texts(overview_panel("zh", "2026M10"))
        quarter = _texts(overview_panel("zh", "2026Q2"))
        month_en = _texts(overview_panel("en", "2026M10"))
    assert month[:2] == ["2026年1—10月不单独组织报送（报送按季度和年度），下面是2026年1—3季度的报送情况：",
                         "2026年1—3季度本期已报 0/18"]
    assert quarter[0] == "2026年1—2季度本期已报 0/18"
    assert month_en[:2] == ["Jan–Oct 2026 has no reporting round of its own (rounds are quarters and years); this is "
                            "the round of Q1–Q3 2026:", "Q1–Q3 2026: 0 of 18 units reported"]


def test_the_round_picker_never_offers_a_month_from_a_link():
    from data.workflow.periods import is_round_period, round_periods

    today = date(2026, 12, 1)
    assert [is_round_period(p) for p in ("2026Q3", "2025", "2026M10", "bad")] == [True, True, False, False]
    assert round_periods("2026M10", today=today)[:2] == ["2026Q3", "2026Q2"]
    assert round_periods("2023Q1", today=today)[:2] == ["2023Q1", "2026Q3"]   # an older quarter from a link leads
