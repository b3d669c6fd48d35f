"""A 其中 item (catalogue `parent`) above its whole, in the file (an error) or against the published whole (a warning):
bw10 found the online form taking 其中：本地技术合同登记额 50000 beside 技术合同登记额 40000 for 清河县 2026年1—3季度."""
import pytest

from import_checks import long_rows, publish

L = long_rows


@pytest.mark.parametrize("rows, published, expected", [
    # both in the file: the part's cell is refused
    ([("TECH_CONTRACT", "2026年1-9月", "是", "40000"), ("TECH_CONTRACT_LOCAL", "2026年1-9月", "是", "50000")], [],
     [("G3", "error", "“其中”分项大于其所属的总数：其中：本地技术合同登记额 50000 大于技术合同登记额 40000",
       "An \"of which\" item exceeds its total: of which: value registered by local firms 50000 > Registered "
       "technology contract value 40000")]),
    # the part against the published whole: said, a warning naming the published figure
    ([("TECH_CONTRACT_LOCAL", "2026年1-9月", "是", "50000")], [("TECH_CONTRACT", "2026Q3", "Q", True, 40000.0)],
     [("G2", "warning", "“其中”分项大于其所属的总数：其中：本地技术合同登记额 50000 大于技术合同登记额 40000（已发布）",
       "An \"of which\" item exceeds its total: of which: value registered by local firms 50000 > Registered "
       "technology contract value 40000 (published)")]),
    # the whole against a published part above it
    ([("TECH_CONTRACT", "2026年1-9月", "是", "40000")], [("TECH_CONTRACT_LOCAL", "2026Q3", "Q", True, 50000.0)],
     [("G2", "warning", "“其中”分项大于其所属的总数：其中：本地技术合同登记额 50000（已发布） 大于技术合同登记额 40000",
       "An \"of which\" item exceeds its total: of which: value registered by local firms 50000 (published) > "
       "Registered technology contract value 40000")]),
    # counts: 企业技术中心 of 省级以上科技创新平台数, at the end of a year
    ([("PLATFORMS", "2025", "", "26"), ("PLAT_ENT_TECH_CENTER", "2025", "", "27")], [],
     [("G3", "error", "“其中”分项大于其所属的总数：企业技术中心 27 大于省级以上科技创新平台数 26",
       "An \"of which\" item exceeds its total: Enterprise technology centres 27 > Provincial-or-higher "
       "innovation platforms 26")]),
    # equal, or a part below its whole, or another period's whole: nothing
    ([("TECH_CONTRACT", "2026年1-9月", "是", "40000"), ("TECH_CONTRACT_LOCAL", "2026年1-9月", "是", "40000")], [], []),
    ([("TECH_CONTRACT_LOCAL", "2026年1-9月", "是", "30000")], [("TECH_CONTRACT", "2026Q3", "Q", True, 40000.0)], []),
    ([("TECH_CONTRACT_LOCAL", "2026年1-9月", "是", "50000")], [("TECH_CONTRACT", "2026Q2", "Q", True, 40000.0)], []),
])
def test_part_above_whole(analyse, sqlite_store, rows, published, expected):
    publish(sqlite_store, [(i, "130534", p, k, ytd, v) for i, p, k, ytd, v in published]) if published else None
    r = analyse(L(*[["", "清河县", i, "", p, f, v] for i, p, f, v in rows]))
    got = r.problems[r.problems["rule"] == "part_above_whole"].sort_values("cell")
    assert [(x.cell, x.severity, x.message_zh, x.message_en) for x in got.itertuples()] == expected
