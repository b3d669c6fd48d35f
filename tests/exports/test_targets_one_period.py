"""Targets break test (tg7), on the demo data plus the tester's setting: an R&D经费投入强度 target of 0.90% for
清河县 2026 and an early 2026年1—10月 batch of five units (batchM10.csv: 清河县 R&D经费 16500万元, GDP 2200000万元,
高新技术企业 96家 at the end of October).

1. A ratio is never judged against 序时进度 (pages, deck, brief): 当前 0.81%, 目标 0.90%, 完成率 90.00% — computed from
   the figures as shown (0.81 ÷ 0.90), never 89.85% from the unrounded 0.808653, never "超序时进度".
3. The 目标任务 page shows one period for every row, the overview's (2026年1—3季度 while 1—10月 is incomplete), and
   its 完成率 equals the overview card's: R&D经费 15898 of 21957 = 72.41%, never 1—10月's 75.15% beside 1—3季度 rows.
Literal expected values."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from tests.api.apps import login_session, make_api_app

M10 = [("130534", "RD_EXP", 16500.0), ("130533", "RD_EXP", 16500.0), ("130528", "RD_EXP", 45000.0),
       ("130535", "RD_EXP", 0.0), ("130581", "RD_EXP", 13000.0),
       ("130534", "GDP", 2200000.0), ("130533", "GDP", 2200000.0), ("130528", "GDP", 4500000.0),
       ("130535", "GDP", 1500000.0), ("130581", "GDP", 1700000.0)]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from data import store

    api = make_api_app(tmp_path_factory.mktemp("targets-one-period"), demo=True)
    rows = [{"indicator": i, "region": r, "period": "2026M10", "period_kind": "M", "is_ytd": True, "value": v}
            for r, i, v in M10]
    rows.append({"indicator": "HNTE", "region": "130534", "period": "2026M10", "period_kind": "M", "is_ytd": False,
                 "value": 96.0})
    with api.engine().begin() as conn:
        rev = store.create_revision(conn, pd.DataFrame(rows).assign(status="final"), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)
        store.set_target(conn, "RD_INTENSITY", "130534", 2026, 0.9, "admin")
    return api


@pytest.fixture(scope="module")
def browser(api):
    return login_session(api)


def _shape(slide, name: str):
    return next(s for s in slide.shapes if s.name == name)


def _card_text(api, code: str, period: str, lang: str = "zh") -> str:
    from layouts import model, overview, overview_model

    with api.server.test_request_context("/"):
        snap = model.snapshot()
        card = next(c for c in overview_model.cards(lang, "万元", snap, period) if c["code"] == code)
        return json.dumps(overview._progress(card["progress"], lang), default=lambda o: o.to_plotly_json(),
                          ensure_ascii=False)


# ---------------------------------------------------------------- 1. a ratio: no 序时进度, 完成率 as shown

def test_overview_card_of_a_ratio_states_value_and_target_without_time_progress(api):
    text = _card_text(api, "RD_INTENSITY", "2026Q3")
    assert "2026年目标 0.90%，当前 0.81%（完成率 90.00%）" in text
    assert "比率类指标，不比序时进度" in text
    assert "序时进度 75.00%" not in text and "超序时进度" not in text and "time-marker" not in text
    en = _card_text(api, "RD_INTENSITY", "2026Q3", "en")
    assert "2026 target 0.90%, now 0.81% (90.00% of target)" in en and "Ahead" not in en
    # a flow keeps its 序时进度
    assert "2026年目标完成率 72.41%" in _card_text(api, "RD_EXP", "2026Q3")


def test_brief_states_a_ratio_against_its_target_not_time_progress(browser):
    r = browser.get("/export/brief.docx?period=2026Q3&indicators=RD_INTENSITY,RD_EXP")
    paras = [p.text for p in Document(io.BytesIO(r.data)).paragraphs if p.text.strip()]
    assert paras[paras.index("（一）R&D经费投入强度") + 1] == (
        "2026年前三季度全县R&D强度为0.81%，比上年提高0.05个百分点，居全市第3位，位次与上年持平。"
        "当前0.81%，年度目标0.90%，完成率90.00%（比率类指标，不比序时进度）。")
    assert paras[paras.index("（二）研究与试验发展(R&D)经费") + 1].endswith(
        "完成年度目标的72.41%，序时进度75.00%，与序时进度基本持平。")
    en = browser.get("/export/brief.docx?period=2026Q3&indicators=RD_INTENSITY,RD_EXP&lang=en")
    paras = [p.text for p in Document(io.BytesIO(en.data)).paragraphs if p.text.strip()]
    assert any(p.endswith("Now 0.81% against an annual target of 0.90% (90.00% of target; a ratio is not judged "
                          "against time progress).") for p in paras)


def test_deck_counts_no_ratio_against_time_progress(browser):
    r = browser.get("/export/deck.pptx?period=2026Q3&indicators=RD_INTENSITY,RD_EXP")
    slides = list(Presentation(io.BytesIO(r.data)).slides)
    slide = next(s for s in slides if _shape(s, "title").text_frame.text == "目标任务完成情况（2026年1—3季度）")
    assert _shape(slide, "subtitle").text_frame.text == (
        "序时进度75.00%：1项有目标的指标中，0项超序时进度或已完成，1项与序时进度持平，0项落后或未完成。"
        "比率类指标不比序时进度：R&D强度当前0.81%、目标0.90%。")
    plot = _shape(slide, "targets-chart").chart.plots[0]
    assert list(plot.categories) == ["R&D经费"]
    assert [round(v, 2) for v in plot.series[0].values] == [72.41] and list(plot.series[1].values) == [75.0]
    summary = [[c.text for c in row.cells] for row in _shape(slides[1], "summary-table").table.rows]
    assert [row[-1] for row in summary[1:]] == ["90.00%", "72.41%"]


def test_targets_page_and_ranking_on_completion_judge_the_ratio_as_shown(api):
    from figures import ranking as fr
    from layouts import model
    from layouts import targets as page
    from layouts import targets_model as tm

    with api.server.test_request_context("/"):
        snap = model.snapshot()
        frame = tm.home_progress("2026Q3", snap)
        rows = {r["indicator"]: r for r in page.table_rows(frame, "zh", "万元")}
        fig = page.progress_figure(list(frame["indicator"]), frame, "zh")
        r = fr.ranking(snap, "RD_INTENSITY", "2026Q3", "completion", home="130534")
    ratio = rows["R&D经费投入强度"]
    assert (ratio["actual"], ratio["target"], ratio["completion"], ratio["progress"], ratio["time_progress"],
            ratio["gap"], ratio["status"]) == ("0.81%", "0.90%", "90.00%", "—", "—", "—", "比率类指标，不比序时进度")
    assert "RD_INTENSITY" not in fig["data"][0]["y"]          # nothing of it drawn against the 序时进度 line
    assert r.home_analysis["value"] == pytest.approx(0.808653, abs=1e-6)
    assert float(r.rows.set_index("region").loc["130534", "measure"]) == 90.0


# ---------------------------------------------------------------- 3. one period, the overview's

def test_targets_page_opens_on_the_overview_period_with_its_completion(api):
    from layouts import model, overview_model
    from layouts import targets as page
    from layouts import targets_model as tm

    with api.server.test_request_context("/"):
        snap = model.snapshot()
        state = page.state_from({}, snap)
        old_link = page.state_from({"year": "2026"}, snap)
        frame = tm.home_progress(state["period"], snap)
        rows = {r["indicator"]: r for r in page.table_rows(frame, "zh", "万元")}
        fig, _, _, cap = page.render_home(state["period"], "zh", "万元", snap)
        card = next(c for c in overview_model.cards("zh", "万元", snap, None) if c["code"] == "RD_EXP")
        default = overview_model.default(snap)
    assert state["period"] == old_link["period"] == default == "2026Q3"
    assert state["periods"][:2] == ["2026M10", "2026Q3"]
    assert {r["period"] for r in rows.values()} == {"2026年1—3季度", "2026年三季度末"}
    assert rows["研究与试验发展(R&D)经费"]["completion"] == "72.41%" == \
        f"{card['progress']['completion_pct']:.2f}%"
    assert rows["高新技术企业数"]["actual"] == "94家"
    assert "期别：2026年1—3季度" in json.dumps(cap, default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert fig["layout"]["shapes"] and not [d for d in fig["data"] if d.get("name") == "序时进度"]


def test_targets_page_on_a_picked_period_takes_every_row_from_it(api):
    from layouts import model
    from layouts import targets as page
    from layouts import targets_model as tm

    with api.server.test_request_context("/"):
        snap = model.snapshot()
        frame = tm.home_progress("2026M10", snap)
        rows = {r["indicator"]: r for r in page.table_rows(frame, "zh", "万元")}
        group = tm.group_progress("TECH_CONTRACT", "2026M10", snap)
    assert rows["研究与试验发展(R&D)经费"]["period"] == "2026年1—10月"
    assert (rows["研究与试验发展(R&D)经费"]["completion"], rows["研究与试验发展(R&D)经费"]["time_progress"]) == \
        ("75.15%", "83.33%")
    assert (rows["高新技术企业数"]["period"], rows["高新技术企业数"]["actual"]) == ("2026年10月末", "96家")
    # no 1—10月 figure of 技术合同: stated as missing for October, never its 1—3季度 figure
    assert (rows["技术合同登记额"]["period"], rows["技术合同登记额"]["actual"], rows["技术合同登记额"]["status"]) == \
        ("2026年1—10月", "—", "数据缺失")
    assert set(group["period"]) == {"2026M10"} and group["completion_pct"].isna().all()
