"""Plotly figures as plain dicts (no validation cost per callback). Numbers arrive ready to plot."""
from __future__ import annotations

from plots.theme import CITY, HOME, LINE, MUTED, PALETTE, PEER, base_layout
from texts.i18n import period_tick

# combo(): the bar panel above, the 同比 panel below (fractions of the plot height)
BAR_DOMAIN = (0.40, 1.0)
YOY_DOMAIN = (0.0, 0.27)


def period_axis(x: list[str]) -> dict:
    """A category axis over period labels, each tick written by texts.i18n.period_tick (hover texts keep the one-line
    label: only the ticks wrap)."""
    axis: dict = {"type": "category"}
    ticks = [period_tick(p) for p in x]
    if ticks != [str(p) for p in x]:
        axis.update(tickmode="array", tickvals=list(x), ticktext=ticks)
    return axis


def combo(x: list[str], bars: list, bar_name: str, lines: list[dict], y_title: str, y2_title: str,
          breaks: list[dict] | None = None, bar_text: list[str] | None = None) -> dict:
    """Value bars on top, 同比 lines in a panel of their own underneath (one shared period axis), so line
    markers never sit on the bars' value labels; the 同比 axis always includes 0 (a swing from 8% to 13% is
    not drawn as a fivefold one). Series breaks: dotted lines across both panels with their reason.

    x: period labels; bars: values in the display unit; lines: [{"name", "y", "text", "dash"?}] in % or
    百分点; breaks: [{"x": a label of x, "label", "text"}]. Returns a plotly figure dict."""
    data = [{"type": "bar", "x": x, "y": bars, "name": bar_name, "marker": {"color": PEER},
             "text": bar_text, "textposition": "outside", "cliponaxis": False,
             "hovertemplate": "%{x}<br>%{text}<extra>" + bar_name + "</extra>" if bar_text else None}]
    for i, line in enumerate(lines):
        data.append({"type": "scatter", "mode": "lines+markers", "x": x, "y": line["y"], "name": line["name"],
                     "yaxis": "y2", "line": {"color": [HOME, CITY, LINE][i % 3], "width": 3,
                                             "dash": line.get("dash", "solid")},
                     "marker": {"size": 8}, "connectgaps": False,
                     "text": line.get("text"), "hovertemplate": "%{x}<br>%{text}<extra>" + line["name"] + "</extra>"})
    shapes, notes = [], []
    for b in breaks or []:
        # category positions by index: a label like "2021" would be read as position 2021
        pos = x.index(b["x"]) - 0.5 if b["x"] in x else None
        if pos is None:
            continue
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": pos, "x1": pos, "y0": 0, "y1": 1,
                       "line": {"color": "#8e44ad", "width": 2, "dash": "dot"}})
        notes.append({"x": pos, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False,
                      "text": "◆ " + b["label"], "hovertext": b["text"], "font": {"color": "#8e44ad", "size": 13},
                      "bgcolor": "rgba(255,255,255,0.85)"})
    # the 同比 panel's title sits level, in the gap between the panels: rotated in a short panel it is clipped
    notes.append({"x": 0, "y": YOY_DOMAIN[1], "xref": "paper", "yref": "paper", "xanchor": "left",
                  "yanchor": "bottom", "showarrow": False, "text": y2_title, "font": {"size": 13, "color": "#52606d"},
                  "yshift": 6})
    yoy_axis = {"domain": list(YOY_DOMAIN), "anchor": "x", "showgrid": True, "gridcolor": "#f3f5f8",
                "zeroline": True, "zerolinecolor": "#9aa9b8", "zerolinewidth": 1.5, "rangemode": "tozero",
                "tickmode": "auto", "nticks": 4, "automargin": True}
    if yoy_range(lines):
        yoy_axis["range"] = yoy_range(lines)
    layout = base_layout(
        yaxis2=yoy_axis, barmode="group", shapes=shapes, annotations=notes, hovermode="x unified",
        yaxis={"title": {"text": y_title}, "gridcolor": "#eef1f5", "automargin": True, "rangemode": "tozero",
               "domain": [BAR_DOMAIN[0], 1], "anchor": "x"},
        xaxis={**period_axis(x), "automargin": True, "anchor": "y2"},
        margin={"l": 60, "r": 24, "t": 36, "b": 40},
    )
    return {"data": data, "layout": layout}


