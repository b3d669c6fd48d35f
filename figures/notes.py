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

Output of `figure_notes` / `ranking_notes`: a frame with NOTE_COLUMNS, one row per note:
region (NA: every region), period, kind (series_break | note | annual_ytd_mismatch), text_zh, text_en.
Recorded texts are written once, in the language they were entered; they show as entered in both languages.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.formatting import round_half_up

NOTE_COLUMNS = ["region", "period", "kind", "text_zh", "text_en"]
KINDS = ("series_break", "note", "annual_ytd_mismatch")


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in NOTE_COLUMNS})


def _covers(note_period: str, period: str) -> bool:
    """Does a note recorded at `note_period` apply to the figure of `period`? Same period, or a year's note on
    one of that year's quarters or months (never a quarter's note on the year)."""
    return period == note_period or (len(note_period) == 4 and len(period) > 4 and period[:4] == note_period)


def recorded(snap, indicator: str, period: str, regions: list[str] | None = None) -> pd.DataFrame:  # noqa: ANN001
    """The recorded series breaks and notes on `indicator` at `period` (NOTE_COLUMNS), for `regions` (None: any
    region) and those recorded for every region. Breaks first, then notes, then by region."""
    ann = snap.annotations
    if ann is None or not len(ann):
        return _empty()
    ind = (ann["indicator"].astype(object) == indicator).to_numpy()
    per = np.array([_covers(str(p), str(period)) for p in ann["period"].astype(object)], dtype=bool)
    reg = ann["region"].astype(object)
    everywhere = reg.isna().to_numpy()
    mine = np.ones(len(ann), dtype=bool) if regions is None else reg.isin([str(r) for r in regions]).to_numpy()
    sel = ann[ind & per & (everywhere | mine)]
    sel = sel[sel["kind"].astype(object).isin(["series_break", "note"]).to_numpy()]
    if not len(sel):
        return _empty()
    text = sel["text"].astype(object).astype(str).to_numpy()
    out = pd.DataFrame({"region": sel["region"].astype(object).where(sel["region"].notna(), None).to_numpy(),
                        "period": sel["period"].astype(str).to_numpy(), "kind": sel["kind"].astype(str).to_numpy(),
                        "text_zh": text, "text_en": text})
    out["_k"] = (out["kind"] != "series_break").astype(int)
    out["_r"] = out["region"].fillna("").astype(str)
    return out.sort_values(["_k", "_r", "period"], kind="stable").drop(columns=["_k", "_r"]).reset_index(drop=True)


