"""The deck's layout where LibreOffice showed it breaking (issue 15, looked at as PNG): English summary rows that
wrap stay on their slides (split over more slides, nothing lost); five-year trend labels of money stay numbers
with the unit in the chart's title (no "19350 万元" running into its neighbour); labels never wrap inside."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from data.catalogue import load_indicators
from server.exports.deck import lines_needed


_BUILT: dict[str, bytes] = {}  # each deck is built once for this module's tests (about 4 s a deck)


def _deck(browser, query: str) -> Presentation:
    if query not in _BUILT:
        r = browser.get("/export/deck.pptx?" + query)
        assert r.status_code == 200, r.data[:300]
        _BUILT[query] = r.data
    return Presentation(io.BytesIO(_BUILT[query]))


def _named(slide, prefix: str) -> list:
    return [s for s in slide.shapes if s.name.startswith(prefix)]


@pytest.mark.parametrize(("text", "width_in", "expected"), [
    ("R&D经费", 3.0, 1),
    ("研究与试验发展(R&D)经费", 1.0, 4),          # 12 ems at 16 pt, breaking between CJK characters
    ("Completion", 1.6, 1),
    ("+0.06 percentage points", 2.0, 3),           # as LibreOffice draws it: +0.06 / percentage / points
    ("Technology-based SMEs (registered)", 2.6, 2),
    ("", 1.0, 1),
])
def test_lines_needed_literal(text, width_in, expected):
    assert lines_needed(text, width_in, 16) == expected


def test_english_summary_rows_stay_on_their_slides(browser):
    prs = _deck(browser, "period=2025&lang=en")
    keys = load_indicators().query("key == True")
    tables = [(s, _named(s, "summary-table")[0]) for s in prs.slides if _named(s, "summary-table")]
    assert len(tables) >= 2  # English names and values wrap: 11 rows do not fit one slide
    names = []
    for slide, shape in tables:
        assert shape.top + sum(r.height for r in shape.table.rows) <= prs.slide_height - Inches(0.3), shape.name
        rows = [[c.text for c in row.cells] for row in shape.table.rows]
        assert rows[0][0] == "Indicator"
        names += [r[0] for r in rows[1:]]
        assert all(r.height >= Inches(0.46) for r in shape.table.rows)
    assert len(names) == len(keys) and len(set(names)) == len(names)   # every key indicator once, none lost
    zh = _deck(browser, "period=2025")
    assert sum(1 for s in zh.slides if _named(s, "summary-table")) == 1   # the Chinese table still fits one slide


def test_trend_money_labels_are_numbers_with_the_unit_in_the_title(browser):
    for query, title, fmt in (("period=2025", "R&D经费（万元）", "0"),
                              ("period=2025&lang=en", "R&D expenditure (¥10k)", "#,##0")):
        prs = _deck(browser, query)
        rd = next(s for slide in prs.slides for s in _named(slide, "trend-RD_EXP")).chart
        assert rd.chart_title.text_frame.text == title
        assert rd.plots[0].data_labels.number_format == fmt
        hnte = next(s for slide in prs.slides for s in _named(slide, "trend-HNTE")).chart
        assert hnte.plots[0].data_labels.number_format == ('0"家"' if "en" not in query else '#,##0" firms"')
        assert not hnte.has_title or "（" not in hnte.chart_title.text_frame.text   # counts keep their unit on the label
        for chart in (rd, hnte):   # the labels' text body never wraps
            body = chart.plots[0].data_labels._element.find(qn("c:txPr")).find(qn("a:bodyPr"))  # noqa: SLF001
            assert body.get("wrap") == "none"


def test_ranking_slide_title_without_a_measure_word_has_no_stray_space(browser):
    prs = _deck(browser, "period=2025&lang=en")
    titles = [s.text_frame.text for slide in prs.slides for s in _named(slide, "title")]
    assert "R&D expenditure, 2025: city ranking" in titles, titles


def test_ranking_names_get_a_column_as_wide_as_the_longest(browser):
    """LibreOffice, left to itself, wraps "17. Guangzong County" and then drops every other name: the plot area
    is placed by hand, starting right of the longest ranked name at 18 pt."""
    from server.exports.deck import LABEL_PT, text_width_in

    prs = _deck(browser, "period=2025&lang=en")
    chart = next(s for slide in prs.slides for s in _named(slide, "ranking-chart")).chart
    manual = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea")).find(qn("c:layout")).find(  # noqa: SLF001
        qn("c:manualLayout"))
    x = float(manual.find(qn("c:x")).get("val"))
    names = list(chart.plots[0].categories)
    assert len(names) == 18 and names[2] == "3. Qinghe County"
    assert x * 8.7 >= max(text_width_in(n, LABEL_PT) for n in names)
    assert chart.category_axis._element.find(qn("c:txPr")).find(qn("a:bodyPr")).get("wrap") == "none"  # noqa: SLF001
