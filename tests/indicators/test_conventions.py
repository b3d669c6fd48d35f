"""Money units and the bureau's clock are defined once (indicators/conventions.py) and read everywhere."""
from __future__ import annotations

import ast
from datetime import date, datetime, timezone
from pathlib import Path

from data.imports.clean import MONEY
from indicators.conventions import BUREAU_TZ, MONEY_IN_YUAN, end_of_day
from indicators.formatting import convert_amount, format_value

ROOT = Path(__file__).resolve().parents[2]
UNITS = set(MONEY_IN_YUAN)


def test_units_and_clock():
    assert MONEY_IN_YUAN == {"元": 1, "千元": 1_000, "万元": 10_000, "十万元": 100_000, "百万元": 1_000_000,
                             "千万元": 10_000_000, "亿元": 100_000_000}
    assert MONEY == {"元": 0.0001, "千元": 0.1, "万元": 1, "十万元": 10, "百万元": 100, "千万元": 1000, "亿元": 10_000}
    assert format_value(8383, "千元", 2) == "838.30万元" and format_value(123456, "元", 2) == "12.35万元"
    assert convert_amount(15400, "万元", "亿元") == 1.54 and convert_amount(8383, "千元", "万元") == 838.3
    assert end_of_day(date(2024, 5, 28)).astimezone(timezone.utc) == \
        datetime(2024, 5, 28, 15, 59, 59, 999999, tzinfo=timezone.utc)
    assert BUREAU_TZ.utcoffset(None).total_seconds() == 8 * 3600


def _sources():
    for package in ("app.py", "server", "data", "layouts", "plots", "indicators", "texts", "figures"):
        path = ROOT / package
        yield from (sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else [])


def _is_number(node: ast.AST) -> bool:
    try:
        return isinstance(ast.literal_eval(node), (int, float))
    except ValueError:
        return False


def test_nobody_else_defines_money_units_or_utc_plus_8():
    found = []
    for path in _sources():
        if path.name == "conventions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            strings = set()
            if isinstance(node, ast.Dict) and all(_is_number(v) for v in node.values):  # unit -> size, not a label
                strings = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                strings = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if len(strings & UNITS) >= 2 and not isinstance(getattr(node, "ctx", None), ast.Store):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} money units")
            if isinstance(node, ast.keyword) and node.arg == "hours" and getattr(node.value, "value", None) == 8:
                found.append(f"{path.relative_to(ROOT)}:{node.value.lineno} UTC+8")
    assert found == []
