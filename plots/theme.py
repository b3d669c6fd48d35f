"""One look for every page: Mantine theme, plotly layout defaults and graph config.

A sober palette for a government bureau that stays legible on a projector: deep blue for data,
官方红 for the home county, large type. Fonts are vendored (assets/00_fonts.css): no CDN.
"""
from __future__ import annotations

FONT_FAMILY = ('"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", '
               '"Hiragino Sans GB", "Source Han Sans SC", sans-serif')

HOME = "#c0392b"      # the home county, everywhere
PEER = "#2f5d8a"      # other counties
CITY = "#e0a100"      # city average / total
MUTED = "#9aa9b8"
LINE = "#1b3a5c"
PALETTE = ["#2f5d8a", "#c0392b", "#e0a100", "#3a8f6f", "#7b5ea7", "#d9822b", "#4aa3c8", "#8c6d46"]

MANTINE_THEME = {
    "primaryColor": "blue",
    "primaryShade": 8,
    "fontFamily": FONT_FAMILY,
    "headings": {"fontFamily": FONT_FAMILY, "fontWeight": "700"},
    "defaultRadius": "sm",
    "fontSizes": {"xs": "13px", "sm": "14px", "md": "16px", "lg": "18px", "xl": "21px"},
}


def base_layout(**overrides) -> dict:
    """Plotly layout defaults shared by every chart."""
    layout = {
        "font": {"family": FONT_FAMILY, "size": 14, "color": "#1f2d3d"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 56, "r": 24, "t": 24, "b": 56},
        "colorway": PALETTE,
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        # ticks are plain numbers in the axis's own unit (万元, 亿元, 家…), never SI "10k" / "1M"
        "xaxis": {"gridcolor": "#eef1f5", "linecolor": "#c5ced8", "automargin": True, "exponentformat": "none"},
        "yaxis": {"gridcolor": "#eef1f5", "zerolinecolor": "#c5ced8", "automargin": True, "exponentformat": "none"},
        "separators": ".,",
    }
    layout.update(overrides)
    for key, axis in layout.items():  # every axis, also those a chart sets itself
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis.setdefault("exponentformat", "none")
    return layout


def graph_config(lang: str, filename: str = "chart") -> dict:
    """Modebar in the page's language (zh-CN locale vendored in assets/); PNG export works offline."""
    return {
        "locale": "zh-CN" if lang == "zh" else "en",
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendDataToCloud"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
