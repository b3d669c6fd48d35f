"""Writing a target (admins): the typed text read by data.targets.parse_target (the importer's number rules, a unit
word converted or refused, zero, negatives, non-finite and absurd values refused with the field named), then one
transaction through data.store.set_target, which checks the value again, keeps history and audits."""
from __future__ import annotations

import dash_mantine_components as dmc
import numpy as np

from data import store
from data.errors import UserError
from data.targets import check_target, check_year, parse_target
from indicators.periods import months_elapsed
from layouts.components import error_alert
from layouts import model
from texts.i18n import t
from server.context import engine


def latest_figure(indicator: str, region: str) -> float | None:
    """The region's latest published figure of `indicator` that a year's target is comparable with (its latest
    annual figure, else its latest 累计 or period-end figure), None without one: data.targets.check_target's
    reference against a 万元/亿元 slip."""
    rows = model.region_rows(region, [indicator])
    rows = rows[rows["value"].notna().to_numpy() & ~rows["derived_from_ytd"].to_numpy()]
    if rows.empty:
        return None
    annual = rows[(rows["period_kind"] == "Y").to_numpy()]
    pick = annual if len(annual) else rows
    # the latest by the months a period ends in (2026M10 after 2026Q3; a string sort put Q3 last: review)
    ends = pick["period"].astype(str).map(lambda p: int(p[:4]) * 12 + months_elapsed(p))
    return float(pick["value"].to_numpy()[int(np.argmax(ends.to_numpy()))])


def save(indicator: str | None, region: str | None, year: int | str | None, value: float | str | None, note: str | None, user: str | None, lang: str, scale: str):
    """Value is typed in the unit shown (money in the 万元/亿元 switch) or with its unit ("2.2亿元"), stored in the
    catalogue unit; a value the form cannot read exactly is refused (error alert naming 目标值), never stored."""
    if not indicator or not region or not year or value in (None, ""):
        return dmc.Alert(t("targets.edit_missing", lang), color="red", id="targets-edit-error")
    unit = str(model.meta(indicator)["unit"])
    try:
        check_year(year)
        stored = parse_target(value, indicator, scale if unit in model.MONEY else unit)
        stored = check_target(indicator, stored, latest_figure(indicator, region))
        with engine().begin() as conn:
            store.set_target(conn, indicator, region, int(year), stored, user or "admin", note=note or None)
    except UserError as exc:
        return error_alert(exc, lang, "targets-edit-error")
    return dmc.Alert(t("targets.saved", lang, indicator=model.indicator_name(indicator, lang),
                       region=model.region_name(region, lang=lang), year=int(year),
                       value=model.value_text(stored, indicator, scale, lang)),
                     color="teal", id="targets-edit-ok")
