"""Refuse rather than guess (issue 12): commas and points in the numbers of a ";"-separated CSV (Excel writes ";"
where the locale's decimal mark is a comma), and region codes written as "130534.0". Literal expected tables.

In a ";" file a comma inside a number is a decimal comma or ambiguous, never silently a thousands separator: the
file's own numbers decide (data.imports.clean.number_style), and a cell that could still be read two ways is
refused with rule separator_unsure naming the cell. A ","-separated file keeps reading "1,234" as 1234.
"""
from __future__ import annotations

import pandas as pd
import pytest

from data.imports.clean import (DECIMAL_COMMA, DECIMAL_POINT, UNSURE, number_style, parse_numbers,
                                separator_doubts)
from data.imports.match import code_label
from workbooks import LONG_HEADER, XINGTAI

HEADER = LONG_HEADER[:8]   # 地区代码 地区 指标代码 指标 期别 是否累计 数值 单位: the value is column G


def csv_file(values: list[str], sep: str = ";", codes: list[str] | None = None) -> tuple[str, bytes]:
    """One RD_EXP figure of 2024 per row (Excel row 2 on), a county of 邢台 by name, or by `codes` (name blank)."""
    lines = [sep.join(HEADER)]
    for i, v in enumerate(values):
        code, name = (codes[i], "") if codes else ("", XINGTAI[i])
        lines.append(sep.join([code, name, "RD_EXP", "", "2024", "", v, "万元"]))
    return "t.csv", ("\n".join(lines) + "\n").encode("utf-8")


def read_back(result) -> tuple[list, list]:
    """([(cell, raw, value)] imported, [(cell, value, rule)] of the number and region refusals), by cell."""
    obs = result.obs
    got = sorted((f"G{int(r) + 1}", raw, float(v)) for r, raw, v in zip(obs["row"], obs["raw"], obs["value"]))
    p = result.problems
    p = p[p["rule"].isin(["separator_unsure", "not_number", "unknown_region"])]
    return got, sorted(zip(p["cell"], p["value"], p["rule"]))


FILES = {
    # some number reads only with a decimal comma, none only with a point: the whole file has decimal commas
    "decimal_comma": (["12,5", "1.234,5", "1,234", "1.234", "7", "1 234,56", "0,5", "2.345.678"],
                      [("G2", "12,5", 12.5), ("G3", "1.234,5", 1234.5), ("G4", "1,234", 1.234),
                       ("G5", "1.234", 1234.0), ("G6", "7", 7.0), ("G7", "1 234,56", 1234.56),
                       ("G8", "0,5", 0.5), ("G9", "2.345.678", 2345678.0)],
                      []),
    # some number reads only with a decimal point: a comma is refused, thousands-grouped or not
    "decimal_point": (["12.5", "1,234", "1.234", "1,234.5", "1234"],
                      [("G2", "12.5", 12.5), ("G4", "1.234", 1.234), ("G6", "1234", 1234.0)],
                      [("G3", "1,234", "separator_unsure"), ("G5", "1,234.5", "separator_unsure")]),
    # nothing tells: "1,234" and "1.234" could be 1234 or 1.234
    "neither": (["1,234", "1.234", "1234", "1 234"],
                [("G4", "1234", 1234.0), ("G5", "1 234", 1234.0)],
                [("G2", "1,234", "separator_unsure"), ("G3", "1.234", "separator_unsure")]),
    # both kinds in one file: what reads two ways is refused, "12.5" (a point only) and "7" are read
    "mixed": (["12,5", "12.5", "1.234", "7"],
              [("G3", "12.5", 12.5), ("G5", "7", 7.0)],
              [("G2", "12,5", "separator_unsure"), ("G4", "1.234", "separator_unsure")]),
}


@pytest.mark.parametrize("name", list(FILES))
def test_semicolon_csv_numbers(analyse, name):
    values, imported, refused = FILES[name]
    got, problems = read_back(analyse(csv_file(values)))
    assert got == imported
    assert problems == refused


def test_the_refusal_names_the_cell_and_the_fix(analyse):
    p = analyse(csv_file(["12.5", "1,234"])).problems
    row = p[p["rule"] == "separator_unsure"].iloc[0]
    assert (row["severity"], row["cell"], row["value"]) == ("error", "G3", "1,234")
    assert row["message_zh"] == ("分号分隔的 CSV 文件中，数字里的逗号或点可能是小数点，也可能是千分位，无法确定："
                                 "文件中其他数字用小数点（如 12.5），逗号不会被当作小数点")
    assert "1234.5" in row["fix_zh"] and ".xlsx" in row["fix_zh"]
    assert row["message_en"].startswith("In this semicolon-separated CSV file") and "1234.5" in row["fix_en"]


