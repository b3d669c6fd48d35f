"""A coherent overview (issue 13): one period for every card (default: the latest the home county reported),
each card naming its period, targets of the same year, ranks from the one ranking."""
from __future__ import annotations

import json

from plotly.utils import PlotlyJSONEncoder


def test_cards_share_the_chosen_period_and_its_year(figures_app):
    from layouts import model, overview
    from layouts import overview_model as om
    from layouts import rankings_model as rm

    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        period, options = om.chosen_period(None, snap)
        assert period == "2026Q3" and options[0] == "2026Q3" and "2025" in options
        items = om.cards("zh", "万元", snap, period)
        labels = {c["code"]: overview.card_period(c, "zh") for c in items}
        assert labels["RD_EXP"] == "2026年1—3季度" and labels["HNTE"] == "2026年三季度末"
        for c in items:
            assert c["period"] == "2026Q3"
            if c["progress"] is not None:
                assert int(c["progress"]["year"]) == 2026 and c["progress"]["period"] == "2026Q3"
            ranked = rm.result(c["code"], "2026Q3", "value", snap).rank_text(lang="zh")
            if c["frequency"] is None:
                assert c["rank_text"] == ranked
            else:  # brk5 #14: nobody reports it quarterly: the card says so instead of the ranking's empty state
                assert (c["frequency"], c["rank_text"], ranked) == ("Y", "按年报送", "已报 0/18，暂不排名")
        rd = next(c for c in items if c["code"] == "RD_EXP")
        assert rd["progress"]["time_progress_pct"] == 75.0 and rd["progress"]["basis"] == "flow"
        hnte = next(c for c in items if c["code"] == "HNTE")
        assert hnte["progress"]["basis"] == "increment"

        annual = om.cards("zh", "万元", snap, "2025")
        rd25 = next(c for c in annual if c["code"] == "RD_EXP")
        assert overview.card_period(rd25, "zh") == "2025年" and int(rd25["progress"]["year"]) == 2025

        page = overview.layout(lang="zh", period="2025")
        text = json.dumps(json.loads(json.dumps(page, cls=PlotlyJSONEncoder)), ensure_ascii=False)
        assert '"id": "overview-period"' in text and '"value": "2025"' in text
        assert text.count("2025年") >= len(annual)  # every card and table row names 2025



def _hrefs(page) -> dict:
    """id -> href of the overview's brief links in a rendered layout."""
    found = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if str(props.get("id", "")).startswith("overview-") and "href" in props:
                found[props["id"]] = props["href"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(json.loads(json.dumps(page, cls=PlotlyJSONEncoder)))
    return {k: v for k, v in found.items() if k in ("overview-docx", "overview-pdf", "overview-onepage")}


def test_brief_links_export_the_period_the_cards_show(figures_app):
    """The overview's 简报 links (.docx, .pdf, one page) carry the period shown, on first render and after the
    period is changed, and the brief they open is that period's (not the latest year's)."""
    import io

    from docx import Document

    from layouts import overview

    with figures_app.server.test_request_context("/"):
        assert _hrefs(overview.layout(lang="zh", period="2025")) == {
            "overview-docx": "/export/brief.docx?period=2025", "overview-pdf": "/export/brief.pdf?period=2025",
            "overview-onepage": "/export/brief.pdf?period=2025&layout=onepage"}
        # the default period is the latest the home county reported, a quarter
        assert _hrefs(overview.layout(lang="en", unit="yi"))["overview-pdf"] == \
            "/export/brief.pdf?period=2026Q3&lang=en&unit=yi"
        _, docx, pdf, onepage = overview.update("2024", {"lang": "zh", "scale": "万元", "unit": None})
        assert (docx, pdf, onepage) == ("/export/brief.docx?period=2024", "/export/brief.pdf?period=2024",
                                        "/export/brief.pdf?period=2024&layout=onepage")
        _, docx, _, _ = overview.update("2026Q3", {"lang": "zh", "scale": "万元", "unit": None})
        assert docx == "/export/brief.docx?period=2026Q3"
    got = figures_app.server.test_client().get(docx)
    assert got.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(got.data)).paragraphs)
    assert "2026年1—3季度" in text
