"""The import graph of the dangvu package, read statically with `ast` (module-level and function-level
imports; `if TYPE_CHECKING:` blocks do not count): no cycle between modules, no import of a dangvu module
inside a function, and each module imports only from its own layer or the layers below it
(docs/architecture.md "Layers"). Migrations are frozen history and are not read."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import dangvu

ROOT = Path(dangvu.__file__).parent

# Bottom to top. A module belongs to the layer of the longest prefix of its name. Two apps straddle two
# layers, on purpose: the audit log is written from every layer, so its writing half sits at the base,
# while its viewer needs the scope of accounts (and its key check core's errors); the organisation tree is
# the base of scope, while the tree's own pages and writes check scope and show member counts.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("audit log", ("dangvu.audit.models", "dangvu.audit.chain", "dangvu.audit.context",
                   "dangvu.audit.services", "dangvu.audit.middleware", "dangvu.audit.diff",
                   "dangvu.audit")),
    ("core", ("dangvu.config", "dangvu.core")),
    ("tree", ("dangvu.organizations.models", "dangvu.organizations.selectors", "dangvu.organizations.apps",
              "dangvu.organizations")),
    ("accounts", ("dangvu.accounts",)),
    ("audit viewer and key check", ("dangvu.audit.selectors", "dangvu.audit.views", "dangvu.audit.urls",
                                    "dangvu.audit.forms", "dangvu.audit.management", "dangvu.audit.keys",
                                    "dangvu.audit.apps")),
    ("members", ("dangvu.members",)),
    ("organisation pages and writes", (
        "dangvu.organizations.checks", "dangvu.organizations.services", "dangvu.organizations.restructuring",
        "dangvu.organizations.importers", "dangvu.organizations.views", "dangvu.organizations.api",
        "dangvu.organizations.forms", "dangvu.organizations.urls")),
    ("domains", ("dangvu.oversight", "dangvu.workplans", "dangvu.cadres")),
    ("reports", ("dangvu.reports",)),
    ("top", ("dangvu.demo", "dangvu.cli", "dangvu.__main__", "dangvu.urls", "dangvu.wsgi", "dangvu.settings",
             "dangvu.core.api", "dangvu.core.context_processors", "dangvu.core.navigation",
             "dangvu.core.management.commands.demo", "dangvu.core.management.commands.import",
             "dangvu.core.management.commands.restore", "dangvu")),
]

# Imports that still go up a layer, each a debt named in docs/architecture.md; the test fails on any other.
UPWARD = {
    # The import registry lists every KIND (organisations, restructurings, oversight): an assembly above the
    # apps that still lives in members (members/importers.py).
    ("dangvu.members.importers", "dangvu.organizations.importers"),
    ("dangvu.members.importers", "dangvu.oversight.importers"),
}


# Imports that must wait for the app registry: Django loads models only after `django.setup()`, and an
# AppConfig's `ready()` is where its documentation says to import them. Nothing else may import late.
AFTER_SETUP = {
    ("dangvu.cli", "dangvu.audit.keys"),  # the start-up key check, right after django.setup()
    ("dangvu.audit.apps", "dangvu.audit.keys"),  # AuditConfig.ready() connects the post_migrate handler
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}


def _resolve(name: str, modules) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _imports(module: str, path: Path, modules):
    """(imported module, line, inside a function) for each import of a dangvu module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for sub in child.orelse:
                    yield from visit(ast.Module(body=[sub], type_ignores=[]), in_function)
                continue
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    pkg = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(pkg + ([base] if base else []))
                names = [f"{base}.{a.name}" for a in child.names]
            else:
                yield from visit(child, inner)
                continue
            for name in names:
                if name.split(".")[0] == "dangvu":
                    target = _resolve(name, modules)
                    if target and target != module:
                        yield target, child.lineno, in_function

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), False)


def _graph():
    modules = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    in_functions = []
    for module, path in modules.items():
        for target, line, in_function in _imports(module, path, modules):
            edges[module].add(target)
            if in_function and (module, target) not in AFTER_SETUP:
                in_functions.append(f"{module}:{line} imports {target}")
    return modules, edges, in_functions


def _layer(module: str) -> int:
    best = max(((len(p), i) for i, (_n, prefixes) in enumerate(LAYERS) for p in prefixes
                if module == p or module.startswith(p + ".")), default=None)
    assert best is not None, f"{module} is in no layer"
    return best[1]


def _cycles(edges) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_the_graph_reads_every_module():
    modules, edges, _ = _graph()
    assert "dangvu.reports.home" in modules and "dangvu.members.figures" in edges["dangvu.reports.stats"]


def test_no_dangvu_module_is_imported_inside_a_function():
    _, _, in_functions = _graph()
    assert in_functions == []


def test_no_cycle_between_modules():
    _, edges, _ = _graph()
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_each_module_imports_only_its_layer_or_below():
    modules, edges, _ = _graph()
    upward = sorted(
        f"{source} ({LAYERS[_layer(source)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for source in modules for target in edges.get(source, ())
        if _layer(target) > _layer(source) and (source, target) not in UPWARD
    )
    assert upward == []


def test_the_layers_have_no_cycle():
    modules, edges, _ = _graph()
    layer_edges: dict[str, set[str]] = defaultdict(set)
    for source in modules:
        for target in edges.get(source, ()):
            if (source, target) not in UPWARD and _layer(source) != _layer(target):
                layer_edges[LAYERS[_layer(source)][0]].add(LAYERS[_layer(target)][0])
    assert _cycles(layer_edges) == []