def test_a_comma_separated_csv_keeps_its_thousands_commas(analyse):
    """The ";" rules are for ";" files: a ","-separated file groups thousands with quoted commas as before."""
    got, problems = read_back(analyse(csv_file(['"1,234"', '"12,5"', "12.5"], sep=",")))
    assert got == [("G2", "1,234", 1234.0), ("G4", "12.5", 12.5)]
    assert problems == [("G3", "12,5", "not_number")]


@pytest.mark.parametrize("cells,style", [
    (["12,5", "7"], DECIMAL_COMMA),
    (["1.234,5"], DECIMAL_COMMA),
    (["1.234.567"], DECIMAL_COMMA),
    (["-3,75%"], DECIMAL_COMMA),
    (["12.5", "1,234"], DECIMAL_POINT),
    (["0.123"], DECIMAL_POINT),
    (["1,234,567"], DECIMAL_POINT),
    (["1,234", "1.234", "88"], UNSURE),
    (["12,5", "0.5"], UNSURE),
    ([], UNSURE),
])
def test_number_style(cells, style):
    assert number_style(pd.Series(["—", "无", 5.0] + cells, dtype=object)) == style


def test_parse_numbers_with_a_decimal_comma():
    raw = pd.Series(["12,5", "-3,75%", "(1.234,5)", "１２，５", "—", "", "abc", 8.0, "1,2,3"], dtype=object)
    value, state, pct = parse_numbers(raw, DECIMAL_COMMA)
    assert value.tolist()[:4] == [12.5, -3.75, -1234.5, 12.5] and value.iloc[7] == 8.0
    assert state.tolist() == ["ok", "ok", "ok", "ok", "missing", "blank", "invalid", "ok", "invalid"]
    assert pct.tolist() == [False, True, False, False, False, False, False, False, False]
    assert not separator_doubts(raw, DECIMAL_COMMA).any()


def test_parse_numbers_refuses_the_doubtful_cells():
    raw = pd.Series(["1,234", "1.234", "12.5", "1234", "12,5%", "x,y"], dtype=object)
    assert separator_doubts(raw, DECIMAL_POINT).tolist() == [True, False, False, False, True, False]
    assert separator_doubts(raw, UNSURE).tolist() == [True, True, False, False, True, False]
    assert separator_doubts(raw, None).tolist() == [False] * 6
    value, state, _ = parse_numbers(raw, UNSURE)
    assert state.tolist() == ["invalid", "invalid", "ok", "ok", "invalid", "invalid"]
    assert value.iloc[2:4].tolist() == [12.5, 1234.0]
    assert parse_numbers(raw)[0].iloc[0] == 1234.0   # not a ";" file: as before


# ---- region codes written as numbers ------------------------------------------------------------------------
@pytest.mark.parametrize("label,expected", [
    ("130534.0", "130534"), (" 130534.0 ", "130534"), (130534.0, "130534"), ("１３０５３４.０", "130534"),
    ("130534", "130534"), ("130534.00", "130534.00"), ("130534.5", "130534.5"), ("0130534.0", "0130534.0"),
    ("13053.0", "13053.0"), ("130534,0", "130534,0"), ("清河县", "清河县"), (None, None),
])
def test_code_label(label, expected):
    assert code_label(label) == expected


def test_region_codes_written_as_130534_0(analyse):
    codes = ["130534.0", "130533.0", "130534.00", "130534.5", "0130534.0", "13053.0"]
    got, problems = read_back(analyse(csv_file(["5", "6", "7", "8", "9", "10"], sep=",", codes=codes)))
    by_row = {cell: v for cell, _, v in got}
    assert by_row == {"G2": 5.0, "G3": 6.0}
    obs = analyse(csv_file(["5", "6"], sep=",", codes=codes[:2])).obs
    assert sorted(obs["region"]) == ["130533", "130534"]
    assert problems == [("A4", "130534.00", "unknown_region"), ("A5", "130534.5", "unknown_region"),
                        ("A6", "0130534.0", "unknown_region"), ("A7", "13053.0", "unknown_region")]
