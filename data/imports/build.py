"""From a layout's cells to observations: match regions and indicators, resolve periods, parse numbers,
convert units. Problems found on the way (per cell) are returned with the observations."""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.imports import mappings
from data.imports import problems as P
from data.imports.clean import parse_numbers, unit_factor
from data.imports.layouts import Layout
from data.imports.match import Matcher, norm
from data.imports.periods import Period, parse_period, parse_ytd_flag

STATUS = {"快报": "preliminary", "初步": "preliminary", "预计": "estimated", "估算": "estimated", "正式": "final",
          "最终": "final", "修订": "revised", "preliminary": "preliminary", "final": "final", "revised": "revised",
          "estimated": "estimated"}


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """fn applied once per distinct value (no per-row Python, no string-dtype inference)."""
    s = pd.Series(series, dtype=object)
    codes, uniq = pd.factorize(s, use_na_sentinel=False)
    out = np.empty(len(uniq), dtype=object)
    out[:] = [fn(u) for u in uniq]
    return pd.Series(out[codes] if len(codes) else out[:0], index=s.index, dtype=object)


def _remembered_indicator(matcher: Matcher, label) -> str | None:  # noqa: ANN001
    key = ("indicator", norm(label))
    code = matcher.remembered.get(key)
    if code is not None:
        matcher.used.add(key)
    return code


