"""An annual figure of a flow that differs from its 1—12月 累计 is a warning at import (rule annual_ytd_mismatch),
both ways (the annual figure against the Q4 累计, a Q4 累计 against the annual figure), in the file and against the
store, judged at the catalogue's decimals (四舍五入); stocks are never compared. Literal expected cells."""

from import_checks import long_rows, problems, publish


L = long_rows  # short: the tests below write many


def test_annual_against_ytd_in_the_file_and_the_store(analyse, sqlite_store):
    publish(sqlite_store, [("RD_EXP", "130533", "2025Q4", "Q", True, 9000.0),      # 威县's Q4 累计, published
                           ("RD_EXP", "130535", "2025", "Y", False, 7000.0)])      # 临西县's annual, published
    r = analyse(L(["", "清河县", "RD_EXP", "", "2025", "", "21000"],              # G2: ≠ Q4 累计 20000 in the file
                  ["", "清河县", "RD_EXP", "", "2025Q4", "是", "20000"],          # G3: ≠ the annual 21000
                  ["", "威县", "RD_EXP", "", "2025", "", "9000.4"],               # = 9000 at 0 decimals: fine
                  ["", "临西县", "RD_EXP", "", "2025Q4", "是", "6800"],           # G5: ≠ published annual 7000
                  ["", "南宫市", "RD_EXP", "", "2025", "", "5000"],               # no 累计 anywhere: fine
                  ["", "清河县", "HNTE", "", "2025", "", "95"],                   # a stock: never compared
                  ["", "清河县", "HNTE", "", "2025Q4", "", "94"]))
    p = problems(r, "annual_ytd_mismatch").sort_values("cell")
    assert list(p["cell"]) == ["G2", "G3", "G5"]
    assert set(p["severity"]) == {"warning"} and r.errors.empty
    assert list(p["message_zh"]) == [
        "年报数与1—12月累计数不一致：本数 21000，2025年1—4季度累计 20000",
        "年报数与1—12月累计数不一致：本数 20000，2025年年报数 21000",
        "年报数与1—12月累计数不一致：本数 6800，2025年年报数 7000"]
    assert list(p["message_en"])[0] == \
        "The annual figure differs from its Jan–Dec YTD: 21000 vs Jan–Dec YTD (2025Q4) 20000"
