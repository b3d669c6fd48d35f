"""Marks and notes on figures, the one place pages, API and exports read them from (issue 13, point 7).

A figure is one (indicator, region, period). What is said about it:

- ``series_break`` (口径调整) and ``note`` (说明): recorded by an approver or admin (store.add_annotation,
  audited; page /notes and POST /api/v1/annotations). An annotation with an empty region applies to every
  region. A break at an annual period P also marks P's quarters and months (the 口径 changed that year); a
  break or a note at a quarter or month marks that period only.
- ``annual_ytd_mismatch``: a flow (catalogue ``cumulative``) whose annual figure differs from its 1—12月 累计
  (the year's Q4 累计, else its M12 累计) at the displayed precision (catalogue decimals, 四舍五入). It marks
  both figures, the annual one and the Q4/M12 累计 one. The import raises the same rule as a warning
  (data.imports.validate, rule ``annual_ytd_mismatch``); the mark stays until the two published figures agree.

Output of `figure_notes`: a frame with NOTE_COLUMNS, one row per note:
region (NA: every region), period, kind (series_break | note | annual_ytd_mismatch), text_zh, text_en.
Recorded texts are written once, in the language they were entered; they show as entered in both languages.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indicators.formatting import round_half_up

if TYPE_CHECKING:
    from data.snapshot import Snapshot

NOTE_COLUMNS = ["region", "period", "kind", "text_zh", "text_en"]
KINDS = ("series_break", "note", "annual_ytd_mismatch")


def _frame(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=NOTE_COLUMNS).astype(object)


def _covers(note_period: str, period: str) -> bool:
    """Does a note recorded at `note_period` apply to the figure of `period`? Same period, or a year's note on
    one of that year's quarters or months (never a quarter's note on the year)."""
    return period == note_period or (len(note_period) == 4 and len(period) > 4 and period[:4] == note_period)


def _text(v: object) -> str | None:
    return v if isinstance(v, str) and v else None


def recorded_records(snap: Snapshot, indicator: str, period: str, regions: list[str] | None = None) -> list[dict]:
    """`recorded` as a list of dicts (NOTE_COLUMNS keys)."""
    ann = getattr(snap, "annotations", None)  # a snapshot always has them; a test's stand-in may not
    if ann is None or not len(ann):
        return []
    wanted = None if regions is None else {str(r) for r in regions}
    out = []
    for ind, reg, per, kind, text in zip(*(ann[c].astype(object).to_numpy() for c in
                                           ("indicator", "region", "period", "kind", "text"))):
        reg = _text(reg)
        if ind != indicator or kind not in ("series_break", "note") or not _covers(str(per), str(period)):
            continue
        if reg is not None and wanted is not None and reg not in wanted:
            continue
        out.append({"region": reg, "period": str(per), "kind": str(kind), "text_zh": str(text),
                    "text_en": str(text)})
    return sorted(out, key=lambda r: (r["kind"] != "series_break", r["region"] or "", r["period"]))


def recorded(snap: Snapshot, indicator: str, period: str, regions: list[str] | None = None) -> pd.DataFrame:
    """The recorded series breaks and notes on `indicator` at `period` (NOTE_COLUMNS), for `regions` (None: any
    region) and those recorded for every region (region None). Breaks first, then notes, then by region."""
    return _frame(recorded_records(snap, indicator, period, regions))


def _indicator_rows(analysis: pd.DataFrame, indicator: str, regions: list[str] | None) -> pd.DataFrame:
    """One indicator's rows (one region's when a single region is asked), by the categorical codes."""
    if regions is not None and len(regions) == 1 and isinstance(analysis["region"].dtype, pd.CategoricalDtype):
        from indicators.pipeline import query_region

        return query_region(analysis, str(regions[0]), [indicator])
    col = analysis["indicator"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        if indicator not in col.cat.categories:
            return analysis.iloc[0:0]
        return analysis[col.array.codes == col.cat.categories.get_loc(indicator)]
    return analysis[(col.astype(object) == indicator).to_numpy()]


def mismatch_records(snap: Snapshot, indicator: str, year: str, decimals: int,
                     regions: list[str] | None = None, rows: pd.DataFrame | None = None) -> list[dict]:
    """`annual_ytd_mismatches` as a list of dicts {region, annual, ytd, ytd_period}, by region."""
    if rows is None:
        rows = _indicator_rows(snap.analysis, indicator, regions)
    if not len(rows):
        return []
    period = rows["period"].astype(object).to_numpy()
    keep = np.isin(period, [year, f"{year}Q4", f"{year}M12"])
    if not keep.any():
        return []
    value = rows["value"].to_numpy(dtype=float, na_value=np.nan)[keep]
    region = rows["region"].astype(object).to_numpy()[keep]
    kind = rows["period_kind"].astype(object).to_numpy()[keep]
    ytd = rows["is_ytd"].to_numpy(dtype=bool)[keep]
    derived = rows["derived_from_ytd"].to_numpy(dtype=bool)[keep]
    period = period[keep]
    wanted = None if regions is None else {str(r) for r in regions}
    annual, q4, m12 = {}, {}, {}
    for reg, per, k, y, d, v in zip(region, period, kind, ytd, derived, value):
        if d or not np.isfinite(v) or (wanted is not None and str(reg) not in wanted):
            continue
        if k == "Y" and per == year:
            annual[str(reg)] = v
        elif y and per == f"{year}Q4":
            q4[str(reg)] = v
        elif y and per == f"{year}M12":
            m12[str(reg)] = v
    out = []
    for reg in sorted(annual):
        # the quarter first: the bureau's figures are quarterly
        other, where = (q4[reg], f"{year}Q4") if reg in q4 else (m12[reg], f"{year}M12") if reg in m12 else (None, "")
        if other is not None and round_half_up(annual[reg], decimals) != round_half_up(other, decimals):
            out.append({"region": reg, "annual": float(annual[reg]), "ytd": float(other), "ytd_period": where})
    return out


def annual_ytd_mismatches(snap: Snapshot, indicator: str, year: str, decimals: int,
                          regions: list[str] | None = None, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Regions whose annual figure of `year` and its 1—12月 累计 (Q4 累计, else M12 累计) differ at `decimals`.
    Columns: region, annual, ytd, ytd_period. Empty for stocks or when either figure is missing.
    rows: the indicator's analysis rows when the caller has them (a ranking's group), else read from the snapshot."""
    return pd.DataFrame(mismatch_records(snap, indicator, year, decimals, regions, rows),
                        columns=["region", "annual", "ytd", "ytd_period"])


