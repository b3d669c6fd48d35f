"""The layer map of docs/DEVELOPING.md, kept by the code: no back edge, no import loop.

The graph counts every import of a project module, also those written inside functions; the map and the
counting live in scripts/layers.py (`python scripts/layers.py` prints the same findings).
"""
from __future__ import annotations

import importlib.util
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
