"""Numbers typed as text that were read as other numbers without a word (issue 12, point 4, "numbers
stored as text"): a decimal comma or a grouping that is not in threes lost or moved the decimal point
("1 234,5" -> 12345, "12,34" -> 1234); an overflow (1e400) or non-ASCII digits became an empty figure
marked ok. Each is now read exactly or refused as not a number."""
import pandas as pd

from data.imports.clean import parse_numbers

# text -> (value, state); value None = NaN
EXPECTED = {
    "1,234.5": (1234.5, "ok"),
    "1,234,567": (1234567.0, "ok"),
    "12 345": (12345.0, "ok"),
    "1 234 567.25": (1234567.25, "ok"),
    "12’345": (12345.0, "ok"),
    "１，２３４": (1234.0, "ok"),
    "(1,234)": (-1234.0, "ok"),
    "- 12": (-12.0, "ok"),
    "−12.5": (-12.5, "ok"),          # U+2212, the typeset minus
    "1 234,5": (None, "invalid"),    # a decimal comma: was 12345
    "12,34": (None, "invalid"),      # was 1234
    "1,2345": (None, "invalid"),     # was 12345
    "1e400": (None, "invalid"),      # was an empty figure marked ok
    "١٢": (None, "invalid"),         # Arabic-Indic digits: was an empty figure marked ok
    "8300万元": (None, "invalid"),
    "—": (None, "missing"),
    "": (None, "blank"),
}


def test_numbers_typed_as_text():
    value, state, _pct = parse_numbers(pd.Series(list(EXPECTED), dtype=object))
    got = {k: (None if pd.isna(v) else float(v), s) for k, v, s in zip(EXPECTED, value, state)}
    assert got == EXPECTED
