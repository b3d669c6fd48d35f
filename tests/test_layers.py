"""The layer map of docs/DEVELOPING.md, kept by the code: no back edge, no import loop.

The graph counts every import of a project module, also those written inside functions; the map and the
counting live in scripts/layers.py (`python scripts/layers.py` prints the same findings).
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("layers", ROOT / "scripts" / "layers.py")
layers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(layers)


def test_every_module_has_a_layer():
    unplaced = []
    for module in layers.graph():
        try:
            layers.layer_of(module)
        except KeyError:
            unplaced.append(module)
    assert unplaced == []


def test_no_back_edges():
    found = [f"{a} ({layers.LAYERS[layers.layer_of(a)][0]}) imports {b} ({layers.LAYERS[layers.layer_of(b)][0]})"
             for a, b in layers.back_edges(layers.graph())]
    assert found == [], "imports against the layer map of docs/DEVELOPING.md:\n" + "\n".join(found)


def test_no_import_loops():
    assert layers.loops(layers.graph()) == []


def test_the_checker_sees_back_edges_loops_and_imports_inside_functions(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "layouts").mkdir()
    (tmp_path / "data" / "store.py").write_text("def f():\n    from layouts import page\n")
    (tmp_path / "layouts" / "page.py").write_text("from . import other\nfrom data.store import f\n")
    (tmp_path / "layouts" / "other.py").write_text("import layouts.page\n")
    edges = layers.graph(tmp_path)
    assert edges == {"data.store": {"layouts.page"}, "layouts.page": {"layouts.other", "data.store"},
                     "layouts.other": {"layouts.page"}}
    assert layers.back_edges(edges) == [("data.store", "layouts.page")]
    assert layers.loops(edges) == [["data.store", "layouts.other", "layouts.page"]]


def test_the_docs_show_the_map():
    text = (ROOT / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")
    for name, prefixes in layers.LAYERS:
        assert f"**{name}**" in text, name
        for prefix in prefixes:
            assert f"`{prefix}`" in text, prefix


def test_a_cli_module_under_data_is_data():
    """Only server packages' cli.py are entry points: a command line written under data/ that reaches into the
    server is a back edge like any other data module's."""
    assert layers.LAYERS[layers.layer_of("server.workflow.cli")][0] == "app"
    assert layers.LAYERS[layers.layer_of("data.workflow.cli")][0] == "data"
    assert layers.back_edges({"data.workflow.cli": {"server.cli", "figures.rounds"}}) == [
        ("data.workflow.cli", "figures.rounds"), ("data.workflow.cli", "server.cli")]


def test_exports_and_pages_do_not_import_each_other():
    # chart builders both use live in plots/, a layer below both (no exception for exports → layouts)
    assert layers.back_edges({"server.exports.charts": {"layouts.charts"}, "layouts.overview": {"server.exports.routes"},
                              "server.exports.deck": {"plots.charts"}, "layouts.trends": {"plots.charts"}}) == \
        [("layouts.overview", "server.exports.routes"), ("server.exports.charts", "layouts.charts")]


# ---- issue 16: signatures stay annotated (ruff's ANN001, ruff.toml) -------------------------------------------
# A comment that silences ruff for annotations: a noqa naming any ANN code (alone or among others), a bare noqa
# (it silences every rule, ANN001 with them) and a file-wide ruff noqa.
NOQA_ANN = re.compile(r"#\s*noqa\s*(?::[^#]*\bANN\d*\b|(?![\s:]*[A-Z]+\d))|#\s*ruff\s*:\s*noqa", re.IGNORECASE)
# tests/ and bench/ keep ANN001 off in ruff.toml (pytest fixtures stay untyped); ruff skips these folders
NOQA_FREE_SKIP = {"tests", "bench", "assets", "node_modules"}


def annotation_silencers(source: str) -> list[int]:
    """Line numbers of the comments in `source` (Python text) that silence ruff's annotation rules (NOQA_ANN);
    strings are not comments (tokenize)."""
    import io
    import tokenize

    return [tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT and NOQA_ANN.search(tok.string)]


def test_the_silencer_check_sees_every_form():
    source = ('def a(x):  # NQ: ANN001\n'
              'def b(x):  # NQ: E731, ANN001 - why\n'
              'def c(x):  # NQ-UPPER:ANN201\n'
              'def d(x):  # NQ\n'
              '# ruff: NQ\n'
              'def e(x):  # NQ: BLE001 - a blind except is another matter\n'
              'def f(x):  # NQ: A002\n'
              's = "# NQ: ANN001 inside a string is no comment"\n')
    # written as NQ here: ruff reads its markers in any line, strings included
    source = source.replace("NQ-UPPER", "NO" + "QA").replace("NQ", "no" + "qa")
    assert annotation_silencers(source) == [1, 2, 3, 4, 5]


def test_no_annotation_silencers_outside_tests_and_bench():
    """Product code annotates its signatures (types needed only there go under `if TYPE_CHECKING:`, a Protocol
    where the class would close an import loop) instead of silencing ruff's ANN rules."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0].startswith(".") or rel.parts[0] in NOQA_FREE_SKIP or rel.parts[:3] == ("data", "migrations",
                                                                                                    "versions"):
            continue
        found += [f"{rel}:{n}" for n in annotation_silencers(path.read_text(encoding="utf-8"))]
    assert found == []


def test_ruff_keeps_annotations_on_in_product_code():
    """ruff.toml selects ANN001 and switches it off for tests/ and bench/ only."""
    import tomllib

    conf = tomllib.loads((ROOT / "ruff.toml").read_text(encoding="utf-8"))["lint"]
    assert "ANN001" in conf["select"] and not any(c.startswith("ANN") for c in conf.get("ignore", []))
    off = sorted(glob for glob, codes in conf.get("per-file-ignores", {}).items()
                 if any(c.startswith("ANN") for c in codes))
    assert off == ["bench/**", "tests/**"]