def build(layout: Layout, matcher: Matcher, file_name: str, formula_blanks: set) -> tuple[pd.DataFrame, list]:
    """Returns (obs with meta columns, list of problem frames)."""
    cells = layout.cells.copy()
    cells["file"] = file_name
    probs: list[pd.DataFrame] = []
    for p in layout.problems:
        r, c = p["cell"]
        probs.append(pd.DataFrame([P.one(p["rule"], file=file_name, sheet=layout.sheet,
                                         cell=P.cell_refs([r], [c])[0], row_label=p["row_label"],
                                         col_label=p["col_label"], value=p["value"], message_zh=p["zh"],
                                         message_en=p["en"], fix_zh=p["fix_zh"], fix_en=p["fix_en"])]))
    if cells.empty:
        return cells, probs
    inds = matcher.indicators.set_index("code")
    # Indicators: remembered mappings for labels the catalogue did not know.
    miss = cells["indicator"].isna()
    if miss.any():
        mapped = cells.loc[miss, "indicator_label"].map(lambda s: _remembered_indicator(matcher, s))
        cells.loc[miss, "indicator"] = mapped
    unknown_ind = cells["indicator"].isna()
    # Numbers
    value, state, pct = parse_numbers(cells["raw"])
    if formula_blanks:
        key = pd.Series(list(zip(cells["row"], cells["col"])), index=cells.index)
        fb = key.isin(formula_blanks) & state.eq("blank")
        if fb.any():
            probs.append(P.make("formula_no_value", cells[fb]))
            state[fb] = "missing"
    blank = state.eq("blank")
    # Regions
    matcher.set_scope(pd.unique(cells["region_label"].astype(object)))
    region = matcher.regions_for(cells["region_label"])
    # Remembered mappings said where they acted; rows/columns remembered as "ignore" leave here, reported.
    keep, mapping_probs = mappings.report_and_drop(cells, region, matcher)
    probs += mapping_probs
    if not keep.all():
        cells, region, value, state, pct, blank, unknown_ind = (
            x[keep.to_numpy()] for x in (cells, region, value, state, pct, blank, unknown_ind))
    unknown_reg = region.isna()
    # Unknown labels: report once per label cell (a wide row, a wide column, a long-form cell).
    rows_with_data = ~blank
    ur = cells[unknown_reg & (rows_with_data | cells["region_label"].astype(str).ne(""))]
    ur = ur.drop_duplicates(["sheet", "region_row", "region_col"])
    ur = ur[ur["region_label"].astype(str).str.len() > 0]
    probs.append(P.make("unknown_region", ur, row="region_row", col="region_col", value="region_label"))
    ui = cells[unknown_ind].drop_duplicates(["sheet", "ind_row", "ind_col"])
    probs.append(P.make("unknown_indicator", ui, row="ind_row", col="ind_col", value="indicator_label"))
    # Periods
    # Parse each distinct period text once; Period objects themselves never go through pandas.
    codes, uniq = pd.factorize(pd.Series(cells["period_text"], dtype=object), use_na_sentinel=False)
    parsed = [parse_period(u) for u in uniq]
    parsed = [p if (p is not None and p.label) else None for p in parsed]

    def per_cell(values, dtype=object):
        return pd.Series(np.array(values, dtype=dtype)[codes] if len(codes) else np.array([], dtype=dtype),
                         index=cells.index)
    period = per_cell([p.label if p else None for p in parsed])
    kind = per_cell([p.kind if p else None for p in parsed])
    p_ytd = per_cell([bool(p and p.is_ytd) for p in parsed], dtype=bool)
    no_period = period.isna() & ~blank
    if no_period.any():
        np_cells = cells[no_period].drop_duplicates(["sheet", "period_row", "period_col"])
        probs.append(P.make("missing_period", np_cells, row="period_row", col="period_col", value="period_text"))
    flags = _map_unique(cells["ytd_text"], parse_ytd_flag)
    bad_flag = cells["ytd_text"].notna() & cells["ytd_text"].astype(str).str.strip().ne("") & flags.isna()
    probs.append(P.make("ytd_flag_unknown", cells[bad_flag & ~blank], value="ytd_text"))
    ytd = flags.where(flags.notna(), p_ytd).astype(bool)
    cumulative = cells["indicator"].map(inds["cumulative"]).fillna(False).astype(bool)
    is_ytd = ytd & cumulative & kind.ne("Y")
    # Units
    target_unit = cells["indicator"].map(inds["unit"])
    pairs = pd.DataFrame({"u": cells["unit"].astype(object), "t": target_unit.astype(object)})
    fkey = pairs["u"].astype(str) + "→" + pairs["t"].astype(str)
    uniq = pairs.assign(k=fkey).drop_duplicates("k")
    flook = {k: (unit_factor(u, t) if isinstance(t, str) else 1.0) for k, u, t in zip(uniq["k"], uniq["u"], uniq["t"])}
    factor = fkey.map(flook)
    bad_unit = factor.isna() & ~unknown_ind & ~blank
    bu = cells[bad_unit].drop_duplicates(["sheet", "ind_row", "ind_col", "unit"])
    probs.append(P.make("unit_unknown", bu, row="ind_row", col="ind_col", value="unit",
                        extra_zh=("“" + bu["unit"].astype(str) + "”，目录单位为“" + target_unit[bu.index].astype(str) + "”"),
                        extra_en=(bu["unit"].astype(str) + " vs " + target_unit[bu.index].astype(str))))
    factor = factor.fillna(1.0).astype(float)
    invalid = state.eq("invalid")
    probs.append(P.make("not_number", cells[invalid & ~unknown_ind]))
    is_pct_unit = target_unit.eq("%")
    pct_bad = pct & ~is_pct_unit & ~unknown_ind
    probs.append(P.make("percent_in_amount", cells[pct_bad]))
    base, base_state, _ = parse_numbers(cells["base_raw"])
    yoy, yoy_state, _ = parse_numbers(cells["yoy_raw"])
    base_bad = base_state.eq("invalid") & ~blank
    probs.append(P.make("not_number", cells[base_bad], row="base_row", col="base_col", value="base_raw"))
    yoy_bad = yoy_state.eq("invalid") & ~blank
    probs.append(P.make("not_number", cells[yoy_bad], row="yoy_row", col="yoy_col", value="yoy_raw"))
    status = _map_unique(cells["status_raw"], lambda s: STATUS.get(str(s).strip())
                         if isinstance(s, str) and s.strip() else "final")
    bad_status = status.isna() & ~blank
    probs.append(P.make("status_unknown", cells[bad_status], value="status_raw"))
    derived = cells["indicator"].map(inds["formula"]).notna()
    dv = cells[derived & ~blank].drop_duplicates(["sheet", "ind_row", "ind_col"])
    probs.append(P.make("derived_indicator", dv, row="ind_row", col="ind_col", value="indicator_label"))

    obs = pd.DataFrame({
        "indicator": cells["indicator"], "region": region, "period": period, "period_kind": kind,
        "is_ytd": is_ytd, "value": value * factor, "reported_yoy": yoy, "base_value": base * factor,
        "status": status.fillna("final"), "note": cells["note"].where(cells["note"].astype(str).str.len() > 0),
        "file": file_name, "sheet": cells["sheet"], "row": cells["row"], "col": cells["col"],
        "row_label": cells["row_label"], "col_label": cells["col_label"], "raw": cells["raw"],
        "state": state, "base_row": cells["base_row"], "base_col": cells["base_col"],
    })
    usable = (~blank & ~invalid & ~pct_bad & ~unknown_ind & ~unknown_reg & period.notna() & ~derived
              & ~bad_unit)
    obs = obs[usable.to_numpy()].reset_index(drop=True)
    return obs, probs