def _mismatch_records(snap: Snapshot, ind: dict, period: str, regions: list[str] | None,
                      rows: pd.DataFrame | None = None) -> list[dict]:
    """annual_ytd_mismatch notes for the figure of `period`: the year itself, or its Q4/M12 累计."""
    if not bool(ind["cumulative"]):
        return []
    year = str(period)[:4]
    if not (len(str(period)) == 4 or str(period) in (f"{year}Q4", f"{year}M12")):
        return []
    found = mismatch_records(snap, str(ind["code"]), year, int(ind["decimals"]), regions, rows)
    if len(str(period)) > 4:
        found = [f for f in found if f["ytd_period"] == str(period)]
    if not found:
        return []
    from indicators.formatting import format_number
    from texts.i18n import t, unit_label

    dec = int(ind["decimals"])

    def text(f: dict, lang: str) -> str:
        return t("notes.annual_ytd", lang, year=year, unit=unit_label(str(ind["unit"]), lang),
                 annual=format_number(round_half_up(f["annual"], dec), dec, lang=lang),
                 ytd=format_number(round_half_up(f["ytd"], dec), dec, lang=lang))

    return [{"region": f["region"], "period": str(period), "kind": "annual_ytd_mismatch",
             "text_zh": text(f, "zh"), "text_en": text(f, "en")} for f in found]


def note_records(snap: Snapshot, ind: dict, period: str, regions: list[str] | None = None,
                 rows: pd.DataFrame | None = None) -> list[dict]:
    """`figure_notes` as a list of dicts (NOTE_COLUMNS keys): what a Ranking carries."""
    return (recorded_records(snap, str(ind["code"]), str(period), regions)
            + _mismatch_records(snap, ind, period, regions, rows))


def figure_notes(snap: Snapshot, ind: dict, period: str, regions: list[str] | None = None,
                 rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every note on the figures of `ind` (a catalogue row with code, unit, decimals, cumulative) at `period`
    for `regions` (None: all): recorded breaks and notes, then annual-vs-累计 mismatches (NOTE_COLUMNS).
    rows: the indicator's analysis rows when the caller has them (see `annual_ytd_mismatches`)."""
    return _frame(note_records(snap, ind, period, regions, rows))


def note_lines(notes: pd.DataFrame | list[dict], names: dict[str, str], lang: str = "zh") -> list[str]:
    """One line per note as charts, slides and briefs print it: "口径调整（沙河市）：…", "说明：…" (a note for every
    region names none). names: region code -> name in `lang`."""
    from texts.i18n import t

    text = "text_zh" if lang == "zh" else "text_en"
    records = notes.to_dict("records") if isinstance(notes, pd.DataFrame) else notes
    out = []
    for row in records:
        region = _text(row["region"])
        where = "" if region is None else t("notes.where", lang, name=names.get(region, region))
        out.append(t("notes.line", lang, kind=t(f"notes.kind.{row['kind']}", lang), where=where, text=row[text]))
    return out


def series_lines(snap: Snapshot, ind: dict, region: str, periods: list[str], labels: dict[str, str],
                 names: dict[str, str], lang: str = "zh",
                 kinds: tuple[str, ...] = ("note", "annual_ytd_mismatch")) -> list[str]:
    """Note lines over one region's series (the trends chart): each period's notes of `kinds`, the period first
    ("2021年 说明：…"). labels: period -> its label on the chart's axis; names: region code -> name in `lang`
    (figures.ranking.region_names). Series breaks are left out by default: the chart marks them at their period."""
    out = []
    rows = _indicator_rows(snap.analysis, str(ind["code"]), [region])
    for p in periods:
        notes = [n for n in note_records(snap, ind, p, [region], rows) if n["kind"] in kinds
                 and (n["kind"] == "annual_ytd_mismatch" or n["period"] == p)]
        out += [f"{labels.get(p, p)} {line}" for line in note_lines(notes, names, lang)]
    return out
