"""The brief's 总体情况 over a year of stocks and ratios (bw10, demo data, 2024: 高新技术企业 and R&D强度) opens
"In 2024, …", never "At the 2024, …"; "At the end of …" stays for a date inside the year. Literal expected values."""
from __future__ import annotations

import io

import pytest
from docx import Document

from tests.api.apps import login_session, make_api_app


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    return login_session(make_api_app(tmp_path_factory.mktemp("brief-year"), demo=True))


def _overview(browser, query: str) -> str:
    r = browser.get("/export/brief.docx?" + query)
    assert r.status_code == 200, r.data[:300]
    paras = [p.text for p in Document(io.BytesIO(r.data)).paragraphs if p.text.strip()]
    return paras[paras.index("1. Overview" if "lang=en" in query else "一、总体情况") + 1]


def test_a_year_of_stocks_opens_in_the_year(browser):
    assert _overview(browser, "period=2024&indicators=HNTE,RD_INTENSITY&lang=en") == (
        "In 2024, of the 2 key S&T indicators of Qinghe County, 1 grew year on year, 1 was unchanged on last year; "
        "among the county-level units of Xingtai City, 1 indicator moved down, 1 indicator kept last year's rank. "
        "2 indicators rank in the city's top three: High-tech enterprises, R&D intensity (% of GDP).")
    assert _overview(browser, "period=2024&indicators=HNTE,RD_INTENSITY").startswith(
        "2024年，清河县纳入监测的2项主要科技指标中，1项同比增长，1项与上年持平；")
    assert _overview(browser, "period=2026Q3&indicators=HNTE&lang=en").startswith(
        "At the end of Q3 2026, of the 1 key S&T indicator of Qinghe County, 1 grew year on year; ")