def yoy_range(lines: list[dict]) -> list[float] | None:
    """The 同比 axis range: always including 0, with 12% headroom both ways so no marker sits on the axis
    line or on the period labels under it. None without any figure (plotly's default then)."""
    import math

    ys = [float(v) for line in lines for v in line["y"] if v is not None and math.isfinite(float(v))]
    if not ys:
        return None
    lo, hi = min(0.0, *ys), max(0.0, *ys)
    pad = (hi - lo) * 0.12 or 1.0
    return [lo - pad, hi + pad]


def lines(x: list[str], series: list[dict], y_title: str, home_name: str | None = None,
          change: bool = False) -> dict:
    """Comparison lines: the home county bold red, the city average dashed gold, peers in the palette.
    change=True (同比 lines): the axis includes 0, with the zero line drawn."""
    data = []
    peers = iter(PALETTE[0:1] + PALETTE[3:])
    for s in series:
        if s.get("role") == "home":
            style = {"color": HOME, "width": 4}
        elif s.get("role") == "city":
            style = {"color": CITY, "width": 3, "dash": "dash"}
        else:
            style = {"color": next(peers, PEER), "width": 2}
        data.append({"type": "scatter", "mode": "lines+markers", "x": x, "y": s["y"], "name": s["name"],
                     "line": style, "marker": {"size": 7}, "text": s.get("text"),
                     "hovertemplate": "%{x}<br>%{text}<extra>" + s["name"] + "</extra>"})
    yaxis = {"title": {"text": y_title}, "gridcolor": "#eef1f5", "automargin": True}
    if change:
        yaxis.update(zeroline=True, zerolinecolor="#9aa9b8", zerolinewidth=1.5)
        if yoy_range(series):
            yaxis["range"] = yoy_range(series)
    return {"data": data, "layout": base_layout(yaxis=yaxis,
                                                 xaxis=period_axis(x), hovermode="closest",
                                                 margin={"l": 60, "r": 24, "t": 24, "b": 40})}


def text_width(text: str, font_size: int) -> float:
    """Rough width in px of one line of text: CJK characters one em, others 0.62 em."""
    return sum(font_size if ord(ch) > 0x2E80 else 0.62 * font_size for ch in str(text))


def ranking(names: list[str], values: list, texts: list[str], is_home: list[bool], x_title: str,
            avg: float | None, avg_label: str, font_size: int = 14) -> dict:
    """Horizontal bars, first place on top; the home county in red; the city average as a dashed line.

    The value labels stand in a column of their own right of the plot (annotations at the bar's row), so
    neither the average line nor a long or negative bar ever runs through them; the average's label sits
    above the plot at the line. names/values/texts/is_home: one entry per bar, best first."""
    colors = [HOME if h else PEER for h in is_home]
    data = [{"type": "bar", "orientation": "h", "y": names, "x": values, "text": texts, "textposition": "none",
             "marker": {"color": colors}, "hovertemplate": "%{y}<br>%{text}<extra></extra>", "name": x_title}]
    shapes, notes = [], []
    for i, (text, home) in enumerate(zip(texts, is_home)):  # y by row index: a name like "2021" is no number
        notes.append({"x": 1, "xref": "paper", "xanchor": "left", "xshift": 8, "y": i, "yref": "y",
                      "showarrow": False, "text": text, "align": "left",
                      "font": {"size": font_size, "color": HOME if home else "#1f2d3d"}})
    if avg is not None:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": avg, "x1": avg, "y0": 0, "y1": 1,
                       "line": {"color": CITY, "width": 3, "dash": "dash"}})
        notes.append({"x": avg, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False,
                      "text": avg_label, "font": {"color": "#8a6400", "size": font_size}})
    right = int(max([text_width(t, font_size) for t in texts if t] or [0]) + 24)
    layout = base_layout(
        shapes=shapes, annotations=notes, showlegend=False, bargap=0.25,
        yaxis={"autorange": "reversed", "type": "category", "automargin": True, "tickfont": {"size": font_size}},
        xaxis={"title": {"text": x_title}, "gridcolor": "#eef1f5", "automargin": True, "zeroline": True,
               "zerolinecolor": "#c5ced8"},
        margin={"l": 90, "r": max(right, 40), "t": 32 + font_size, "b": 48},
        font={"size": font_size},
    )
    return {"data": data, "layout": layout}


