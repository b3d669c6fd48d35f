"""Every non-empty cell accounted for.

For each sheet, each non-empty cell of its used range ends in exactly one fate:
  imported   — read as a value (or as the 上年同期 / 同比 beside a value that is imported);
  structure  — recognised and skipped on purpose, with its kind (title, header, unit line, 栏次, 续表,
               repeated header, note, signature, label column, subtotal or total checked, helper sheet,
               text-only sheet);
  refused    — not imported, with a problem in the report naming it (an error on the cell, its row or
               column label; hidden content; a cell outside the recognised table).
`account()` returns the counts by fate (and by structure kind), the skipped rows with their reason, and
the problems for cells nothing else claimed ("unread_cell"), so the counts always add up:
imported + structure + refused == non-empty cells.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import re

import numpy as np
import pandas as pd

from data.frames import map_distinct
from data.imports import problems as P
from data.imports.read import Sheet, col_index
from data.imports.table_shapes import STRUCTURE_KINDS, Layout, _blank

if TYPE_CHECKING:
    from collections.abc import Iterable

FATES = ("imported", "structure", "refused")
_IMPORTED, _STRUCTURE, _REFUSED = 1, 2, 3
_REF = re.compile(r"^([A-Z]+)(\d+)$")
EXTRA_KINDS = {"helper": ("系统模板的说明工作表", "the template's helper sheet"),
               "text_sheet": ("只有文字的工作表（封面、说明）", "a text-only sheet (cover, instructions)"),
               "mapping_ignored": ("按已记住的映射忽略的行/列", "a row/column ignored by a remembered mapping")}


def nonblank_mask(grid: pd.DataFrame, formula_blanks: Iterable[tuple[int, int]] = ()) -> np.ndarray:
    """Boolean array of the grid's shape: True where the cell holds something (not None/NaN/whitespace);
    a formula saved without its value (`formula_blanks`) holds something too."""
    if grid.empty:
        return np.zeros(grid.shape, dtype=bool)
    g = grid.to_numpy(dtype=object)
    out = np.column_stack([~_blank(g[:, c]) for c in range(g.shape[1])])
    for r, c in formula_blanks:
        if r < out.shape[0] and c < out.shape[1]:
            out[r, c] = True
    return out


def empty_counts() -> dict:
    return {"total": 0, **{f: 0 for f in FATES}, "structure_kinds": {}}


def add_counts(into: dict, other: dict) -> dict:
    for k in ("total", *FATES):
        into[k] += other[k]
    for k, n in other["structure_kinds"].items():
        into["structure_kinds"][k] = into["structure_kinds"].get(k, 0) + n
    return into


def refuse_errored_values(counts: dict, obs: pd.DataFrame, errors: list[pd.DataFrame]) -> dict:
    """Move to `refused` the value cells that an error of the validation names (negative, not_integer,
    out_of_range, duplicate_conflict …: found after the sheets were accounted for) or a warning whose figures it
    leaves out of the batch (problems.NOT_STORED): a cell with an error is never counted as imported (the rule of
    this module's first paragraph). `errors`: the validation's problem frames; `obs`: the figures before the
    validation (a cell is a value cell when a row of `obs` has the same file, sheet and cell). Returns `counts`."""
    frames = [e[(e["severity"] == "error") | e["rule"].isin(P.NOT_STORED)] for e in errors if len(e)]
    if not frames or obs.empty:
        return counts
    keys = ["file", "sheet", "cell"]
    named = pd.concat(frames, ignore_index=True)[keys].astype(str).drop_duplicates()
    values = obs[keys].astype(str).drop_duplicates()
    n = len(named.merge(values, on=keys))
    counts["imported"] -= n
    counts["refused"] += n
    return counts


def reason(kind: str) -> tuple[str, str]:
    return STRUCTURE_KINDS.get(kind) or EXTRA_KINDS.get(kind) or (kind, kind)


def read_mask(sheet: Sheet) -> np.ndarray:
    """nonblank_mask of the sheet as read (before hidden rows/columns were blanked), formula blanks included;
    from the mask the reader left on the sheet when it has one of the grid's shape."""
    grid = getattr(sheet, "original_grid", None)
    grid = sheet.grid if grid is None else grid
    known = getattr(sheet, "nonblank", None)
    if known is None or known.shape != grid.shape:
        return nonblank_mask(grid, sheet.formula_blanks)
    out = known.copy()
    for r, c in sheet.formula_blanks:
        if r < out.shape[0] and c < out.shape[1]:
            out[r, c] = True
    return out


def whole_sheet(sheet: Sheet, fate: str, kind: str | None = None) -> dict:
    """Counts for a sheet whose every non-empty cell has one fate (hidden, helper or text-only sheet)."""
    n = int(read_mask(sheet).sum())
    out = empty_counts()
    out["total"] = n
    out[fate] = n
    if fate == "structure" and n:
        out["structure_kinds"][kind] = n
    return out


def account(sheet: Sheet, layout: Layout | None, problems: pd.DataFrame, file_name: str,
            *, refused_rows: set[int] | frozenset = frozenset(), refused_cols: set[int] | frozenset = frozenset()
            ) -> tuple[dict, list[dict], pd.DataFrame]:
    """(counts, skipped rows, problems for unclaimed cells) for one read sheet.

    `problems`: the problems already found for this file (only this sheet's error cells are used).
    `refused_rows/cols`: hidden rows/columns left out (their own warning is made by the caller)."""
    grid = getattr(sheet, "original_grid", None)
    grid = sheet.grid if grid is None else grid
    mask = read_mask(sheet)
    fate = np.zeros(mask.shape, dtype=np.int8)
    # each structure cell's kind, as a code into kind_texts (the kind's text; 0: none set, which reads "None")
    kind = np.zeros(mask.shape, dtype=np.int32)
    kind_texts: list[str] = ["None"]
    kind_codes: dict[str, int] = {"None": 0}

    def code_of(k: object) -> int:
        text = str(k)
        if text not in kind_codes:
            kind_codes[text] = len(kind_texts)
            kind_texts.append(text)
        return kind_codes[text]

    def codes_of(ks: np.ndarray) -> np.ndarray:
        """code_of for an object array of kinds: once per distinct kind, a missing one (None, NaN) by its text."""
        kc, ku = pd.factorize(ks)
        out = np.array([code_of(u) for u in ku], dtype=np.int32)[np.maximum(kc, 0)] if len(ku) \
            else np.zeros(len(ks), dtype=np.int32)
        for i in np.flatnonzero(kc < 0):
            out[i] = code_of(ks[i])
        return out

    nr, nc = mask.shape
    for r in refused_rows:
        if r < nr:
            fate[r, :] = _REFUSED
    for c in refused_cols:
        if c < nc:
            fate[:, c] = _REFUSED
    skipped: list[dict] = []
    if layout is not None:
        vf = layout.value_fates if getattr(layout, "value_fates", None) is not None else pd.DataFrame()
        if len(vf):
            rr = vf["row"].to_numpy(int)
            cc = vf["col"].to_numpy(int)
            code = map_distinct(vf["fate"], {"imported": _IMPORTED, "structure": _STRUCTURE,
                                             "refused": _REFUSED}).to_numpy()
            ok = (rr < nr) & (cc < nc)
            # imported wins over refused when a cell serves two roles (a 上年同期 cell of two values)
            kinds = vf["kind"].to_numpy(dtype=object)
            rr_, cc_ = np.minimum(rr, nr - 1), np.minimum(cc, nc - 1)
            free0 = ok & (fate[rr_, cc_] == 0)
            for c_ in (_REFUSED, _STRUCTURE, _IMPORTED):
                sel = free0 & (code == c_)
                fate[rr[sel], cc[sel]] = c_
                if c_ == _STRUCTURE:
                    kind[rr[sel], cc[sel]] = codes_of(kinds[sel])
            st = vf[code == _STRUCTURE]   # the fate "structure", by its code (no second pass over the texts)
            for (r, k), _g in st.groupby(["row", "kind"]):
                skipped.append(_skip(sheet.name, int(r), k))
        data_rows = layout.data_rows if layout.data_rows is not None else np.arange(0)
        for r, c, k in layout.structure:
            if r >= 0 and r < nr:
                cols = slice(None) if c < 0 else c
                free = fate[r, cols] == 0
                if c < 0:
                    fate[r, free] = _STRUCTURE
                    kind[r, free] = code_of(k)
                    if mask[r].any():
                        skipped.append(_skip(sheet.name, r, k))
                elif free:
                    fate[r, c], kind[r, c] = _STRUCTURE, code_of(k)
            elif r < 0 and 0 <= c < nc and len(data_rows):
                rows = np.asarray(data_rows, dtype=int)
                rows = rows[rows < nr]
                free = rows[fate[rows, c] == 0]
                fate[free, c] = _STRUCTURE
                kind[free, c] = code_of(k)
        for r0, c0, r1, c1 in getattr(layout, "refused_ranges", None) or []:
            part = fate[r0:r1 + 1, c0:c1 + 1]   # a table beside the first that could not be read (side_by_side)
            part[(part == 0) & mask[r0:r1 + 1, c0:c1 + 1]] = _REFUSED
    # error cells named in the report
    if len(problems):
        mine = problems[(problems["sheet"] == sheet.name) & (problems["severity"] == "error")]
        for ref in pd.unique(mine["cell"].astype(str)):
            m = _REF.match(ref)
            if m:
                r, c = int(m.group(2)) - 1, col_index(m.group(1))
                if r < nr and c < nc and fate[r, c] == 0:
                    fate[r, c] = _REFUSED
    left = mask & (fate == 0)
    extra = pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    if left.any():
        lr, lc = np.nonzero(left)
        fate[lr, lc] = _REFUSED
        g = grid.to_numpy(dtype=object)
        frame = pd.DataFrame({"sheet": sheet.name, "row": lr, "col": lc, "row_label": "", "col_label": "",
                              "raw": g[lr, lc], "file": file_name})
        extra = P.make("unread_cell", frame)
    counts = empty_counts()
    counts["total"] = int(mask.sum())
    for name, code in (("imported", _IMPORTED), ("structure", _STRUCTURE), ("refused", _REFUSED)):
        counts[name] = int((mask & (fate == code)).sum())
    ks = kind[mask & (fate == _STRUCTURE)]
    if len(ks):  # counted per kind code, by the kind's text, in sorted order
        per = np.bincount(ks, minlength=len(kind_texts))
        counts["structure_kinds"] = dict(sorted((t, int(x)) for t, x in zip(kind_texts, per) if x))
    skipped.sort(key=lambda d: d["row"])
    return counts, skipped, extra


def _skip(sheet: str, r: int, k: str) -> dict:
    zh, en = reason(k)
    return {"sheet": sheet, "row": r + 1, "kind": k, "reason_zh": "已识别为" + zh, "reason_en": "recognised as " + en}
