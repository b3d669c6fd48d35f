"""New workbooks in the spirit of ../shared/cases/imports (issue 12: same kinds, new shapes)."""
import datetime as dt

from workbooks import wide_report

TODAY = dt.date(2026, 1, 10)


def test_a_province_row_is_refused_not_a_crash(analyse):
    """A "河北省" row in a county table: the province has no parent in the catalogue and building the
    refusal's message raised TypeError (a traceback in the CLI, HTTP 500 on the page and the API)."""
    r = analyse(("p.xlsx", wide_report("2024年1-9月", names=["清河县", "威县", "河北省"], rd=[12305, 8300, 99999],
                                       hnte=[78, 52, 900], tc=[(1, 1, 0)] * 3, total_row=False)), today=TODAY)
    errs = r.errors[r.errors["rule"] == "region_outside_city"]
    assert errs[["cell", "value"]].values.tolist() == [["B7", "河北省"]]
    assert "「河北省」不是邢台市的县（市、区）" in errs["message_zh"].iloc[0]
    assert sorted((o.region, float(o.value)) for o in r.obs.itertuples() if o.indicator == "RD_EXP") == \
        [("130533", 8300.0), ("130534", 12305.0)]


def _xls_with_hidden_row_and_percent_cells() -> bytes:
    """A BIFF8 .xls (as old systems still export): a 同比 column formatted 0.00% holding fractions, and
    临西县's row hidden."""
    import io

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("县域指标")
    pct = xlwt.easyxf(num_format_str="0.00%")
    ws.write(0, 0, "邢台市2024年1-9月县域科技创新主要指标")
    ws.write_merge(1, 2, 0, 0, "县（市、区）")
    ws.write_merge(1, 1, 1, 2, "研究与试验发展(R&D)经费（万元）")
    ws.write_merge(1, 2, 3, 3, "高新技术企业数（家）")
    ws.write(2, 1, "本期")
    ws.write(2, 2, "同比增长")
    rows = [("清河县", 12305, 0.1181, 78), ("威县", 8300, 0.05, 52), ("临西县", 5722, 0.02, 40)]
    for i, (name, rd, yoy, hnte) in enumerate(rows):
        r = 3 + i
        ws.write(r, 0, name)
        ws.write(r, 1, rd)
        ws.write(r, 2, yoy, pct)
        ws.write(r, 3, hnte)
    ws.row(5).hidden = True
    bio = io.BytesIO()
    book.save(bio)
    return bio.getvalue()


def test_xls_hidden_rows_and_percent_cells(analyse):
    """.xls files had neither hidden rows nor percent formats read (only .xlsx had): 临西县's hidden row
    was imported as a current figure and a 同比 shown as 11.81% read as 0.1181%."""
    r = analyse(("old.xls", _xls_with_hidden_row_and_percent_cells()), today=TODAY)
    assert list(r.warnings["rule"]).count("hidden_data") == 1
    assert "第 6 行" in r.warnings.loc[r.warnings["rule"] == "hidden_data", "message_zh"].iloc[0]
    got = sorted((o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value),
                  None if o.reported_yoy != o.reported_yoy else round(float(o.reported_yoy), 6))
                 for o in r.obs.itertuples())
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert got == [("HNTE", "130533", "2024Q3", False, 52.0, None), ("HNTE", "130534", "2024Q3", False, 78.0, None),
                   ("RD_EXP", "130533", "2024Q3", True, 8300.0, 5.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0, 11.81)]
