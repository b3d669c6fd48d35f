"""Pages attach their callbacks to the app they are given (layouts.callbacks), never through Dash's globals."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_FROM_DASH = {"callback", "clientside_callback", "_callback"}


def test_no_module_uses_dash_global_callbacks_or_private_parts():
    found = []
    for package in ("app.py", "layouts", "server"):
        path = ROOT / package
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                where = f"{file.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "dash":
                    found += [where for a in node.names if a.name in FORBIDDEN_FROM_DASH or a.name.startswith("_")]
                    found += [where] if any(part.startswith("_") for part in node.module.split(".")) else []
                elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "dash" \
                        and (node.attr in FORBIDDEN_FROM_DASH or node.attr.startswith("_")):
                    found.append(where)
                elif isinstance(node, ast.Attribute) and node.attr in ("GLOBAL_CALLBACK_MAP", "GLOBAL_CALLBACK_LIST",
                                                                       "_callback_list"):
                    found.append(where)
    assert found == []


def test_every_app_gets_every_callback(demo_app, tmp_path):
    from dash import _callback  # the test looks at Dash's global list only to see that nothing lands there

    from app import create_app
    from layouts.callbacks import registry
    from server.context import EXT
    from server.settings import Settings

    second = create_app(Settings(instance_path=tmp_path, demo=False, secret_key="test"))
    try:
        assert len(registry.entries) >= 30
        assert len(demo_app.callback_map) == len(second.callback_map) == len(registry.entries)
        assert set(demo_app.callback_map) == set(second.callback_map)
        assert _callback.GLOBAL_CALLBACK_MAP == {} and _callback.GLOBAL_CALLBACK_LIST == []
        # the server-side functions are the pages' own, on both apps
        functions = {e[4] for e in registry.entries if e[4] is not None}
        for app in (demo_app, second):
            assert {v["callback"].__wrapped__ for v in app.callback_map.values() if "callback" in v} == functions
    finally:
        second.server.extensions[EXT].engine.dispose()