def bump(x: list[str], series: list[dict], n: int, y_title: str) -> dict:
    """Rank over the years (1 on top): the home county red and thick, the others muted.

    The home county's 位次 of each year is written under the year on the axis ("2023 / 第3"), not beside
    its markers, where it would sit on a neighbour's marker one rank away."""
    data = []
    home_labels = None
    for s in sorted(series, key=lambda s: s.get("home", False)):  # home drawn last, on top
        home = s.get("home", False)
        if home and s.get("labels"):
            home_labels = s["labels"]
        data.append({"type": "scatter", "mode": "lines+markers", "x": x, "y": s["y"], "name": s["name"],
                     "line": {"color": HOME if home else MUTED, "width": 5 if home else 1.5},
                     "marker": {"size": 11 if home else 6, "color": HOME if home else MUTED},
                     "opacity": 1 if home else 0.75,
                     "hovertemplate": s["name"] + " %{x}: %{y}<extra></extra>"})
    xaxis = {"type": "category"}
    if home_labels:
        xaxis.update(tickmode="array", tickvals=list(x),
                     ticktext=[f"{p}<br><span style='color:{HOME}'><b>{lab}</b></span>" if lab else str(p)
                               for p, lab in zip(x, home_labels)])
    layout = base_layout(
        showlegend=False, hovermode="closest",
        yaxis={"title": {"text": y_title}, "dtick": 1 if n <= 20 else None, "range": [n + 0.5, 0.5],
               "gridcolor": "#eef1f5", "zeroline": False, "tickfont": {"size": 12 if n > 12 else 14}},
        xaxis=xaxis, margin={"l": 60, "r": 24, "t": 16, "b": 48},
    )
    return {"data": data, "layout": layout}


def sparkline(x: list[str], y: list) -> dict:
    return {"data": [{"type": "scatter", "mode": "lines+markers", "x": x, "y": y, "hoverinfo": "x+y",
                      "line": {"color": PEER, "width": 2}, "marker": {"size": 4, "color": PEER},
                      "fill": "tozeroy", "fillcolor": "rgba(47,93,138,0.08)"}],
            "layout": base_layout(margin={"l": 0, "r": 0, "t": 2, "b": 0}, height=56, showlegend=False,
                                  xaxis={"visible": False, "type": "category"},
                                  yaxis={"visible": False, "rangemode": "tozero"})}


def choropleth(geojson: dict, locations: list[str], z: list, hover: list[str], colorbar_title: str,
               reverse: bool = False, selected: str | None = None) -> dict:
    """Counties coloured by the measure; the home county outlined; no basemap (offline)."""
    scale = [[0, "#e8f0f8"], [0.5, "#6f9bc6"], [1, "#123e6b"]]
    data = [{"type": "choropleth", "geojson": geojson, "featureidkey": "properties.adcode",
             "locations": locations, "z": z, "text": hover, "hovertemplate": "%{text}<extra></extra>",
             "colorscale": scale, "reversescale": reverse,
             "marker": {"line": {"color": "white", "width": 1}},
             "colorbar": {"title": {"text": colorbar_title}, "thickness": 14, "len": 0.8}}]
    if selected:
        data.append({"type": "choropleth", "geojson": geojson, "featureidkey": "properties.adcode",
                     "locations": [selected], "z": [0], "showscale": False, "hoverinfo": "skip",
                     "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                     "marker": {"line": {"color": HOME, "width": 4}}})
    layout = base_layout(
        geo={"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"},
             "bgcolor": "rgba(0,0,0,0)"},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, dragmode=False,
    )
    return {"data": data, "layout": layout}
