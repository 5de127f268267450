"""The layout of the package: every import points down the layers, and no import circle.

The allowed direction is written once, in :data:`LAYERS`: a module may import from its own
layer's package and from lower layers; peers in one layer (``people``, ``budget``, ``kpi``) do
not import each other. Every import counts, also one inside a function or under
``TYPE_CHECKING``; doctest examples (text in docstrings) do not. ``docs/ARCHITECTURE.md``
describes the same rule for people.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Lowest first. Each entry is one layer: the packages (or top-level modules) in it, as the
#: first name after ``xl_salesplan.``; ``xl_salesplan_udfs`` is the Excel functions' package.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("messages",),
    ("errors",),
    ("validation",),
    ("targets",),
    ("history",),
    ("people", "budget", "kpi"),
    ("sample_company", "data"),
    ("sample_languages",),
    ("progress",),
    ("ooxml",),
    ("vba",),
    ("workbook",),
    ("layout",),
    ("actions",),
    ("doctor",),
    ("template",),
    ("demo",),
    ("command_language",),
    ("macros", "cli"),
    ("xl_salesplan_udfs",),
)

#: The package root (``xl_salesplan/__init__.py``) re-exports the one exception type only.
ROOT_MODULE = "xl_salesplan"


def layer_of(unit: str) -> int:
    for level, units in enumerate(LAYERS):
        if unit in units:
            return level
    raise AssertionError(f"{unit!r} has no layer in LAYERS: add it where it belongs")


def unit_of(module: str) -> str:
    """``xl_salesplan.budget.curves`` -> ``budget``; ``xl_salesplan_udfs.cells`` -> udfs."""
    parts = module.split(".")
    if parts[0] == "xl_salesplan_udfs":
        return "xl_salesplan_udfs"
    return parts[1] if len(parts) > 1 else ROOT_MODULE


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of both packages by dotted name."""
    out = {}
    for base, prefix in (
        (root / "xl_salesplan", "xl_salesplan"),
        (root / "udfs" / "xl_salesplan_udfs", "xl_salesplan_udfs"),
    ):
        for path in base.rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules ``name`` imports (``from a import b`` counts ``a.b`` when it is a module)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = module_files(root)
    known = set(files)
    return {name: imports_of(name, path, known) for name, path in files.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import that points to a higher layer, or sideways to a peer package."""
    problems = []
    for module, targets in sorted(graph.items()):
        source = unit_of(module)
        if source == ROOT_MODULE:
            continue
        for target in sorted(targets):
            goal = unit_of(target)
            if goal in (ROOT_MODULE, source):
                continue
            if layer_of(goal) > layer_of(source):
                problems.append(f"{module} imports {target}: {goal} is above {source}")
            elif layer_of(goal) == layer_of(source):
                problems.append(f"{module} imports {target}: {goal} and {source} are peers")
    return problems


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), and self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = itertools.count()

    def visit(node: str) -> None:
        index[node] = low[node] = next(counter)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def graph_without_package_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's ``__init__`` re-exporting its own modules is not a circle through it.

    ``xl_salesplan.kpi`` imports ``xl_salesplan.kpi.status``; a module importing
    ``xl_salesplan.kpi.rows`` also initialises the package, but that is Python's package
    mechanics, not a dependency of the module on its siblings.
    """
    out = {}
    for module, targets in graph.items():
        out[module] = {t for t in targets if not module.startswith(t + ".")}
    return out


def test_every_import_points_down_the_layers():
    assert upward_imports(import_graph()) == []


def test_there_is_no_import_circle():
    assert import_circles(graph_without_package_reexports(import_graph())) == []


def test_every_package_and_top_module_has_a_layer():
    for module in import_graph():
        unit = unit_of(module)
        if unit != ROOT_MODULE:
            layer_of(unit)


def test_an_upward_import_is_caught(tmp_path):
    """The check fails on a deliberately added upward import and on a circle."""
    for package in ("xl_salesplan/budget", "xl_salesplan/actions", "udfs/xl_salesplan_udfs"):
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "xl_salesplan" / "__init__.py").write_text("")
    (tmp_path / "xl_salesplan/budget/curves.py").write_text(
        "def f():\n    from xl_salesplan.actions.plan import build_plan\n"
    )
    (tmp_path / "xl_salesplan/actions/plan.py").write_text(
        "from xl_salesplan.budget import curves\n"
    )
    graph = import_graph(tmp_path)
    assert upward_imports(graph) == [
        "xl_salesplan.budget.curves imports xl_salesplan.actions.plan: actions is above budget"
    ]
    assert import_circles(graph) == [["xl_salesplan.actions.plan", "xl_salesplan.budget.curves"]]


def test_a_peer_import_is_caught(tmp_path):
    for package in ("xl_salesplan/budget", "xl_salesplan/kpi"):
        (tmp_path / package).mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "udfs" / "xl_salesplan_udfs").mkdir(parents=True)
    (tmp_path / "xl_salesplan/kpi/status.py").write_text("import xl_salesplan.budget.curves\n")
    (tmp_path / "xl_salesplan/budget/curves.py").write_text("x = 1\n")
    assert upward_imports(import_graph(tmp_path)) == [
        "xl_salesplan.kpi.status imports xl_salesplan.budget.curves: budget and kpi are peers"
    ]


@pytest.mark.parametrize("limit", [650])
def test_no_module_is_much_over_600_lines(limit):
    long = {
        str(path.relative_to(ROOT)): n
        for path in module_files().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert long == {}
