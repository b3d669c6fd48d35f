"""The one place that turns numbers into text (pages, exports, sentences all call this).

Conventions:
- missing (None, NaN, NA, ±inf) -> "—"
- rounding is 四舍五入 (round half up, away from zero on the magnitude) on the decimal value read
  from the float's shortest repr, never on the binary float: 83.705 -> "83.71", 0.125 -> "0.13",
  0.375 -> "0.38" (Python's round() gives 83.70, 0.12, 0.37). `round_half_up` is the one rounding;
  ranks, 并列 and statuses are judged on `round_half_up(value, displayed decimals)` (figures/).
- 万元 amounts: scale="auto" shows 亿元 with 2 decimals from 10,000万元 up, else 万元 with
  the given decimals; the switch is decided on the value *after* rounding to the 万元 decimals
  (9999.6万元 -> "1.00亿元", never "10000万元"). English shows million yuan (1 万元 = 0.01 million
  yuan), and billion yuan from 1 billion (100,000万元) up, both with 2 decimals (switch after rounding).
- rates in %: 2 decimals; ratio changes in 百分点 (percentage points).
- Chinese numbers carry no thousands separator ("8383万元"); English ones do ("8,383").
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from indicators.conventions import MONEY_IN_YUAN as _TO_YUAN, WAN_EXPONENT

MISSING = "—"
COUNT_UNITS_EN = {"家": "firms", "个": "units", "项": "items", "人": "people", "件": "items"}
COUNT_UNIT_EN_ONE = {"firms": "firm", "units": "unit", "items": "item", "people": "person"}


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def convert_amount(value: object, from_unit: str, to_unit: str):
    """Convert a money amount between the units of indicators.conventions.MONEY_IN_YUAN (元, 万元, 亿元 …);
    NaN passes through; ValueError for a unit that is not money."""
    if from_unit not in _TO_YUAN or to_unit not in _TO_YUAN:
        raise ValueError(f"not a money unit: {from_unit!r} -> {to_unit!r}")
    return value * _TO_YUAN[from_unit] / _TO_YUAN[to_unit]  # multiply first: 8383千元 is 838.3万元 exactly


def yuan_to_wan(value):
    return convert_amount(value, "元", "万元")


def wan_to_yi(value):
    return convert_amount(value, "万元", "亿元")


def yi_to_wan(value):
    return convert_amount(value, "亿元", "万元")


def _decimal(value: object) -> Decimal:
    """The decimal value a reader means by a float: from its shortest repr (0.375 -> Decimal("0.375"))."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def _half_up(value: object, decimals: int) -> Decimal:
    """四舍五入 to `decimals` places on the decimal value (0.125 -> 0.13, -0.125 -> -0.13)."""
    try:
        return _decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too many digits for the context: the float is already that precise
        return _decimal(value)


def round_half_up(value: object, decimals: int = 0) -> float:
    """四舍五入 of a number to `decimals` places, as a float; NaN/None/inf -> NaN.

    The one rounding of the product: 83.705 -> 83.71, 0.125 -> 0.13, 0.375 -> 0.38, 2.675 -> 2.68,
    7.000000000000001 -> 7.0. Works on arrays (element-wise, NaN kept).
    """
    import numpy as np

    if isinstance(value, (list, tuple)) or np.ndim(value) > 0:
        arr = np.asarray(value, dtype=float)
        out = np.array([round_half_up(v, decimals) for v in arr.reshape(-1)], dtype=float)
        return out.reshape(arr.shape)
    if is_missing(value):
        return math.nan
    return float(_half_up(value, decimals))


def _scaled(value: object, power: int) -> Decimal:
    """value × 10**power, exactly, on the decimal value."""
    return _decimal(value).scaleb(power)


def _num(value: object, decimals: int, lang: str) -> str:
    # 四舍五入 on the decimal value; "-0.00" is shown as "0.00"
    d = _half_up(value, decimals)
    if d == 0:
        d = abs(d)
    return f"{d:{',' if lang == 'en' else ''}.{decimals}f}"


def format_number(value: object, decimals: int = 0, lang: str = "zh") -> str:
    return MISSING if is_missing(value) else _num(value, decimals, lang)


