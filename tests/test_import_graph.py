"""The import graph of reportsvc/ has no cycle and no import that runs up the layers.

Built from the source with ``ast`` (nothing is imported): every ``import`` and ``from ...
import`` in every module, including those inside functions (a lazy import is still a
dependency), except those under ``if TYPE_CHECKING:`` (they never run).

Layers, lowest first; a module may import its own layer and those below it, never above:

    base      pure helpers, no database and no Flask app wiring (palette, sanitise, ...)
    data      the database: engine and session, models, migrations
    read      queries/: read-only queries that feed pages
    write     services/: the work; they may read through queries
    web       blueprints, sign-in and role decorators, app plumbing (views call both)
    commands  the `reportsvc` commands (cli.py), registered by the app factory
    app       the package root: create_app() wires everything
    entry     reportsvc/__main__.py: the console script, builds the app

A new top-level module or package under reportsvc/ must be given a layer in ``LAYERS``
below (this test fails until it is, and says so). A module inside a package takes its
package's layer unless ``LAYERS`` names it (e.g. ``"qa.cli"``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reportsvc"

ORDER = ("base", "data", "read", "write", "web", "commands", "app", "entry")
RANK = {name: i for i, name in enumerate(ORDER)}

# Top-level modules and packages of reportsvc/ (and any finer override), with their layer.
# Declare a new one here: "name": "layer" (the layers are described in the docstring).
LAYERS: dict[str, str] = {
    # base: pure helpers
    "palette": "base",
    "sanitise": "base",
    "highlight": "base",
    "chronology": "base",
    "csv_export": "base",
    "charts": "base",
    "filters": "base",
    "formkit": "base",
    "feedback": "base",
    "config": "base",
    "mail.templates": "base",  # mail templates and transports: no database, no app
    "mail.transports": "base",
    # data
    "db": "data",
    "models": "data",
    "migrations": "data",
    "migrate": "data",
    "policy": "data",  # who may do what to which record: pure functions over models
    # read, write
    "queries": "read",
    "services": "write",
    "mail": "write",  # messages and the outbox worker (templates, transports: base)
    # web: blueprints and the app's plumbing
    "auth": "web",
    "author": "web",
    "review": "web",
    "coordinator": "web",
    "qa": "web",
    "admin": "web",
    "api": "web",
    "documents": "web",
    "main": "web",
    "web": "web",
    "errors": "web",
    "security": "web",
    "ops": "web",
    "warmup": "web",
    # commands, app, entry
    "cli": "commands",
    "qa.cli": "commands",
    "": "app",  # reportsvc/__init__.py
    "__main__": "entry",
}


@dataclass(frozen=True)
class Edge:
    source: str  # dotted module name, e.g. reportsvc.queries.review
    target: str
    line: int

    def where(self) -> str:
        return f"{self.source} line {self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(p): p
        for p in sorted(PACKAGE.rglob("*.py"))
        if "migrations/versions" not in p.as_posix()
    }


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    for inner in ast.walk(child):
                        if hasattr(inner, "lineno"):
                            lines.add(inner.lineno)
    return lines


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` is or lies in (a.b.C -> a.b)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def edges(known: dict[str, Path]) -> list[Edge]:
    found: list[Edge] = []
    for source, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _type_checking_lines(tree)
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = source.split(".")
                    base = base if is_package else base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                # "from reportsvc import db" imports the module reportsvc.db
                targets = [
                    f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                    for alias in node.names
                ]
            for target in targets:
                if not target.startswith("reportsvc"):
                    continue
                resolved = _resolve(target, known)
                if resolved and resolved != source:
                    found.append(Edge(source, resolved, getattr(node, "lineno", 0)))
    return sorted(set(found), key=lambda e: (e.source, e.line, e.target))


def layer_of(module: str) -> tuple[str | None, str]:
    """(layer, the LAYERS key that gave it), or (None, the top-level name to declare)."""
    if module == "reportsvc":
        return LAYERS[""], ""
    parts = module.removeprefix("reportsvc.").split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in LAYERS:
            return LAYERS[key], key
    return None, parts[0]


def test_every_module_has_a_declared_layer():
    unknown = sorted({layer_of(m)[1] for m in modules() if layer_of(m)[0] is None})
    assert not unknown, (
        f"reportsvc/{', reportsvc/'.join(unknown)} has no layer. Declare it in LAYERS in "
        f"tests/test_import_graph.py as one of {', '.join(ORDER)} (see the docstring there "
        "and docs/architecture.md, 'Layers')."
    )
    bad = {k: v for k, v in LAYERS.items() if v not in RANK}
    assert not bad, f"unknown layer names in LAYERS: {bad}; use one of {ORDER}"


def test_no_import_runs_up_the_layers():
    upward = []
    for edge in edges(modules()):
        (low, low_key), (high, high_key) = layer_of(edge.source), layer_of(edge.target)
        if low is None or high is None:
            continue  # reported by test_every_module_has_a_declared_layer
        if RANK[high] > RANK[low]:
            upward.append(
                f"{edge.where()}: {low_key or 'reportsvc'} is {low!r} but "
                f"{high_key or 'reportsvc'} is {high!r}, a higher layer"
            )
    assert not upward, (
        "imports that run up the layers (" + " < ".join(ORDER) + "):\n  " + "\n  ".join(upward)
    )


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    found = edges(modules())
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in found:
        graph[edge.source].add(edge.target)
    problems = []
    for component in _cycles(graph):
        members = set(component)
        inside = [e.where() for e in found if e.source in members and e.target in members]
        problems.append(" <-> ".join(component) + ":\n    " + "\n    ".join(inside))
    assert not problems, (
        "import cycles (break each so one side no longer imports the other):\n  "
        + "\n  ".join(problems)
        + "\nA blueprint whose views live in several modules: create the Blueprint in a module "
        "of its own (e.g. auth/blueprint.py) that imports none of them, let each views module "
        "import it from there, and import the views modules where the blueprint is "
        "registered; shared helpers go in a module the views import, never in one of them."
    )


def test_the_checker_finds_what_it_should():
    """The graph sees lazy imports and relative imports, and skips TYPE_CHECKING."""
    found = {(e.source, e.target) for e in edges(modules())}
    assert ("reportsvc", "reportsvc.cli") in found  # relative, inside create_app()
    assert ("reportsvc.__main__", "reportsvc") in found
    assert ("reportsvc.queries.qa", "reportsvc.models") in found
    assert not any(
        s == "reportsvc.models.review" and t == "reportsvc.models.people" for s, t in found
    )
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("reportsvc.queries.qa") == ("read", "queries")
    assert layer_of("reportsvc.qa.cli") == ("commands", "qa.cli")
    assert layer_of("reportsvc.nothing_like_it") == (None, "nothing_like_it")
    assert layer_of("reportsvc.nothing_like_it.deep") == (None, "nothing_like_it")
    assert layer_of("reportsvc") == ("app", "")


def test_the_engine_and_the_templates_never_import_the_app():
    """forms <- scoring <- reportsvc: the engine and the templates stand below the whole app."""
    upward = []
    for package in ("forms", "scoring", "exemplars"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    names = [node.module or ""]
                if any(n == "reportsvc" or n.startswith("reportsvc.") for n in names):
                    upward.append(f"{path.relative_to(ROOT)} line {node.lineno}")
    assert not upward, "the engine or templates import reportsvc: " + ", ".join(upward)
