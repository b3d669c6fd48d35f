"""One message catalogue: every key in zh and en, every t("…") key exists, no Chinese literals in layouts."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from layouts.i18n import MESSAGES, period_text, t

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Catalogue unit codes are data identifiers (indicators.toml, indicators/formatting.py), not UI text.
DATA_CODES = {"元", "万元", "亿元"}
# Other engineers' pages not yet moved to the catalogue: reported by the xfail test below, not hidden.
NOT_YET_MIGRATED = {"admin.py", "upload.py", "review.py"}


def _modules(migrated: bool = True):
    return [p for p in sorted(LAYOUTS.glob("*.py"))
            if p.name != "i18n.py" and (p.name not in NOT_YET_MIGRATED) == migrated]


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
    assert not found, "UI strings belong in layouts/i18n.py:\n" + "\n".join(found)


@pytest.mark.xfail(reason="pages of other modules still carry inline Chinese strings", strict=False)
def test_other_pages_use_the_catalogue_too():
    found = _chinese_literals(_modules(migrated=False))
    assert not found, "\n".join(found)


def test_period_labels():
    assert period_text("2023") == "2023年"
    assert period_text("2023Q3", is_ytd=True) == "2023年1—3季度"
    assert period_text("2023Q3") == "2023年第3季度"
    assert period_text("2023Q3", "en", is_ytd=True) == "Q1–Q3 2023"
    assert t("nav.rankings", "en") == "Rankings"
