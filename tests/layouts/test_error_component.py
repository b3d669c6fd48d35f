"""Pages show errors through one component, layouts.components.error_alert."""
from __future__ import annotations

import ast
from pathlib import Path

from data.errors import UserError
from layouts.components import error_alert

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"


def test_error_alert_shows_the_message_in_the_page_language():
    exc = UserError("修订 9 不存在", "Revision 9 does not exist", status=404)
    zh, en = error_alert(exc, "zh", "x-error"), error_alert(exc, "en")
    assert (zh.children, zh.color, zh.id) == ("修订 9 不存在", "red", "x-error")
    assert (en.children, en.color) == ("Revision 9 does not exist", "red")


def test_no_page_renders_an_error_message_its_own_way():
    found = []
    for path in sorted(LAYOUTS.glob("*.py")):
        if path.name == "components.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Alert":
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Attribute) and inner.attr in ("message", "message_zh", "message_en"):
                        found.append(f"{path.name}:{node.lineno}")
                        break
    assert found == [], "use layouts.components.error_alert: " + ", ".join(found)
