"""Series breaks (口径调整) and notes (说明) on figures reach every reader by one road (figures.notes via
Ranking.note_lines): the API's rankings, the rankings page's caption, meeting mode, the PNG footnote, the PPTX slide and the
brief (DOCX). A note recorded over the API by an approver shows at once. Literal expected lines."""
from __future__ import annotations

import io

import pytest
from docx import Document
from pptx import Presentation

from tests.api.apps import login_session, make_api_app

BREAK_ZH = "口径调整（沙河市）：2021年起R&D经费按新统计口径（含非规上企业）核算，与上年不可比"  # the demo's break
BREAK_EN = "Series break (Shahe City): 2021年起R&D经费按新统计口径（含非规上企业）核算，与上年不可比"
NOTE = "2023年起按新认定办法统计，含当年新认定的12家"
NOTE_ZH, NOTE_EN = f"说明（清河县）：{NOTE}", f"Note (Qinghe County): {NOTE}"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    api = make_api_app(tmp_path_factory.mktemp("notes"), demo=True)
    from server.auth import tokens, users

    with api.engine().begin() as conn:
        users.create(conn, "notes-checker", "Pw-notes-checker-2026-long", ["approver"], actor="test",
                     must_change_password=False)
        approver = tokens.create(conn, "notes-checker", "test", actor="test")[1]
    resp = api.server.test_client().post(
        "/api/v1/annotations", headers={"Authorization": f"Bearer {approver}"},
        json={"indicator": "HNTE", "region": "130534", "period": "2023", "kind": "note", "text": NOTE})
    assert resp.status_code == 200, resp.data
    return api


@pytest.fixture(scope="module")
def browser(api):
    return login_session(api)


def test_the_api_ranking_carries_the_notes(api):
    c = api.client()
    assert c.get("/api/v1/rankings?indicator=RD_EXP&period=2021").json["notes"] == [BREAK_ZH]
    assert c.get("/api/v1/rankings?indicator=RD_EXP&period=2021&lang=en").json["notes"] == [BREAK_EN]
    assert c.get("/api/v1/rankings?indicator=RD_EXP&period=2021Q3").json["notes"] == [BREAK_ZH]  # the year's 口径
    assert c.get("/api/v1/rankings?indicator=RD_EXP&period=2022").json["notes"] == []
    assert c.get("/api/v1/rankings?indicator=HNTE&period=2023").json["notes"] == [NOTE_ZH]
    assert c.get("/api/v1/rankings?indicator=HNTE&period=2023&lang=en").json["notes"] == [NOTE_EN]


def test_page_caption_meeting_mode_and_png_footnote(api):
    from layouts import model
    from layouts import rankings, rankings_meeting
    from server.context import engine, snapshot
    from server.exports import charts, meta as export_meta
    from figures import ranking as fr

    with api.server.test_request_context("/"):
        snap = snapshot()
        state = {"indicator": "HNTE", "period": "2023", "measure": "value", "group": model.group_of(snap=snap),
                 "deck": ["HNTE"], "within": False}
        cap = str(rankings.render(state, "zh", "万元", snap)["rank"][3])
        assert NOTE_ZH in cap and "定义与口径" in cap
        meeting = rankings_meeting.slide(["RD_EXP"], 0, "2021", "value", "zh", "万元", snap)
        assert f"◆ {BREAK_ZH}" in str(meeting["flags"])                            # meeting mode
        r = fr.ranking(snap, "RD_EXP", "2021", home="130534")
        fig = charts.ranking_figure(r, export_meta.meta_for(snap, engine()), "zh")
        foot = [a.text for a in fig.layout.annotations if "来源" in (a.text or "")]
        assert len(foot) == 1 and foot[0].endswith("<br>" + BREAK_ZH)


def test_deck_and_brief_carry_the_notes(browser):
    resp = browser.get("/export/deck.pptx?indicators=RD_EXP,HNTE&period=2021")
    assert resp.status_code == 200
    prs = Presentation(io.BytesIO(resp.data))
    feet = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.name == "footnote"]
    assert len(feet) == 2 and feet[0].split("\n")[1:] == [BREAK_ZH] and feet[1].split("\n")[1:] == []
    resp = browser.get("/export/brief.docx?indicators=RD_EXP,HNTE&period=2023")
    assert resp.status_code == 200
    paras = [p.text for p in Document(io.BytesIO(resp.data)).paragraphs]
    assert NOTE_ZH in paras and BREAK_ZH not in paras
