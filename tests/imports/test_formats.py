"""Macro-enabled .xlsm and legacy .xls read to exactly the figures of the same .xlsx."""
import pandas as pd
import pytest

from data.imports.read import read_file
from data.imports.sniff import sniff
from workbooks import as_xls, as_xlsm, long_form, single_unit_form, wide_report

WORKBOOKS = {
    "wide": lambda: wide_report(override={"D7": "十二", "F13": "=SUM(F5:F6)"}),
    "long": lambda: long_form([["130534", "清河县", "RD_EXP", "", "2024Q2", "是", "1,234.5", "万元", "快报", ""],
                               ["", "威 县", "", "高新技术企业数", "2023年", "否", 69, "家", "正式", "备注"]]),
    "form": single_unit_form,
}


def figures(result) -> pd.DataFrame:
    """Everything an import yields except the file name."""
    obs = result.obs.drop(columns=["file"], errors="ignore")
    return obs.sort_values(["sheet", "cell"]).reset_index(drop=True)


def issues(result) -> list[tuple]:
    return sorted(result.problems[["severity", "rule", "sheet", "cell", "message_zh"]]
                  .astype(str).itertuples(index=False, name=None))


@pytest.mark.parametrize("layout", sorted(WORKBOOKS))
def test_xlsm_reads_like_the_xlsx_and_its_macros_are_ignored(analyse, layout):
    xlsx = WORKBOOKS[layout]()
    xlsm = as_xlsm(xlsx)
    assert sniff(xlsm, "报表.xlsm") == "xlsx"
    a, b = analyse(("报表.xlsx", xlsx)), analyse(("报表.xlsm", xlsm))
    assert len(a.obs) > 0 and not (a.problems["rule"] == "bad_file").any()
    pd.testing.assert_frame_equal(figures(b), figures(a))
    assert issues(b) == issues(a)


def test_xlsm_formula_without_cached_value_is_still_found(analyse):
    r = analyse(("报表.xlsm", as_xlsm(WORKBOOKS["wide"]())))
    assert list(r.problems.loc[r.problems["rule"] == "formula_no_value", "cell"]) == ["F13"]


@pytest.mark.parametrize("layout", sorted(WORKBOOKS))
def test_xls_reads_like_the_xlsx(analyse, layout):
    # as_xls copies values, not formulas: the wide report goes without its formula cell here.
    xlsx = wide_report(override={"D7": "十二"}) if layout == "wide" else WORKBOOKS[layout]()
    xls = as_xls(xlsx)
    assert sniff(xls, "报表.xls") == "xls"
    a, b = analyse(("报表.xlsx", xlsx)), analyse(("报表.xls", xls))
    assert len(a.obs) > 0 and not (b.problems["rule"] == "bad_file").any()
    pd.testing.assert_frame_equal(figures(b), figures(a))
    assert issues(b) == issues(a)


def test_xls_merged_header_ranges_are_read_and_used(analyse):
    # 技术合同登记额 spans E3:G3 over a blank E4: only the merge tells F4 "本地" which group it is in (a marked
    # "其中：本地" would be read as a part of the column on its left without the merge: test_sub_items).
    xlsx = wide_report(override={"E4": None, "F4": "本地"})
    xls = as_xls(xlsx)
    assert sorted(read_file(xls, "xls", "a.xls")[0].merged) == sorted(read_file(xlsx, "xlsx", "a.xlsx")[0].merged)
    a, b = analyse(("报表.xlsx", xlsx)), analyse(("报表.xls", xls))
    assert b.unmatched == [] and "TECH_CONTRACT_LOCAL" in set(b.obs["indicator"])
    pd.testing.assert_frame_equal(figures(b), figures(a))
    # Control: the same .xls without merge records loses the sub-column, so the merges carry weight.
    flat = analyse(("报表.xls", as_xls(xlsx, merges=False)))
    assert [u["label"] for u in flat.unmatched] == ["本地"]
