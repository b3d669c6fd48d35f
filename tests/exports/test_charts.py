"""Ranking charts as PNG (checked pixel by pixel with PIL) and SVG (checked as text)."""
from __future__ import annotations

import io
import subprocess

import numpy as np
from PIL import Image

from server.exports.charts import HOME_COLOR, OTHER_COLOR


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def _rows_with(pixels: np.ndarray, color: tuple[int, int, int]) -> np.ndarray:
    return np.flatnonzero((pixels == color).all(axis=2).any(axis=1))


def test_png_has_the_size_asked_and_the_home_county_highlighted_third_from_top(browser, analysis):
    r = browser.get("/export/chart.png?indicator=RD_EXP&period=2023&measure=value&width=1000&height=700")
    assert r.status_code == 200 and r.mimetype == "image/png"
    img = Image.open(io.BytesIO(r.data))
    assert img.format == "PNG" and img.size == (1000, 700)
    px = np.asarray(img.convert("RGB"))
    home_rows, other_rows = _rows_with(px, _rgb(HOME_COLOR)), _rows_with(px, _rgb(OTHER_COLOR))
    assert len(home_rows) > 5 and len(other_rows) > 50
    # The home bar sits below as many bars as there are counties ranked above it.
    rd = analysis[(analysis["indicator"] == "RD_EXP") & (analysis["period"] == "2023") & (analysis["region"] == "130534")]
    above = int(rd["rank"].iloc[0]) - 1
    bars_above = np.split(other_rows[other_rows < home_rows.min()],
                          np.flatnonzero(np.diff(other_rows[other_rows < home_rows.min()]) > 1) + 1)
    assert above == 2 and len([b for b in bars_above if len(b)]) == above


def test_png_scale_doubles_pixels(browser):
    img = Image.open(io.BytesIO(browser.get("/export/chart.png?indicator=HNTE&period=2023&width=600&height=400"
                                            "&scale=2").data))
    assert img.size == (1200, 800)


def test_svg_carries_chinese_labels_font_footnote_and_demo_label(browser):
    r = browser.get("/export/chart.svg?indicator=TSME&period=2023")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    svg = r.get_data(as_text=True)
    for text in ("清河县", "宁晋县", "科技型中小企业", "数据来源", "数据截至", "示例数据", "Noto Sans CJK SC"):
        assert text in svg, text
    assert HOME_COLOR.lower() in svg.lower() or "rgb(215, 38, 30)" in svg


def test_yoy_measure_sorts_by_growth(browser):
    r = browser.get("/export/chart.svg?indicator=RD_EXP&period=2023&measure=yoy")
    assert r.status_code == 200 and "同比增速" in r.get_data(as_text=True)


def test_cjk_font_is_installed_for_chromium():
    out = subprocess.run(["fc-match", "Noto Sans CJK SC"], capture_output=True, text=True).stdout
    assert "NotoSansCJK" in out.replace(" ", ""), out


def test_bad_chart_requests_are_json_errors(browser):
    assert browser.get("/export/chart.png?indicator=NOPE").status_code == 400
    r = browser.get("/export/chart.png?indicator=RD_EXP&period=1990")
    assert r.status_code == 404 and r.is_json
    assert browser.get("/export/chart.gif?indicator=RD_EXP").status_code == 404
