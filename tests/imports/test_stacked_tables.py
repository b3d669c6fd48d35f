"""A second table stacked below the first, under a header naming other columns (表2: 技术合同登记额 | 科技型中小企业数
below R&D经费 | 高新技术企业数): its figures were read under the first table's indicators (contract amounts
stored as R&D) or refused as duplicates with a fix that could not work. The first table is read; the second is
refused once, at its header, with a fix that works. A repeated header of the same table (a page break, a
two-row header repeated) stays a repeat."""
import datetime as dt

from workbooks import grid

TODAY = dt.date(2026, 1, 10)
FIRST = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
         ["清河县", 12305, 78], ["威县", 8300, 52]]


def stored(result):
    return sorted((o.indicator, o.region, o.period, float(o.value), o.cell) for o in result.obs.itertuples())


def test_a_stacked_table_with_other_columns_is_refused_at_its_header(analyse):
    rows = FIRST + [[], ["表2"], ["县（市、区）", "技术合同登记额（万元）", "科技型中小企业（入库）数（家）"],
                    ["南宫市", 29311, 101], ["沙河市", 28049, 88]]
    r = analyse(("s.xlsx", grid(rows)), today=TODAY)
    assert stored(r) == [("HNTE", "130533", "2024Q3", 52.0, "C4"), ("HNTE", "130534", "2024Q3", 78.0, "C3"),
                         ("RD_EXP", "130533", "2024Q3", 8300.0, "B4"), ("RD_EXP", "130534", "2024Q3", 12305.0, "B3")]
    e = r.errors[r.errors["rule"] == "stacked_table"]
    assert e["cell"].tolist() == ["A7"]
    assert "第 7 行起是另一个表格，表头「技术合同登记额（万元）、科技型中小企业（入库）数（家）」" in e["message_zh"].iat[0]
    assert "单独的工作表" in e["fix_zh"].iat[0]


def test_the_same_header_repeated_is_still_a_repeat(analyse):
    rows = FIRST + [["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["南宫市", 7000, 45]]
    r = analyse(("s.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("HNTE", "130533", "2024Q3", 52.0, "C4"), ("HNTE", "130534", "2024Q3", 78.0, "C3"),
                         ("HNTE", "130581", "2024Q3", 45.0, "C6"), ("RD_EXP", "130533", "2024Q3", 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", 12305.0, "B3"), ("RD_EXP", "130581", "2024Q3", 7000.0, "B6")]
