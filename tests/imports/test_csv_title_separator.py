"""C-f22b/f22c: a CSV whose first line is a title holds no separator there; the table's own lines decide it.
Lines holding figures are never counted as text-only structure: a CSV whose separator cannot be told is refused
with a message naming the separator it may be."""
import datetime as dt

import pytest
from import_checks import problems

TODAY = dt.date(2026, 1, 10)


def csv_text(lines, encoding="utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def table(result):
    o = result.obs.sort_values(["indicator", "region"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value)) for r in o.itertuples()]


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_title_line_above_a_separated_table(analyse, sep, encoding):
    lines = ["邢台市2024年1-9月县域科技指标", sep.join(["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]),
             sep.join(["清河县", "12305", "78"]), sep.join(["威县", "8300", "52"]), sep.join(["临西县", "5722", "40"])]
    r = analyse(("t.csv", csv_text(lines, encoding)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "value"]].to_dict("records")
    assert table(r) == [("HNTE", "130533", "2024Q3", False, 52.0), ("HNTE", "130534", "2024Q3", False, 78.0),
                        ("HNTE", "130535", "2024Q3", False, 40.0), ("RD_EXP", "130533", "2024Q3", True, 8300.0),
                        ("RD_EXP", "130534", "2024Q3", True, 12305.0), ("RD_EXP", "130535", "2024Q3", True, 5722.0)]
    c = r.counts()["cells"]
    assert c["structure_kinds"].get("text_sheet") is None and c["imported"] == 6


def test_semicolon_table_with_comma_thousands_under_a_title_is_split_by_semicolons(analyse):
    """f22b: "12,305" in a ;-separated file under a title: the file is read in columns (the 12,305 cells are then
    the decimal-comma rule's to judge), never one column of text-only structure."""
    lines = ["邢台市2024年1-9月县域科技指标", "县（市、区）;R&D经费（万元）;技术合同登记额（万元）",
             "清河县;12,305;29311.5", "威县;8,300;28049"]
    r = analyse(("t.csv", csv_text(lines)), today=TODAY)
    assert table(r) == [("TECH_CONTRACT", "130533", "2024Q3", True, 28049.0),
                        ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.5)]
    assert problems(r, "no_values").empty
    assert r.counts()["cells"]["structure_kinds"].get("text_sheet") is None


def test_lines_of_figures_in_one_column_are_refused_naming_the_separator(analyse):
    """A "|"-separated file is read as one column: its lines hold figures, so the sheet is no text-only sheet;
    the report says the "|" may be the separator and how to split the file."""
    lines = ["邢台市2024年1-9月县域科技指标", "县（市、区）|R&D经费（万元）|高新技术企业数（家）", "清河县|12305|78",
             "威县|8300|52"]
    r = analyse(("t.csv", csv_text(lines)), today=TODAY)
    bad = problems(r, "unknown_layout")
    assert bad[["cell"]].values.tolist() == [["A1"]]
    assert "各行中的 “|” 可能是列分隔符" in bad["message_zh"].iloc[0]
    assert "分列" in bad["fix_zh"].iloc[0]
    c = r.counts()["cells"]
    assert c["structure_kinds"].get("text_sheet") is None and c["refused"] == 4
