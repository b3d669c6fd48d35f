"""数据查询 selections: published observations (now, or as published on a date) with their flags."""
from __future__ import annotations
from typing import TYPE_CHECKING

from datetime import date, datetime

import pandas as pd

from data import store
from data.db import reading
from indicators.conventions import BUREAU_TZ, end_of_day
from layouts import model
from layouts.memo import per_version
from server.context import engine

if TYPE_CHECKING:
    from data.snapshot import Snapshot

MAX_ROWS = 20_000


def normal_as_of(text: str | None) -> str:
    """The as-of moment of a URL or picker as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (bureau time); "" when
    empty or not a date. Accepts "2026-11-23", "2026-11-23 18:53", "2026-11-23T18:53:27"."""
    text = str(text or "").strip().replace("T", " ")
    if not text:
        return ""
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        moment = datetime.fromisoformat(text[:19])
    except ValueError:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def as_of_moment(text: str | None) -> datetime | None:
    """"YYYY-MM-DD": the end of that day; with a time: the end of that second; in China Standard Time."""
    text = normal_as_of(text)
    if not text:
        return None
    if len(text) == 10:
        return end_of_day(date.fromisoformat(text))
    return datetime.fromisoformat(text).replace(microsecond=999_999, tzinfo=BUREAU_TZ)


@per_version
def publications(snap: Snapshot) -> list[dict]:
    """Every publication, newest first: [{"id", "at" (aware, bureau time), "kind", "file_name", "note",
    "rolled_back" (bool)}]. Rolled-back ones stay: they were what the leaders saw in between."""
    with reading(engine()) as conn:
        revs = store.list_revisions(conn)
    revs = revs[revs["published_at"].notna().to_numpy()]
    out = []
    for r in revs.itertuples():
        at = pd.Timestamp(r.published_at)
        at = (at.tz_localize("UTC") if at.tzinfo is None else at).tz_convert(BUREAU_TZ).to_pydatetime()
        out.append({"id": int(r.id), "at": at, "kind": str(r.kind or ""),
                    "file_name": r.file_name if isinstance(r.file_name, str) else "",
                    "note": r.note if isinstance(r.note, str) else "",
                    "rolled_back": isinstance(r.status, str) and r.status == "rolled_back"})
    return sorted(out, key=lambda p: p["at"], reverse=True)


def publication_moment(pub: dict) -> str:
    """The as-of text that shows exactly what one publication made public."""
    return pub["at"].strftime("%Y-%m-%d %H:%M:%S")


def observations(indicators: list[str], regions: list[str], kind: str | None, as_of: datetime | None,
                 snap: Snapshot) -> pd.DataFrame:
    """Published rows for the filters; as_of reads what was published then (the store keeps every revision)."""
    if as_of is not None:
        with reading(engine()) as conn:
            obs = store.published_observations(conn, as_of=as_of, indicators=indicators or None,
                                               regions=regions or None)
    else:
        obs = snap.observations
        mask = pd.Series(True, index=obs.index)
        if indicators:
            mask &= obs["indicator"].isin(indicators)
        if regions:
            mask &= obs["region"].isin(regions)
        obs = obs[mask.to_numpy()]
    if kind in ("Y", "Q", "M"):
        obs = obs[(obs["period_kind"] == kind).to_numpy()]
    order = {c: i for i, c in enumerate(model.catalogue().index)}
    obs = obs.assign(_o=obs["indicator"].map(order)).sort_values(["_o", "region", "period_kind", "is_ytd", "period"])
    return with_breaks(obs.drop(columns="_o").head(MAX_ROWS), snap.annotations)


def with_breaks(obs: pd.DataFrame, annotations: pd.DataFrame) -> pd.DataFrame:
    """Adds `break_text`: the 口径调整 note of a series break at the row's year (region-specific or for all)."""
    brk = annotations[(annotations["kind"] == "series_break").fillna(False).to_numpy()]
    if brk.empty or obs.empty:
        return obs.assign(break_text="")
    year = obs["period"].astype(str).str[:4]
    texts = []
    specific = {(a.indicator, a.region, str(a.period)[:4]): a.text for a in brk.itertuples() if isinstance(a.region, str)}
    general = {(a.indicator, str(a.period)[:4]): a.text for a in brk.itertuples() if not isinstance(a.region, str)}
    for ind, reg, y in zip(obs["indicator"], obs["region"], year):
        texts.append(specific.get((ind, reg, y)) or general.get((ind, y)) or "")
    return obs.assign(break_text=texts)


def region_choices(snap: Snapshot) -> list[str]:
    """The group's counties, the city itself and its development zones (the home county first)."""
    group = model.group_of(snap=snap)
    home = model.home()
    codes = [home] + [c for c in model.members(group, snap=snap) if c != home] + [group] + \
        model.devzones(group, snap=snap)
    return list(dict.fromkeys(c for c in codes if c))
