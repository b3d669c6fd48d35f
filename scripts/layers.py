"""The import graph of the project's own modules, checked against the layer map in docs/DEVELOPING.md.

``python scripts/layers.py`` prints every back edge (an import from a lower layer into a higher one) and every
import loop (a strongly connected set of modules), then a JSON last line ``{"modules": …, "imports": …,
"back_edges": …, "loops": …}``. Imports written inside functions count like the ones at the top of a module.
tests/test_layers.py runs the same functions and fails on any back edge or loop.
"""
from __future__ import annotations

import ast
import json
import sys
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("indicators", "data", "texts", "figures", "plots", "server", "layouts")
TOP_MODULES = ("app",)

# The layer map, lowest first: a module may import its own layer and the layers below, never above.
# The first matching prefix names a module's layer; docs/DEVELOPING.md shows the same table.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("indicators", ("indicators",)),
    ("data", ("data",)),
    ("texts", ("texts",)),
    ("figures", ("figures",)),
    ("plots", ("plots",)),
    ("server core", ("server",)),
    ("pages and outputs", ("server.api", "server.exports", "layouts")),
    ("app", ("app", "server.cli", "server.cli_core", "server.wsgi", "server.*.cli")),
]
# Within one layer: (importers, imported) pairs that are refused all the same. Pages do not import the API or
# the exports; the exports do not import the pages (chart builders both use live in plots/).
APART: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("layouts",), ("server.api", "server.exports")),
    (("server.api", "server.exports"), ("layouts",)),
]


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """``{dotted module name: file}`` for every .py file of the project's packages (tests, scripts and bench
    are users of the layers, not part of them)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")) if (root / package).is_dir() else []:
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            found[".".join(parts)] = path
    for name in TOP_MODULES:
        if (root / f"{name}.py").exists():
            found[name] = root / f"{name}.py"
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module a dotted name falls in (``server.auth.guard.x`` → ``server.auth.guard``)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
        if candidate + ".__init__" in modules:
            return candidate + ".__init__"
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``module`` imports anywhere in its file (top level, functions, conditionals)."""
    if module.endswith(".__init__"):
        package_parts = module[: -len(".__init__")].split(".")
    else:
        package_parts = module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package_parts[: len(package_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # `from pkg import name` reaches pkg.name when that is a module, else pkg itself
            names = [f"{base}.{alias.name}" if _resolve(f"{base}.{alias.name}", modules) not in
                     (None, _resolve(base, modules)) else base for alias in node.names]
        for name in names:
            target = _resolve(name, modules)
            if target and target != module:
                found.add(target)
    return found


def imports_inside_functions(root: Path = ROOT) -> int:
    """How many import statements of project modules stand inside a function body."""
    modules = module_files(root)
    seen: set[tuple[str, int, int]] = set()
    for path in modules.values():
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(func):
                    name = node.module if isinstance(node, ast.ImportFrom) and not node.level else \
                        node.names[0].name if isinstance(node, ast.Import) else "." if \
                        isinstance(node, ast.ImportFrom) else None
                    if name and (name == "." or name.split(".")[0] in PACKAGES + TOP_MODULES):
                        seen.add((str(path), node.lineno, node.col_offset))
    return len(seen)


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """``{module: modules it imports}`` over the project's own modules."""
    modules = module_files(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def _within(name: str, prefix: str) -> bool:
    if "*" in prefix:  # a pattern: "server.*.cli" is the cli.py of every server package (not data's)
        return fnmatchcase(name, prefix)
    return name == prefix or name.startswith(prefix + ".")


def layer_of(module: str) -> int:
    """The index in LAYERS of a module's layer (KeyError for a module the map does not place). The longest
    matching prefix wins; a pattern (``server.*.cli``: the command-line modules of server packages, entry points
    like app.py) outranks every prefix. A cli.py under data/ is data like its neighbours."""
    name = module[: -len(".__init__")] if module.endswith(".__init__") else module
    best = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if _within(name, prefix):
                rank = 1000 if "*" in prefix else len(prefix)
                if best is None or rank > best[0]:
                    best = (rank, index)
    if best is None:
        raise KeyError(f"{module} is in no layer of scripts/layers.py LAYERS")
    return best[1]


def _apart(a: str, b: str) -> bool:
    name_a, name_b = (m[: -len(".__init__")] if m.endswith(".__init__") else m for m in (a, b))
    for importers, imported in APART:
        if any(_within(name_a, p) for p in importers) and any(_within(name_b, p) for p in imported) \
                and layer_of(a) == layer_of(b):
            return True
    return False


def back_edges(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports from a lower layer into a higher one, or refused by APART within a layer, as
    ``(importer, imported)`` pairs, sorted."""
    return sorted((a, b) for a, targets in edges.items() for b in targets
                  if layer_of(b) > layer_of(a) or _apart(a, b))


def loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """Import loops: strongly connected sets of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(10000, sys.getrecursionlimit()))

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def main() -> int:
    edges = graph()
    back = back_edges(edges)
    cycles = loops(edges)
    for importer, imported in back:
        print(f"back edge: {importer} ({LAYERS[layer_of(importer)][0]}) -> {imported} "
              f"({LAYERS[layer_of(imported)][0]})")
    for cycle in cycles:
        print("loop: " + " <-> ".join(cycle))
    print(json.dumps({"modules": len(edges), "imports": sum(map(len, edges.values())),
                      "back_edges": len(back), "loops": len(cycles),
                      "imports_inside_functions": imports_inside_functions()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
