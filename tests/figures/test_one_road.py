"""One road to every figure: over the whole demo data, every indicator × period × measure gives the same rank
and value on the rankings page (league table), in the API (/api/v1/rankings), in the PNG chart's and the PPTX
slide's footnote and in meeting mode's sentence — because they all read figures.ranking."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from pptx import Presentation

from data.catalogue import load_indicators
from figures import ranking as fr

HOME = "130534"


def _rank_in(text: str) -> int | None:
    """The home rank a text states ("第3/18", "第3位", "并列第3/18"), None when it states none."""
    m = re.search(r"第(\d+)(?:/\d+|位)", text)
    return int(m.group(1)) if m else None


@pytest.fixture(scope="module")
def walk(figures_app):
    from layouts import model
    from layouts import rankings_model as rm

    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        group = model.group_of(snap=snap)
        cases = [(code, period, measure) for code in load_indicators()["code"]
                 for period in rm.periods(code, snap, group) for measure in fr.MEASURES]
    return cases


def test_every_indicator_period_and_measure_agrees(figures_app, walk):
    from layouts import model
    from layouts import rankings
    from layouts import rankings_model as rm
    from server.exports import charts
    from server.exports.meta import ExportMeta

    assert len(walk) > 1000  # 30 indicators × ~22 periods × 4 measures
    client = figures_app.server.test_client()
    meta = ExportMeta(None, False, 1, True)
    seen = {"city": 0, "reported": 0, "none": 0}
    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        for code, period, measure in walk:
            r = rm.result(code, period, measure, snap)
            seen[r.scope] += 1
            home = r.home_rank_row
            rank = None if r.scope == "none" or pd.isna(home.get("rank")) else int(home["rank"])
            # the page: league table row of the home county
            league = rankings.league_rows(r, "万元", "zh")
            page = next(row for row in league if row["home"])
            assert _rank_in(page["rank"]) == rank, (code, period, measure, page)
            # the API
            body = client.get(f"/api/v1/rankings?indicator={code}&period={period}&measure={measure}&limit=50").json
            item = next(i for i in body["items"] if i["is_home"])
            assert item["rank"] == rank and body["scope"] == r.scope, (code, period, measure, item)
            assert body["home_rank_text"] == r.rank_text(lang="zh")
            assert (item["measure"], item["value"]) == (_json(home["measure"]), _json(home["value"]))
            assert body["reported"] == r.reported.n and body["expected"] == 18
            # the footnote under the PNG chart and the PPTX slide (one function, checked on both below)
            foot = charts.footnote(r, meta, "zh")
            assert _rank_in(foot.split("位次：")[-1]) == rank and r.rank_text(lang="zh") in foot
            # meeting mode's sentence states the same rank (or none), and the API gives the same sentence
            sentence = rm.sentence(code, period, "zh", snap, measure)
            assert sentence == body["sentence"]
            if sentence:
                assert _rank_in(sentence) == rank, (code, period, measure, sentence)
    assert seen["city"] > 1000 and seen["none"] > 0  # complete groups rank; incomplete ones (gaps, no target) don't


def test_png_and_pptx_footnotes_and_meeting_slides_read_the_same_ranking(figures_app):
    """The rendered artefacts (PNG figure, PPTX slide, meeting slide) carry the ranking's rank and sentence."""
    from layouts import model, rankings_meeting
    from layouts import rankings_model as rm
    from server.exports import charts, deck
    from server.exports.meta import ExportMeta

    prs = Presentation()
    meta = ExportMeta(None, False, 1, True)
    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        for code in model.key_indicators():
            for measure in fr.MEASURES:
                for period in ("2023", "2026Q3"):
                    r = rm.result(code, period, measure, snap)
                    foot = charts.footnote(r, meta, "zh")
                    assert foot in [a.text for a in charts.ranking_figure(r, meta, "zh").layout.annotations]
                    deck.ranking_slide(prs, r, snap, meta, "zh")
                    slide = next(s for s in prs.slides[-1].shapes if s.name == "footnote").text_frame.text
                    assert slide == foot
                    s = rankings_meeting._slide(code, 0, 1, period, measure, "zh", "万元", snap)
                    shown = rm.slide_period(code, period, snap, model.group_of(snap=snap))  # its latest year if absent
                    assert s["sentence"] == rm.sentence(code, shown, "zh", snap, measure)


def _json(v):
    return None if v is None or v != v else float(v)


def test_share_of_a_ratio_is_not_applicable_rather_than_missing_reports(figures_app):
    """R&D强度 does not add up: its 占全市比重 is "不计算", never "可比 0/18，暂不排名" (which reads as 18 units not
    having reported); the sentence states value and change without a rank clause."""
    from figures.ranking import ranking
    from figures.sentences import ranking_sentence

    from layouts import model

    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
    r = ranking(snap, "RD_INTENSITY", "2025", "share", home="130534")
    assert r.state_text("zh") == "该指标不可加总，不计算占全市比重"
    assert r.rank_text(lang="en") == "not additive: no share of the city total"
    assert ranking_sentence(r, snap.regions) == "2025年全县R&D强度为0.78%，比上年提高0.06个百分点。"
    assert ranking(snap, "RD_EXP", "2025", "share", home="130534").state_text("zh") == ""
