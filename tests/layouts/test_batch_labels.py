"""brk5 #13/#14: the upload preview and the review grid name regions in the page language (the catalogue's
name_en) and periods by the one period label with the indicator's kind (figures.ranking.period_label): a stock's
quarter is "2026年三季度末", a flow's 累计 "2026年1—3季度", 1—10月 累计 "Jan–Oct 2026"; never a code such as
"2026Q3"/"2026M10". The online form's whole-file problems name no indicator. Literal expected values."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

ROWS = pd.DataFrame([
    {"indicator": "RD_EXP", "region": "130533", "period": "2026M10", "is_ytd": True, "old": None, "new": 17800.0,
     "cell": "G2"},
    {"indicator": "TSME", "region": "130534", "period": "2026Q3", "is_ytd": False, "old": 90.0, "new": 95.0,
     "cell": "G3"},
    {"indicator": "RD_EXP", "region": "130534", "period": "2024Q3", "is_ytd": True, "old": 9000.0, "new": 9100.0,
     "cell": "G4"},
    {"indicator": "HNTE", "region": "130534", "period": "2025", "is_ytd": False, "old": 80.0, "new": 81.0,
     "cell": "G5"},
])


def test_upload_preview_names_regions_and_periods_in_the_page_language():
    from layouts.upload import _diff_rows, names_for

    got = {lang: [(r["indicator"], r["region"], r["period"]) for r in _diff_rows(ROWS, *names_for(lang), lang)]
           for lang in ("zh", "en")}
    assert got["zh"] == [("研究与试验发展(R&D)经费", "威县", "2026年1—10月"),
                         ("科技型中小企业（入库）数", "清河县", "2026年三季度末"),
                         ("研究与试验发展(R&D)经费", "清河县", "2024年1—3季度"),
                         ("高新技术企业数", "清河县", "2025年")]
    assert [(r, p) for _, r, p in got["en"]] == [("Wei County", "Jan–Oct 2026"), ("Qinghe County", "end of Q3 2026"),
                                                 ("Qinghe County", "Q1–Q3 2024"), ("Qinghe County", "2025")]


def test_review_grid_names_a_stock_at_its_period_end(in_request):
    from layouts.review import _fmt_rows

    rows = ROWS.astype({"old": float}).assign(
        change=[float("nan"), 5.0, 100.0, 1.0], change_pct=[float("nan"), 5.56, 1.11, 1.25], yoy_pct=[float("nan")] * 4,
        last_period=[float("nan")] * 4, status_new=["final"] * 4, status_old=["final", "preliminary", None, "final"],
        warning=[""] * 4, warning_en=[""] * 4, sheet=["在线填报"] * 4, cell=["G2", "G3", "G4", "G5"])
    assert [(r["region"], r["period"]) for r in _fmt_rows(rows, "zh")] == [
        ("威县", "2026年1—10月"), ("清河县", "2026年三季度末"), ("清河县", "2024年1—3季度"), ("清河县", "2025年")]
    assert [(r["region"], r["period"]) for r in _fmt_rows(rows, "en")] == [
        ("Wei County", "Jan–Oct 2026"), ("Qinghe County", "end of Q3 2026"), ("Qinghe County", "Q1–Q3 2024"),
        ("Qinghe County", "2025")]


def test_form_problem_of_the_whole_file_starts_with_its_message():
    from layouts.form import _problems

    problems = pd.DataFrame([{"cell": "", "severity": "error", "message_zh": "与批次 4（待审核）内容相同（文件「a.csv」），未重复提交",
                              "message_en": "Same content as batch 4 (submitted, file “a.csv”); not submitted again",
                              "fix_zh": "", "fix_en": ""}])
    result = SimpleNamespace(obs=pd.DataFrame({"cell": ["G2"], "indicator": ["RD_EXP"]}), problems=problems)
    assert [a.children for a in _problems(result, "zh")] == ["与批次 4（待审核）内容相同（文件「a.csv」），未重复提交"]
    assert [a.children for a in _problems(result, "en")] == \
        ["Same content as batch 4 (submitted, file “a.csv”); not submitted again"]
