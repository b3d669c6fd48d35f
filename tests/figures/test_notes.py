"""Marks and notes on figures (figures.notes): recorded 口径调整 and 说明 by scope and period, and the annual figure
that differs from its 1—12月 累计 at the displayed precision. Literal expected tables on a small snapshot."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from figures import notes as fn

RD = {"code": "RD_EXP", "unit": "万元", "decimals": 0, "cumulative": True}
HNTE = {"code": "HNTE", "unit": "家", "decimals": 0, "cumulative": False}


def rows(*items):
    return pd.DataFrame([{"indicator": i, "region": r, "period": p, "period_kind": "Y" if len(p) == 4 else p[4],
                          "is_ytd": ytd, "derived_from_ytd": der, "value": v} for i, r, p, ytd, der, v in items])


SNAP = SimpleNamespace(
    regions=pd.DataFrame({"code": ["130534", "130582", "130581"], "name": ["清河县", "沙河市", "南宫市"],
                          "name_en": ["Qinghe County", "Shahe City", "Nangong City"]}),
    annotations=pd.DataFrame({
        "indicator": ["RD_EXP", "RD_EXP", "RD_EXP", "HNTE"],
        "region": ["130582", None, "130534", None],
        "period": ["2021", "2021Q2", "2022", "2021"],
        "kind": ["series_break", "note", "note", "series_break"],
        "text": ["统计范围扩大到规模以下企业", "二季度起按新报表制度", "含一次性项目", "认定办法修订"]}),
    analysis=rows(
        ("RD_EXP", "130534", "2025", False, False, 21000.4),     # = Q4 累计 21000 at 0 decimals: no mark
        ("RD_EXP", "130534", "2025Q4", True, False, 20999.6),
        ("RD_EXP", "130534", "2025Q4", False, True, 5000.0),      # de-cumulated single quarter: never compared
        ("RD_EXP", "130582", "2025", False, False, 30500.0),      # ≠ Q4 累计 30000: marked
        ("RD_EXP", "130582", "2025Q4", True, False, 30000.0),
        ("RD_EXP", "130581", "2025", False, False, 8000.0),       # no Q4, M12 累计 7990: marked against M12
        ("RD_EXP", "130581", "2025M12", True, False, 7990.0),
        ("HNTE", "130534", "2025", False, False, 95.0),           # a stock: never compared
        ("HNTE", "130534", "2025Q4", False, False, 94.0),
    ))


def table(frame):
    return [tuple(r) for r in frame.astype(object).where(frame.notna(), None).itertuples(index=False)]


def test_recorded_notes_by_scope_and_period():
    assert table(fn.recorded(SNAP, "RD_EXP", "2021")) == [
        ("130582", "2021", "series_break", "统计范围扩大到规模以下企业", "统计范围扩大到规模以下企业")]
    # a year's break marks its quarters; a quarter's note marks that quarter only, for every region
    assert table(fn.recorded(SNAP, "RD_EXP", "2021Q2")) == [
        ("130582", "2021", "series_break", "统计范围扩大到规模以下企业", "统计范围扩大到规模以下企业"),
        (None, "2021Q2", "note", "二季度起按新报表制度", "二季度起按新报表制度")]
    assert table(fn.recorded(SNAP, "RD_EXP", "2021Q3")) == [
        ("130582", "2021", "series_break", "统计范围扩大到规模以下企业", "统计范围扩大到规模以下企业")]
    assert table(fn.recorded(SNAP, "RD_EXP", "2021", regions=["130534"])) == []
    assert table(fn.recorded(SNAP, "RD_EXP", "2022", regions=["130534"])) == [
        ("130534", "2022", "note", "含一次性项目", "含一次性项目")]
    assert table(fn.recorded(SNAP, "RD_EXP", "2020")) == []


def test_annual_differs_from_its_jan_dec_ytd():
    got = fn.annual_ytd_mismatches(SNAP, "RD_EXP", "2025", 0)
    assert table(got.sort_values("region")) == [("130581", 8000.0, 7990.0, "2025M12"),
                                                ("130582", 30500.0, 30000.0, "2025Q4")]
    # at 2 decimals 21000.40 and 20999.60 differ too
    assert "130534" in set(fn.annual_ytd_mismatches(SNAP, "RD_EXP", "2025", 2)["region"])
    assert table(fn.annual_ytd_mismatches(SNAP, "HNTE", "2025", 0)) == []
    assert table(fn.figure_notes(SNAP, HNTE, "2025")) == []


def test_the_mark_is_on_both_figures_and_in_both_languages():
    year = fn.figure_notes(SNAP, RD, "2025", ["130582"])
    q4 = fn.figure_notes(SNAP, RD, "2025Q4", ["130582"])
    assert table(year) == [("130582", "2025", "annual_ytd_mismatch",
                            "2025年年报数 30500万元 与 1—12月累计 30000万元 不一致",
                            "the 2025 annual figure 30,500 10k yuan differs from the Jan–Dec YTD 30,000 10k yuan")]
    assert table(q4)[0][:3] == ("130582", "2025Q4", "annual_ytd_mismatch")
    assert table(fn.figure_notes(SNAP, RD, "2025Q3", ["130582"])) == []
    assert table(fn.figure_notes(SNAP, RD, "2025Q4", ["130581"])) == []   # its 1—12月 is M12, not Q4
    names = {"130582": "沙河市"}
    assert fn.note_lines(year, names, "zh") == ["年报与累计不一致（沙河市）：2025年年报数 30500万元 与 1—12月累计 30000万元 不一致"]
    lines = fn.note_lines(fn.figure_notes(SNAP, RD, "2021Q2"), {"130582": "Shahe City"}, "en")
    assert lines == ["Series break (Shahe City): 统计范围扩大到规模以下企业", "Note: 二季度起按新报表制度"]


def test_series_lines_name_the_period_and_leave_breaks_to_the_chart():
    labels = {"2021": "2021年", "2021Q2": "2021年第2季度", "2025": "2025年", "2025Q4": "2025年1—4季度"}
    got = fn.series_lines(SNAP, RD, "130582", ["2021", "2021Q2", "2025", "2025Q4"], labels, {"130582": "沙河市"})
    assert got == ["2021年第2季度 说明：二季度起按新报表制度",
                   "2025年 年报与累计不一致（沙河市）：2025年年报数 30500万元 与 1—12月累计 30000万元 不一致",
                   "2025年1—4季度 年报与累计不一致（沙河市）：2025年年报数 30500万元 与 1—12月累计 30000万元 不一致"]
