"""What a target may be: one reading of a typed target (`parse_target`) and one check of the value stored
(`check_target`, also run by data.store.set_target, the one road every target takes).

A typed target is read by the importer's own number rules (data.imports.clean.parse_figure → parse_numbers:
full-width digits, thousands commas in groups of three, 1e400 refused), never by a second parser. A unit word
written with the figure is converted to the indicator's unit when it is one (5亿 / 5亿元 / 50000万元 for a money
indicator, 0.9% for a % one, 98家 for 家) and refused with the reason otherwise (5千, 5万美元, 5亿 for a %); a
figure without a unit is in the unit the page shows (money: the 万元/亿元 switch). Refused, each with a zh/en
message naming 目标值 and the fix: text, a missing marker, zero, negatives, non-finite values, more decimals than
the indicator is shown with (the target judged is the target shown: 完成率 on the displayed precision), and absurd
magnitudes (`MAX_BY_UNIT`: above 1万亿元, 100%, or a million of a count; and, where the region has a published
figure, more than 100 times or less than a hundredth of it — the slip of a 万元/亿元 switch)."""
from __future__ import annotations

import math
import numbers

import numpy as np

from data.catalogue import load_indicators
from data.errors import UserError
from data.imports.clean import COUNT_ALIKE, MONEY, parse_figure, unit_word
from indicators.formatting import convert_amount, format_number, round_half_up

MAX_BY_UNIT = {"万元": 1e8, "%": 100.0}   # 1万亿元; a share or intensity is at most 100%
MAX_COUNT = 1e6
REFERENCE_RATIO = 100.0                   # a target 100× (or 1/100 of) the region's latest figure is a unit slip
FIELD_ZH, FIELD_EN = "目标值", "Target"


def _meta(indicator: str) -> dict:
    cat = load_indicators().set_index("code")
    if indicator not in cat.index:
        raise UserError(f"未知的指标代码：{indicator}", f"Unknown indicator: {indicator}")
    return cat.loc[indicator].to_dict()


def _refuse(zh: str, en: str) -> UserError:
    return UserError(f"{FIELD_ZH}：{zh}", f"{FIELD_EN}: {en}", status=400)


def parse_target(text: object, indicator: str, shown_unit: str | None = None) -> float:
    """The target typed as `text` for `indicator`, in the catalogue unit; `shown_unit`: the unit a bare figure is
    in (the page's 万元/亿元 switch for money; default the catalogue unit). Raises UserError (400) with a zh/en
    message naming 目标值 and the fix for anything it cannot read exactly (module docstring); checks the value
    with `check_target`."""
    meta = _meta(indicator)
    unit = str(meta["unit"])
    typed = "" if text is None else str(text).strip()
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value, state, word = float(text), "ok" if math.isfinite(float(text)) else "invalid", None
    else:
        value, state, word = parse_figure(typed)
    example = "22000、2.2亿元" if unit in MONEY else ("0.90" if unit == "%" else "98")
    example_en = "22000, 2.2亿元" if unit in MONEY else ("0.90" if unit == "%" else "98")
    if state == "blank":
        raise _refuse(f"请填写（单位{unit}，如 {example}）", f"fill it in (in {unit}, e.g. {example_en})")
    if state != "ok":
        raise _refuse(f"“{typed}”不是数字，请只填数字（可带千分位逗号或单位，如 {example}）",
                      f"\"{typed}\" is not a number; type digits only (thousands commas or a unit allowed, "
                      f"e.g. {example_en})")
    if word is not None:
        written = unit_word(word)
        same = written == unit or any(written in g and unit in g for g in COUNT_ALIKE)
        if written in MONEY and unit in MONEY:
            value = float(convert_amount(value, written, unit))
        elif not same:
            raise _refuse(f"单位“{word}”不能用于本指标（单位{unit}），请按{unit}填写或去掉单位",
                          f"the unit \"{word}\" does not fit this indicator (in {unit}); type it in {unit} or "
                          "without a unit")
    elif unit in MONEY and shown_unit in MONEY and shown_unit != unit:
        value = float(convert_amount(value, shown_unit, unit))
    return check_target(indicator, value)


def check_target(indicator: str, value: float | None, reference: float | None = None) -> float:
    """`value` (catalogue unit) when it may be stored as `indicator`'s target; UserError (400) otherwise: not finite,
    zero or negative, more decimals than the catalogue shows, above MAX_BY_UNIT / MAX_COUNT, or — given the region's
    latest published figure `reference` (> 0) — more than REFERENCE_RATIO times it or less than its 1/REFERENCE_RATIO.
    """
    meta = _meta(indicator)
    unit, decimals = str(meta["unit"]), int(meta["decimals"])
    if value is None or isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)) \
            or not math.isfinite(float(value)):   # NumPy scalars too (a value read from a frame, review)
        raise _refuse("不是有限的数字，请填写一个数字", "not a finite number; type a number")
    value = float(value)
    if value <= 0:
        raise _refuse(f"须大于0（填写的是{value:g}）；不设目标请不要保存",
                      f"must be above 0 (got {value:g}); to set no target, do not save one")
    cap = MAX_BY_UNIT.get("万元" if unit in MONEY else unit, MAX_COUNT)
    cap = float(convert_amount(cap, "万元", unit)) if unit in MONEY else cap
    if value > cap:
        got, most = format_number(value, decimals), format_number(cap, decimals)
        raise _refuse(f"{got}{unit}超出合理范围（不超过{most}{unit}），请检查单位和位数",
                      f"{got} {unit} is out of range (at most {most} {unit}); check the unit and the digits")
    if reference is not None and math.isfinite(reference) and reference > 0 and \
            not reference / REFERENCE_RATIO <= value <= reference * REFERENCE_RATIO:
        ref = format_number(reference, decimals)
        raise _refuse(f"{value:g}{unit}与该地区最近的实际值{ref}{unit}相差百倍以上，请检查单位（万元/亿元）和位数",
                      f"{value:g} {unit} is over 100 times off the region's latest figure {ref} {unit}; check the unit "
                      "(万元/亿元) and the digits")
    if round_half_up(value, decimals) != round_half_up(value, decimals + 6):
        step = "整数" if decimals == 0 else f"{decimals}位小数"
        step_en = "a whole number" if decimals == 0 else f"{decimals} decimals"
        raise _refuse(f"本指标按{unit}显示到{step}，请填写到{step}（目标以显示值为准）",
                      f"this indicator is shown in {unit} to {step_en}; type the target to {step_en}")
    return float(round_half_up(value, decimals))   # the float noise of a conversion (2.2亿元 -> 22000.000000000004)


def check_year(year: object) -> int:
    """A target's year as an int (2000–2100); UserError (400) naming 目标年度 otherwise."""
    if not str(year).strip().isdecimal() or not str(year).strip().isascii() \
            or not 2000 <= int(str(year).strip()) <= 2100:   # "²".isdigit() is True and int("²") raises (review)
        raise UserError(f"目标年度：“{year}”不是2000—2100之间的年份", f"Target year: \"{year}\" is not a year between "
                        "2000 and 2100", status=400)
    return int(str(year).strip())
