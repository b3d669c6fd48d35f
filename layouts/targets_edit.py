"""Writing a target (admins): one transaction through data.store.set_target, which keeps history and audits."""
from __future__ import annotations

import dash_mantine_components as dmc

from data import store
from data.errors import UserError
from indicators.formatting import convert_amount
from layouts.components import error_alert
from layouts import model
from texts.i18n import t
from server.context import engine


def save(indicator: str | None, region: str | None, year: int | str | None, value: float | str | None, note: str | None, user: str | None, lang: str, scale: str):
    """Value is entered in the unit shown (money in the 万元/亿元 switch), stored in the catalogue unit."""
    if not indicator or not region or not year or value in (None, ""):
        return dmc.Alert(t("targets.edit_missing", lang), color="red", id="targets-edit-error")
    unit = str(model.meta(indicator)["unit"])
    stored = float(convert_amount(float(value), scale, unit)) if unit in model.MONEY else float(value)
    try:
        with engine().begin() as conn:
            store.set_target(conn, indicator, region, int(year), stored, user or "admin", note=note or None)
    except UserError as exc:
        return error_alert(exc, lang, "targets-edit-error")
    return dmc.Alert(t("targets.saved", lang, indicator=model.indicator_name(indicator, lang),
                       region=model.region_name(region, lang=lang), year=int(year),
                       value=model.value_text(stored, indicator, scale, lang)),
                     color="teal", id="targets-edit-ok")