def format_value(value: object, unit: str, decimals: int | None = None, scale: str = "auto",
                 lang: str = "zh") -> str:
    """A figure with its unit: (15400, "万元") -> "1.54亿元"; (125, "家") -> "125家"; (2.1, "%") -> "2.10%".

    scale applies to money in 万元: "auto" (亿元 from 10,000万元), "万元", "亿元".
    """
    if is_missing(value):
        return MISSING
    value = float(value)
    if unit == "%":
        return format_pct(value, 2 if decimals is None else decimals, lang=lang)
    if unit in _TO_YUAN:
        wan = _scaled(value, WAN_EXPONENT[unit])
        if lang == "en":
            if scale == "万元":
                return f"{_num(wan, decimals or 0, lang)} ten-thousand yuan"
            if scale == "亿元":
                return f"{_num(wan.scaleb(-4), 2 if decimals is None else decimals, lang)} hundred-million yuan"
            millions = _half_up(wan.scaleb(-2), 2)
            if abs(millions) >= 1000:  # 10亿元 = 1 billion yuan, decided after rounding
                return f"{_num(wan.scaleb(-5), 2, lang)} billion yuan"
            return f"{_num(millions, 2, lang)} million yuan"  # catalogue decimals are for 万元
        shown_wan = _half_up(wan, 0 if decimals is None else decimals)
        if scale == "亿元" or (scale == "auto" and abs(shown_wan) >= 10000):
            return f"{_num(wan.scaleb(-4), 2 if decimals is None or scale == 'auto' else decimals, lang)}亿元"
        if scale in ("auto", "万元"):
            return f"{_num(wan, 0 if decimals is None else decimals, lang)}万元"
        raise ValueError(f"unknown scale {scale!r}")
    text = _num(value, 0 if decimals is None else decimals, lang)
    if lang == "en":
        word = COUNT_UNITS_EN.get(unit, unit)
        if float(value) == 1:
            word = COUNT_UNIT_EN_ONE.get(word, word)
        return f"{text} {word}".rstrip()
    return f"{text}{unit}"


def _signed(value: object, decimals: int, signed: bool, lang: str) -> str:
    """The number, with "+" in front of a rounded non-zero positive when `signed`."""
    text = _num(value, decimals, lang)
    if signed and not text.startswith("-") and float(text.replace(",", "")) != 0:
        text = "+" + text
    return text


def format_pct(value: object, decimals: int = 2, signed: bool = False, lang: str = "zh") -> str:
    """83.714 -> "83.71%"; signed -> "+83.71%"."""
    if is_missing(value):
        return MISSING
    return f"{_signed(value, decimals, signed, lang)}%"


def format_pp(value: object, decimals: int = 2, signed: bool = False, lang: str = "zh") -> str:
    """Change of a ratio: 0.3 -> "0.30个百分点" / "0.30 percentage points"."""
    if is_missing(value):
        return MISSING
    text = _signed(value, decimals, signed, lang)
    return f"{text}个百分点" if lang == "zh" else f"{text} percentage points"


def _int(value: object) -> int | None:
    return None if is_missing(value) else int(_half_up(value, 0))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_rank(rank: object, group_size: int | None = None, tied: bool = False, lang: str = "zh") -> str:
    """(3, 18) -> "第3/18"; tied -> "并列第3/18"; no size -> "第3位"; en "3rd of 18", "tied 3rd"."""
    r = _int(rank)
    if r is None:
        return MISSING
    n = _int(group_size)
    if lang == "en":
        text = _ordinal(r) + (f" of {n}" if n is not None else "")
        return ("tied " + text) if tied else text
    text = f"第{r}/{n}" if n is not None else f"第{r}位"
    return ("并列" + text) if tied else text


def format_rank_change(change: object, lang: str = "zh") -> str:
    """Positive = moved up: 2 -> "升2位", -1 -> "降1位", 0 -> "持平" (en "up 2" / "down 1" / "unchanged")."""
    c = _int(change)
    if c is None:
        return MISSING
    if lang == "en":
        return "unchanged" if c == 0 else (f"up {c}" if c > 0 else f"down {-c}")
    return "持平" if c == 0 else (f"升{c}位" if c > 0 else f"降{-c}位")


def format_change(value: object, kind: str, decimals: int = 2, signed: bool = True, lang: str = "zh") -> str:
    """A 同比/环比 change in the indicator's convention: % for amounts/counts, 百分点 for ratios."""
    if kind == "ratio":
        return format_pp(value, decimals, signed=signed, lang=lang)
    return format_pct(value, decimals, signed=signed, lang=lang)


__all__ = [
    "MISSING", "is_missing", "round_half_up", "rounded_decimal", "convert_amount", "yuan_to_wan", "wan_to_yi", "yi_to_wan",
    "format_number", "format_value", "format_pct", "format_pp", "format_rank",
    "format_rank_change", "format_change",
]



def rounded_decimal(value: object, decimals: int):
    """四舍五入 to `decimals` places (the same rounding as round_half_up) kept as a Decimal with exactly that
    many places, for text outputs such as the CSV export: 19973.000000000004 -> Decimal("19973"),
    15.4 at 2 places -> Decimal("15.40"), -0.001 -> Decimal("0.00") (no "-0.00"); None when missing."""
    if is_missing(value):
        return None
    out = _half_up(value, decimals)
    return out + 0 if out else abs(out)


def plural_en(n: float | str, one: str, other: str) -> str:
    """The English words agreeing with the count n: `one` when n is exactly 1 (1, 1.0, "1", "-1"), else
    `other` ("0 figures", "2 figures", "1.5 figures"). n may be a number or its formatted text ("1,234");
    text that is no number takes `other`. The one rule for English plurals: the catalogue (texts/i18n.py)
    writes it as the format spec `{rows:plural:figure|figures}`, code below the catalogue calls it directly."""
    try:
        value = float(str(n).replace(",", "").strip())
    except ValueError:
        return other
    return one if abs(value) == 1 else other
