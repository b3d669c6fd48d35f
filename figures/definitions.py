"""An indicator's definition where people look (issue 13, point 9): the one text behind the info panel of every
chart and card, the API and the exports, read from the catalogue (data/catalogue/indicators.toml).

`definition(code, lang)` -> {"code", "name", "definition", "caliber", "source", "unit", "formula"}:
- definition: the catalogue's definition_zh / definition_en;
- caliber (口径): how quarterly figures are counted (累计 for flows and ratios of flows, 期末数 for stocks and
  ratios of stocks), what a city total covers (county-level units plus development zones,
  data.catalogue.CITY_TOTAL_LEVELS) for additive indicators, and how a formula is computed (inputs converted to
  the catalogue's units first);
- source, unit: the catalogue's, in the language (texts.i18n.source_text / unit_label);
- formula: the formula with indicator names ("R&D经费 / 地区生产总值 × 100"), "" for an observed indicator.
UserError (400) for an unknown code (figures.ranking.indicator_row).
"""
from __future__ import annotations

import re


def _formula_text(formula: str, names: dict[str, str]) -> str:
    text = re.sub(r"[A-Z][A-Z0-9_]*", lambda m: names.get(m.group(0), m.group(0)), formula)
    return text.replace("*", "×").replace("/", "÷")


def definition(code: str, lang: str = "zh") -> dict:
    from data.catalogue import load_indicators
    from figures.ranking import indicator_row, reads_ytd
    from texts.i18n import source_text, t, unit_label

    ind = indicator_row(code)
    en = lang == "en"
    cat = load_indicators()
    names = dict(zip(cat["code"].astype(str), cat["name_en" if en else "short_zh"].astype(str)))
    formula = ind.get("formula") if isinstance(ind.get("formula"), str) else ""
    caliber = [t("def.caliber.ytd" if reads_ytd(ind) else "def.caliber.stock", lang)]
    if bool(ind["additive"]):
        caliber.append(t("def.caliber.total", lang))
    if formula:
        caliber.append(t("def.caliber.formula", lang))
    sep = " " if en else ""
    return {"code": code, "name": str(ind["name_en" if en else "name_zh"]),
            "definition": str(ind.get("definition_en" if en else "definition_zh") or ""),
            "caliber": sep.join(caliber), "source": source_text(str(ind["source"]), lang),
            "unit": unit_label(str(ind["unit"]), lang), "formula": _formula_text(formula, names) if formula else ""}
