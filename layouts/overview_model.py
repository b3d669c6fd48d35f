"""总览 selections: the home county's key indicators for one chosen period, read from figures (the same
ranking, sentence and target matching as every other page and export).

Rules: the period defaults to the newest period for which the home county has reported at least half of the key
indicators (figures.ranking.default_period; a quarter's 累计 or period-end figure counts); every card shows the figure of that period (累计 for flows, period-end for
stocks, named "2026年1—3季度" / "2026年三季度末"); a target is matched to the period's own year only; the rank
is the ranking's (no rank while the group is incomplete: "已报 n/N")."""
from __future__ import annotations
from typing import TYPE_CHECKING


from figures import notes as fn
from figures import ranking as fr
from figures.sentences import ranking_sentence
from figures.targets import progress, ranking_actuals
from layouts import model
from layouts import rankings_model as rm
from layouts.memo import per_version
from texts.i18n import t

if TYPE_CHECKING:
    from data.snapshot import Snapshot


@per_version
def periods(snap: Snapshot) -> list[str]:
    """Periods with a home figure of any key indicator, newest first (figures.ranking.home_periods)."""
    return fr.home_periods(snap, model.home(), model.key_indicators())


@per_version
def default(snap: Snapshot) -> str | None:
    """The period the overview opens on: figures.ranking.default_period over the key indicators (the brief and
    the deck open on the same one)."""
    return fr.default_period(snap, model.home(), model.key_indicators(), group=model.group_of(snap=snap))


def chosen_period(query_period: str | None, snap: Snapshot) -> tuple[str | None, list[str]]:
    """(the period shown, the periods offered): the asked one when offered; one not offered (rolled back) by
    figures.ranking.link_period (the rankings page's rule: the newest offered period ending by it); else `default`
    (the newest period in which the home county reported at least half of the key indicators)."""
    options = periods(snap)
    if query_period in options:
        return query_period, options
    return (fr.link_period(query_period, options, default(snap)) if options else None), options


def card_progress(snap: Snapshot, r: fr.Ranking):
    """完成率 and 序时进度 of the card's own figure against the target of the same year (None without one)."""
    value = r.home_analysis.get("value")
    if value is None or value != value:
        return None
    year = int(r.period[:4])
    tg = snap.targets[(snap.targets["region"].astype(str) == r.home).to_numpy()
                      & (snap.targets["indicator"].astype(str) == str(r.indicator["code"])).to_numpy()
                      & (snap.targets["year"].astype(int) == year).to_numpy()]
    if tg.empty:
        return None
    out = progress(snap, ranking_actuals(r, [r.home]), tg)   # the 目标任务 page's road (figures.targets)
    return out.iloc[0] if len(out) else None


@per_version
def cards(lang: str, scale: str, snap: Snapshot | None = None, period: str | None = None) -> list[dict]:
    """The overview's key-indicator items for `period` (default: the latest with a home figure):
    dicts with code, name, kind, the analysis row, rank text and change, targets and flags; [] without a period.
    """
    snap = snap or model.snapshot()
    if period is None:
        period, _ = chosen_period(None, snap)
    if period is None:
        return []
    out = []
    for code in model.key_indicators():
        r = rm.result(code, period, "value", snap)
        meta = model.meta(code)
        flow = fr.reads_ytd(r.indicator)   # flows and ratios of flows: 累计 (R&D强度 "2026年1—10月", never "10月末")
        row = dict(r.home_analysis)
        home = r.home_rank_row
        frequency = fr.reporting_frequency(snap, code, period, r.group) if not r.reported.n else None
        out.append({
            "code": code,
            "name": model.indicator_name(code, lang),
            "period": period,
            "is_ytd": r.is_ytd or (flow and len(period) > 4),
            "stock": not flow,  # period-end figures: stocks and ratios of stocks (figures.ranking.period_label)
            "row": row,
            "has_value": bool(row) and row.get("value") == row.get("value") and row.get("value") is not None,
            # reported less often than the period (an annual-only indicator on a quarter): "按年报送", never
            # "已报 0/18，暂不排名" (which reads as nobody having reported)
            "frequency": frequency,
            "rank_text": t(f"overview.reported_{frequency}", lang) if frequency else r.rank_text(lang=lang),
            "rank_change": home.get("rank_change") if r.ranks_published else None,
            "kind": str(meta["kind"]),
            "preliminary": str(row.get("status", "")) == "preliminary",
            "spark_x": [], "spark_y": [],
            "progress": card_progress(snap, r),
            "sentence": ranking_sentence(r, snap.regions, lang),
            "notes": fn.note_lines(fn.figure_notes(snap, r.indicator, period, [model.home()]),
                                   model.region_names(snap=snap, lang=lang), lang),
        })
        mine = model.region_rows(model.home(), [code], snap=snap)
        mine = mine[(mine["period_kind"] == "Y").to_numpy() & mine["value"].notna().to_numpy()]
        out[-1]["spark_x"] = [str(p) for p in mine["period"]]
        out[-1]["spark_y"] = list(model.to_display(mine["value"].to_numpy(dtype=float), str(meta["unit"]), scale))
    return out
