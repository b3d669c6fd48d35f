"""Cells that need their own handling deep in a long table's body (issue 12 §9): the import is fast on a long
plain table, but a text number, a hidden row, a percent-formatted figure, a merged region cell or a 小计 row at
Excel row 90,000 gets exactly the outcome it gets at row 5, and every other row of the table is still imported."""
from __future__ import annotations

import io

import pytest

from data.catalogue import load_indicators, load_regions

HEADER = ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"]
BODY = 90_000   # plain rows before the special ones
NAMES = {"RD_EXP": "研究与试验发展(R&D)经费", "GDP": "地区生产总值", "FISCAL_ST": "地方财政科技支出",
         "HNTE": "高新技术企业数", "TSME": "科技型中小企业（入库）数", "PLATFORMS": "省级以上科技创新平台数"}


def _plain_rows(n: int) -> list[list]:
    """n distinct plain rows: Hebei's county-level units × amount and count indicators × years 1900…"""
    inds = load_indicators()
    # no 其中 item (catalogue parent): its figure here would stand above its whole's, which validate refuses
    # (part_above_whole, bw10); the table is about rows deep in the body, not about sub-items
    inds = inds[inds["formula"].isna() & inds["unit"].isin(["万元", "家", "个"]) & inds["parent"].isna()]
    regs = load_regions()
    regs = regs[(regs["level"] == "county") & regs["code"].str.startswith("13")]
    rows = []
    for year in range(1900, 2000):
        for code, name in zip(regs["code"], regs["name"]):
            for icode, iname, unit in zip(inds["code"], inds["name_zh"], inds["unit"]):
                if len(rows) == n:
                    return rows
                rows.append([code, name, icode, iname, str(year), "否", float(100 + len(rows) % 7), unit, "正式", ""])
    return rows


def _row(code: str, name: str, ind: str, value: object, unit: str, year: str = "1950") -> list:
    return [code, name, ind, NAMES[ind], year, "否", value, unit, "正式", ""]


@pytest.fixture(scope="module")
def deep_workbook() -> tuple[bytes, int]:
    """(the .xlsx, the Excel row of the first special row)."""
    import xlsxwriter

    bio = io.BytesIO()
    wb = xlsxwriter.Workbook(bio, {"in_memory": True})
    pct = wb.add_format({"num_format": "0.00%"})
    ws = wb.add_worksheet("数据")
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(_plain_rows(BODY), start=1):
        ws.write_row(r, 0, row)
    first = BODY + 1                       # 0-based row of the first special row; Excel row first + 1
    special = [
        _row("130534", "清河县", "RD_EXP", "1,234.5", "万元"),          # a number typed as text
        _row("130534", "清河县", "GDP", 500.0, "万元"),                 # on a hidden row
        _row("130534", "清河县", "FISCAL_ST", 0.1181, "万元"),          # shown as 11.81%
        _row("130534", "清河县", "HNTE", 69.0, "家"),                   # region merged over this row
        _row("", "", "TSME", 101.0, "家"),                               # … and this one
        _row("", "小计", "PLATFORMS", 26.0, "个"),                        # a 小计 row in the middle
        _row("130523", "内丘县", "HNTE", 40.0, "家"),                    # plain again
    ]
    for k, row in enumerate(special):
        ws.write_row(first + k, 0, row)
    ws.set_row(first + 1, None, None, {"hidden": True})
    ws.write_number(first + 2, 6, 0.1181, pct)
    ws.merge_range(first + 3, 1, first + 4, 1, "清河县")
    wb.close()
    return bio.getvalue(), first + 1


@pytest.fixture(scope="module")
def result(deep_workbook, tmp_path_factory):
    from data.bootstrap import ensure_database
    from data.db import make_engine, reading
    from data.imports import service

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('deep') / 'deep.sqlite'}")
    ensure_database(engine, load_demo=False)
    try:
        with reading(engine) as conn:
            yield service.analyse(conn, [("deep.xlsx", deep_workbook[0])])
    finally:
        engine.dispose()


def test_every_plain_row_imported(result, deep_workbook):
    obs = result.obs
    plain = obs[obs["period"] != "1950"]
    assert len(plain) == BODY
    assert plain["row"].astype(int).tolist() == list(range(1, BODY + 1))
    assert plain["value"].tolist() == [float(100 + k % 7) for k in range(BODY)]


def test_special_rows_deep_in_the_body(result, deep_workbook):
    _, x = deep_workbook   # Excel row of the first special row
    got = result.obs[result.obs["period"] == "1950"]
    table = sorted((r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell)
                   for r in got.itertuples())
    assert table == sorted([
        ("RD_EXP", "130534", "1950", False, 1234.5, f"G{x}"),        # the text number, read exactly
        ("HNTE", "130534", "1950", False, 69.0, f"G{x + 3}"),
        ("TSME", "130534", "1950", False, 101.0, f"G{x + 4}"),       # its region from the merged cell above
        ("HNTE", "130523", "1950", False, 40.0, f"G{x + 6}"),
    ])
    probs = {(p.rule, p.severity, p.cell) for p in result.problems.itertuples()}
    assert ("hidden_data", "warning", "") in probs
    hidden = result.problems[result.problems["rule"] == "hidden_data"]
    assert hidden["message_zh"].str.contains(f"第 {x + 1} 行").all()
    assert ("percent_in_amount", "error", f"G{x + 2}") in probs
    assert ("unknown_region", "error", f"B{x + 5}") in probs
    errors = sorted((p.rule, p.cell) for p in result.errors.itertuples())
    assert errors == sorted([("percent_in_amount", f"G{x + 2}"), ("unknown_region", f"B{x + 5}")])


def test_every_cell_accounted_for(result):
    # 9 filled cells per plain row (备注 empty), the header's 10, the special rows' 60 (the merged-over row has
    # neither code nor name of its own, the 小计 row no code); refused: the hidden row's 9, the percent cell, the
    # 小计 row's figure
    assert result.preview["cells"] == {"total": 9 * BODY + 10 + 60, "imported": BODY + 4,
                                       "structure": 8 * BODY + 10 + 45, "refused": 11,
                                       "structure_kinds": {"header": 10, "label": 8 * BODY + 45}}
