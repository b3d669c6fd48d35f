"""A comma CSV whose unquoted thousands comma split one number in two ("清河县,12,305,78": RD 12 and HNTE 305, the
78 pushed under 备注 or past the header) is refused naming the line and a fix that works; never stored, and
never met with "delete the stray cell" (which would store 12 and 305). Two honest figures that look alike
(HNTE 52, TSME 101) are read as they are."""
import datetime as dt

import pytest

TODAY = dt.date(2026, 1, 10)
TITLE = "邢台市2024年1-9月县域科技指标\n"


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


@pytest.mark.parametrize("text", [
    # under 备注: the line has as many fields as the header
    TITLE + "县（市、区）,R&D经费（万元）,高新技术企业数（家）,备注\n清河县,12,305,78\n威县,8300,52,\n",
    # past the header
    TITLE + "县（市、区）,R&D经费（万元）,高新技术企业数（家）\n清河县,12,305,78\n威县,8300,52\n",
    # no title line, the split number later in the file
    "县（市、区）,R&D经费（万元）,高新技术企业数（家）\n威县,8300,52\n清河县,1,230,578\n",
])
def test_a_split_thousands_number_is_refused_naming_the_line(analyse, text):
    r = analyse(("t.csv", csv_bytes(text)), today=TODAY)
    assert r.obs.empty
    msg = r.errors["message_zh"].iat[0]
    assert r.errors["rule"].tolist() == ["bad_file"]
    assert "第 3 行" in msg and "千分位" in msg and '"12,305"' in msg


@pytest.mark.parametrize(("text", "expected"), [
    (TITLE + "县（市、区）,高新技术企业数（家）,科技型中小企业（入库）数（家）\n清河县,69,101\n威县,52,88\n",
     [("HNTE", "130533", 52.0), ("HNTE", "130534", 69.0), ("TSME", "130533", 88.0), ("TSME", "130534", 101.0)]),
    (TITLE + "县（市、区）,高新技术企业数（家）,科技型中小企业（入库）数（家）,备注\n清河县,69,101,\n威县,52,88,新认定\n",
     [("HNTE", "130533", 52.0), ("HNTE", "130534", 69.0), ("TSME", "130533", 88.0), ("TSME", "130534", 101.0)]),
    (TITLE + "县（市、区）,高新技术企业数（家）,科技型中小企业（入库）数（家）\n清河县,69,101\n",
     [("HNTE", "130534", 69.0), ("TSME", "130534", 101.0)]),
    (TITLE + '县（市、区）,R&D经费（万元）,高新技术企业数（家）\n清河县,"12,305",78\n威县,8300,52\n',
     [("HNTE", "130533", 52.0), ("HNTE", "130534", 78.0), ("RD_EXP", "130533", 8300.0), ("RD_EXP", "130534", 12305.0)]),
])
def test_honest_pairs_and_quoted_thousands_are_read(analyse, text, expected):
    r = analyse(("t.csv", csv_bytes(text)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert sorted((o.indicator, o.region, float(o.value)) for o in r.obs.itertuples()) == expected