def annual_ytd_mismatches(snap, indicator: str, year: str, decimals: int,  # noqa: ANN001
                          regions: list[str] | None = None, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Regions whose annual figure of `year` and its 1—12月 累计 (Q4 累计, else M12 累计) differ at `decimals`.
    Columns: region, annual, ytd, ytd_period. Empty for stocks or when either figure is missing.
    rows: the indicator's analysis rows when the caller has them (a ranking's group), else read from the snapshot."""
    cols = ["region", "annual", "ytd", "ytd_period"]
    if rows is None:
        a = snap.analysis
        rows = a[(a["indicator"].astype(object) == indicator).to_numpy()]
    rows = rows[~rows["derived_from_ytd"].to_numpy() & rows["value"].notna().to_numpy()]
    if regions is not None:
        rows = rows[rows["region"].astype(object).isin([str(r) for r in regions]).to_numpy()]
    period = rows["period"].astype(object)
    yr = rows[(period == year).to_numpy() & (rows["period_kind"].astype(object) == "Y").to_numpy()]
    if not len(yr):
        return pd.DataFrame(columns=cols)
    ytd = None
    for p in (f"{year}Q4", f"{year}M12"):  # the quarter first: the bureau's figures are quarterly
        cand = rows[(period == p).to_numpy() & rows["is_ytd"].astype(bool).to_numpy()]
        part = cand.assign(ytd_period=p)[["region", "value", "ytd_period"]]
        ytd = part if ytd is None else pd.concat([ytd, part[~part["region"].isin(ytd["region"])]])
    both = yr[["region", "value"]].rename(columns={"value": "annual"}).merge(
        ytd.rename(columns={"value": "ytd"}), on="region")
    if not len(both):
        return pd.DataFrame(columns=cols)
    differ = [round_half_up(x, decimals) != round_half_up(y, decimals) for x, y in zip(both["annual"], both["ytd"])]
    out = both[np.asarray(differ, dtype=bool)][cols]
    out["region"] = out["region"].astype(str)
    return out.reset_index(drop=True)


def _mismatch_notes(snap, ind: dict, period: str, regions: list[str] | None,  # noqa: ANN001
                    rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """annual_ytd_mismatch notes for the figure of `period`: the year itself, or its Q4/M12 累计."""
    if not bool(ind["cumulative"]):
        return _empty()
    year = str(period)[:4]
    if not (len(str(period)) == 4 or str(period) in (f"{year}Q4", f"{year}M12")):
        return _empty()
    found = annual_ytd_mismatches(snap, str(ind["code"]), year, int(ind["decimals"]), regions, rows)
    if len(str(period)) > 4:
        found = found[found["ytd_period"] == str(period)]
    if not len(found):
        return _empty()
    from indicators.formatting import format_number
    from texts.i18n import t, unit_label

    dec = int(ind["decimals"])

    def text(a: float, y: float, lang: str) -> str:
        return t("notes.annual_ytd", lang, year=year, unit=unit_label(str(ind["unit"]), lang),
                 annual=format_number(round_half_up(a, dec), dec, lang=lang),
                 ytd=format_number(round_half_up(y, dec), dec, lang=lang))

    zh = [text(a, y, "zh") for a, y in zip(found["annual"], found["ytd"])]
    en = [text(a, y, "en") for a, y in zip(found["annual"], found["ytd"])]
    return pd.DataFrame({"region": found["region"].to_numpy(), "period": str(period),
                         "kind": "annual_ytd_mismatch", "text_zh": zh, "text_en": en})


def figure_notes(snap, ind: dict, period: str, regions: list[str] | None = None,  # noqa: ANN001
                 rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every note on the figures of `ind` (a catalogue row with code, unit, decimals, cumulative) at `period`
    for `regions` (None: all): recorded breaks and notes, then annual-vs-累计 mismatches (NOTE_COLUMNS).
    rows: the indicator's analysis rows when the caller has them (see `annual_ytd_mismatches`)."""
    parts = [recorded(snap, str(ind["code"]), str(period), regions), _mismatch_notes(snap, ind, period, regions, rows)]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def note_lines(notes: pd.DataFrame, names: dict[str, str], lang: str = "zh") -> list[str]:
    """One line per note as charts, slides and briefs print it: "口径调整（沙河市）：…", "说明：…" (a note for every
    region names none). names: region code -> name in `lang`."""
    from texts.i18n import t

    text = "text_zh" if lang == "zh" else "text_en"
    out = []
    for row in notes.itertuples(index=False):
        region = row.region if isinstance(row.region, str) and row.region else None
        where = "" if region is None else t("notes.where", lang, name=names.get(region, region))
        out.append(t("notes.line", lang, kind=t(f"notes.kind.{row.kind}", lang), where=where,
                     text=getattr(row, text)))
    return out


def ranking_notes(snap, r, lang: str = "zh") -> list[str]:  # noqa: ANN001
    """The note lines under a ranking (figures.ranking.Ranking) of its period: every group member's, by
    `note_lines` (the Ranking carries them: `Ranking.note_lines`). One road for the page, meeting mode, the
    PNG/PPTX footnote and the API."""
    return r.note_lines(lang)


def series_lines(snap, ind: dict, region: str, periods: list[str], labels: dict[str, str],  # noqa: ANN001
                 lang: str = "zh", kinds: tuple[str, ...] = ("note", "annual_ytd_mismatch")) -> list[str]:
    """Note lines over one region's series (the trends chart): each period's notes of `kinds`, the period first
    ("2021年 说明：…"). labels: period -> its label on the chart's axis. Series breaks are left out by default:
    the chart marks them at their period."""
    from figures.ranking import region_names

    names = region_names(snap.regions, lang)
    out = []
    for p in periods:
        notes = figure_notes(snap, ind, p, [region])
        notes = notes[notes["kind"].isin(kinds).to_numpy()]
        notes = notes[~((notes["kind"] != "annual_ytd_mismatch") & (notes["period"] != p)).to_numpy()]
        out += [f"{labels.get(p, p)} {line}" for line in note_lines(notes, names, lang)]
    return out
