"""New workbooks in the spirit of ../shared/cases/imports (issue 12: same kinds, new shapes)."""
import datetime as dt

from workbooks import wide_report

TODAY = dt.date(2026, 1, 10)


def test_a_province_row_is_refused_not_a_crash(analyse):
    """A "河北省" row in a county table: the province has no parent in the catalogue and building the
    refusal's message raised TypeError (a traceback in the CLI, HTTP 500 on the page and the API)."""
    r = analyse(("p.xlsx", wide_report("2024年1-9月", names=["清河县", "威县", "河北省"], rd=[12305, 8300, 99999],
                                       hnte=[78, 52, 900], tc=[(1, 1, 0)] * 3, total_row=False)), today=TODAY)
    errs = r.errors[r.errors["rule"] == "region_outside_city"]
    assert errs[["cell", "value"]].values.tolist() == [["B7", "河北省"]]
    assert "「河北省」不是邢台市的县（市、区）" in errs["message_zh"].iloc[0]
    assert sorted((o.region, float(o.value)) for o in r.obs.itertuples() if o.indicator == "RD_EXP") == \
        [("130533", 8300.0), ("130534", 12305.0)]
