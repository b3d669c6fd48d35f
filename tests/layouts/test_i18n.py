"""One message catalogue: every key in zh and en, every t("…") key exists, no Chinese literals in layouts."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from texts.i18n import MESSAGES, period_text, t

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Catalogue unit codes are data identifiers (indicators.toml, indicators/formatting.py), not UI text.
DATA_CODES = {"元", "万元", "亿元"}


def _modules():
    return [p for p in sorted([*LAYOUTS.glob("*.py"), *(LAYOUTS.parent / "plots").glob("*.py")]) if p.name != "i18n.py"]


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            ids.add(id(body[0].value))
    return ids


def test_every_key_has_both_languages_and_the_same_placeholders():
    for key, entry in MESSAGES.items():
        assert entry.get("zh") and entry.get("en"), f"{key} lacks a translation"
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("zh", "en")}
        assert fields["zh"] == fields["en"], f"{key}: placeholders differ {fields}"


def test_every_literal_key_used_in_layouts_exists():
    missing = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args \
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value not in MESSAGES:
                missing.append(f"{path.name}: {node.args[0].value}")
    assert not missing, missing


def _chinese_literals(paths) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs \
                    and CJK.search(node.value) and node.value not in DATA_CODES:
                found.append(f"{path.name}:{node.lineno}: {node.value[:30]!r}")
    return found


def test_no_chinese_string_literals_outside_the_catalogue():
    found = _chinese_literals(_modules())
    assert not found, "UI strings belong in texts/i18n.py:\n" + "\n".join(found)


def test_period_labels():
    assert period_text("2023") == "2023年"
    assert period_text("2023Q3", is_ytd=True) == "2023年1—3季度"
    assert period_text("2023Q3") == "2023年第3季度"
    assert period_text("2023Q3", "en", is_ytd=True) == "Q1–Q3 2023"
    assert t("nav.rankings", "en") == "Rankings"


def test_role_page_refusal_follows_the_language(in_request):
    from server.auth import UPLOADER, page_guard

    assert "请先登录" in page_guard(UPLOADER).children
    refusal = page_guard(UPLOADER, "en")
    assert refusal.children == t("auth.need_login", "en") and refusal.title == "Access denied (403)"


def test_problem_rows_show_english_where_the_rule_has_it():
    import pandas as pd

    from layouts.upload import _problem_rows

    df = pd.DataFrame([{"file": "a.xlsx", "sheet": "S", "cell": "G2", "row_label": "", "col_label": "", "value": "x",
                        "message_zh": "不是有效数字", "message_en": "Not a number", "fix_zh": "改为数字", "fix_en": ""}])
    row = _problem_rows(df, "en")[0]
    assert row["message"] == "Not a number" and row["fix"] == "改为数字"  # no English fix: the Chinese one
    assert _problem_rows(df, "zh")[0]["message"] == "不是有效数字"
