"""The trends page's comparison line follows the completeness rule (issue 13, point 2): where only 清河县 has
published a quarter, the average is that of the reporting units and says so ("已报单位平均（1家）"); a quarter
every unit reported is the 全市平均. Before, the line read "全市平均" at 清河县's own figure."""
from __future__ import annotations

import pandas as pd
import pytest

HOME = "130534"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A demo app of its own with one published revision: 清河县's 2026Q4 R&D expenditure (累计), nobody else's."""
    from app import create_app
    from data import store
    from data.frames import OBS_COLUMNS, conform
    from server.context import EXT
    from server.settings import Settings

    app = create_app(Settings(instance_path=tmp_path_factory.mktemp("trends-avg"), demo=True, public_view=True,
                              secret_key="test"))
    obs = conform(pd.DataFrame([{"indicator": "RD_EXP", "region": HOME, "period": "2026Q4", "period_kind": "Q",
                                 "is_ytd": True, "value": 21000.0, "status": "final"}]), OBS_COLUMNS)
    engine = app.server.extensions[EXT].engine
    with engine.begin() as conn:
        rev = store.create_revision(conn, obs, created_by="test-uploader")
        store.submit(conn, rev, "test-uploader")
        store.publish(conn, rev, "test-approver")
    yield app
    engine.dispose()


# The comparison table's last two quarters, literally: (period, 清河县, the average line)
EXPECTED = {
    "zh": [("2026年1—3季度", "15898万元", "11226万元"),
           ("2026年1—4季度", "21000万元", "21000万元（已报单位平均（1家））")],
    "en": [("Q1–Q3 2026", "15,898 ten-thousand yuan", "11,226 ten-thousand yuan"),
           ("Q1–Q4 2026", "21,000 ten-thousand yuan", "21,000 ten-thousand yuan (average of 1 reporting unit)")],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_average_of_an_incomplete_quarter_says_whose_it_is(app, lang):
    from layouts import model
    from layouts.trends import render, state_from

    with app.server.test_request_context("/"):
        snap = model.snapshot()
        out = render(state_from({"indicator": "RD_EXP", "freq": "Q", "q": "ytd"}, snap), lang, "万元", snap)
    fig, rows, cols, _cap = out["cmp"]
    assert [(r["period"], r["r0"], r["avg"]) for r in rows[-2:]] == EXPECTED[lang]
    line = fig["data"][-1]  # the average line: named for the complete quarters, each incomplete point says whose
    assert line["name"] == cols[-1]["headerName"] == {"zh": "全市平均", "en": "City average"}[lang]
    assert line["text"][-2:] == [e[2] for e in EXPECTED[lang]]
