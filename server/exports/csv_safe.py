"""CSV that Excel opens correctly (UTF-8 with BOM) and that cannot smuggle formulas.

Text cells starting with = + - @ or a tab / carriage return are prefixed with ' (OWASP's advice
for CSV injection). Numbers are written as numbers: a negative figure is data, not a formula.
"""
from __future__ import annotations

import csv
import io
import math
from numbers import Number

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def escape_cell(value: object) -> str:
    """One CSV cell as text: None/NA empty, booleans true/false, numbers without exponent
    (NaN and infinities empty), lists joined by "|", and text that a spreadsheet would run as a formula
    (= + - @, tab, CR) prefixed with an apostrophe (OWASP CSV injection).
    """
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Number):
        return "" if isinstance(value, float) and not math.isfinite(value) else _number(value)
    if isinstance(value, (list, tuple)):
        value = "|".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)) if isinstance(value, float) else str(value)


def to_csv(frame: pd.DataFrame, headers: list[str] | None = None, bom: bool = True) -> bytes:
    """`frame` as CSV bytes: UTF-8 with a BOM (Excel opens Chinese correctly), CRLF line ends,
    every cell through escape_cell; `headers` replaces the column names.
    """
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in (headers or list(frame.columns))])
    cols = [frame[c].astype(object).tolist() for c in frame.columns]
    for row in zip(*cols):
        writer.writerow([escape_cell(_native(v)) for v in row])
    return buf.getvalue().encode("utf-8")


def _native(v: object):
    if v is pd.NA or v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v
