"""breakrank3 #3, #4, #5, #13: what a link's query string may hold that a page did not expect.
- full-width digits typed with a Chinese input method (?period=２０２５) are redirected to their ASCII form, so every
  road reads 2025 (it answered "已报 0/18" / "没有数据" for a year all 18 units reported);
- a repeated key (?region=A&region=B) reaches a layout as a list: /provenance bound it into SQL (a traceback and a
  blank page); pages take its first value;
- /rounds with a period that is no round (2026Q5, abc, a month, 2030) showed an English exception or a round for
  2030: it shows the latest ended quarter with a notice naming what was asked."""
from __future__ import annotations

import json

from plotly.utils import PlotlyJSONEncoder


def text_of(component) -> str:
    return json.dumps(json.loads(json.dumps(component, cls=PlotlyJSONEncoder)), ensure_ascii=False)


def test_period_labels_are_ascii_digits_only():
    import pytest

    from indicators.periods import parse_period
    from server.api.params import PERIOD_RE

    assert parse_period("2025Q3") == (2025, 3, "Q")
    with pytest.raises(ValueError):
        parse_period("２０２５")
    assert PERIOD_RE.match("２０２５") is None and PERIOD_RE.match("2025M09")


def test_provenance_takes_one_value_of_a_repeated_key(in_request):
    from layouts import provenance

    page = text_of(provenance.layout(lang=["zh", "en"], indicator=["RD_EXP"], region=["130534", "130533"],
                                     period=["2023", "2022"], ytd=["0", "1"]))
    assert "清河县" in page and "2023年" in page and "威县" not in page


def test_rounds_link_period_that_is_no_round_shows_the_latest_with_a_notice(in_request):
    from data.workflow.periods import latest_ended
    from layouts import rounds
    from texts.i18n import period_name

    latest = latest_ended("Q")
    shown = period_name(latest, "zh")   # a round by its 累计 name: "2026年1—3季度", never "2026年第3季度"
    words = {"2026Q5": "2026Q5", "abc": "abc", "2026M13": "2026M13", "2030": "2030年", "2025M03": "2025年1—3月"}
    for asked in ("2026Q5", "abc", "2026M13", "2030", "2025M03", ["2025", "2024"]):
        period, notice = rounds.link_period(asked, "zh")
        first = asked[0] if isinstance(asked, list) else asked
        if first == "2025":
            assert (period, notice) == ("2025", None)
            continue
        assert period == latest
        assert f"链接中的期别「{words[first]}」不是已开始的季度或年度，显示的是「{shown}」。" in text_of(notice)
    assert rounds.link_period("2024Q3", "zh") == ("2024Q3", None)
    assert rounds.link_period(None, "zh") == (latest, None)
    en = text_of(rounds.link_period("2030", "en")[1])
    assert "The link's period \\u201c2030\\u201d is not a quarter or a year that has begun" in en or \
        "The link's period “2030” is not a quarter or a year that has begun" in en


def test_a_round_of_a_period_not_begun_is_refused(in_request):
    import datetime as dt

    import pytest

    from data.db import reading
    from data.errors import UserError
    from figures.rounds import round_group, round_state
    from server.context import engine, settings

    s = settings()
    with reading(engine()) as conn:
        group = round_group(conn, s.home_region, s.group_city)
        with pytest.raises(UserError) as e:
            round_state(conn, "2027Q1", group, today=dt.date(2026, 12, 2))
        assert e.value.message_zh == "「2027年第1季度」尚未开始，没有报送情况。"
        assert round_state(conn, "2026Q4", group, today=dt.date(2026, 12, 2))["period"] == "2026Q4"   # in progress
