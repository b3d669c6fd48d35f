"""Test modules need unique names: pytest imports them by basename (rootdir-relative, no packages)."""
from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique():
    names = Counter(p.name for p in Path(__file__).parent.rglob("*.py") if p.name != "conftest.py")
    assert [n for n, c in names.items() if c > 1] == []


def test_no_test_imports_from_conftest():
    """`from conftest import …` picks whichever conftest was imported first, so a subset of the suite
    (`pytest tests/imports tests/auth`) could fail to collect. Shared helpers live in named modules."""
    import ast

    found = []
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}:{node.lineno}" for name in names if name.split(".")[0] == "conftest"]
    assert found == []
