"""The commands do not load openpyxl (0.15 s of every run) on the project's own workbooks.

openpyxl stays a dependency for what only it does here (reading an .xlsx CRM export,
translating a shared formula, the version files of older releases), imported inside the
function that needs it. These tests fail when a module imports it at load time again.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from xl_salesplan.sample_company import load_sample_company

REPO = Path(__file__).resolve().parents[1]

# Runs the commands in one Python, then prints their exit codes and the openpyxl modules
# loaded by then (the commands import what they need as they run).
_CHILD = """
import json, sys
from xl_salesplan.cli import main
book, export, folder = sys.argv[1:]
runs = [["new", book], ["validate", book], ["plan", book], ["budget", book],
        ["actuals", book, export], ["kpi", book], ["share", "-o", folder + "/share.xlsx", book],
        ["snapshot", "-o", folder + "/snapshot.xlsx", book], ["replan", book]]
codes = {run[0]: main([run[0], "-q", *run[1:]]) for run in runs}
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "openpyxl")
print(json.dumps({"codes": codes, "openpyxl": loaded}))
"""


def test_the_commands_on_the_sample_workbook_never_load_openpyxl(tmp_path: Path) -> None:
    export = tmp_path / "crm.csv"
    load_sample_company().ytd_actuals.to_csv(export, index=False)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "udfs")])}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp_path / "plan.xlsm"), str(export), str(tmp_path)],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result["codes"].values()) == {0}, result["codes"]
    assert result["openpyxl"] == [], f"the commands loaded {result['openpyxl'][:5]}"
    assert (tmp_path / "share.xlsx").exists() and (tmp_path / "snapshot.xlsx").exists()


def _load_time_imports(tree: ast.Module) -> list[ast.stmt]:
    """Import statements run when the module loads: not inside a function, nor under
    ``if TYPE_CHECKING:``."""
    found: list[ast.stmt] = []
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        pending.extend(ast.iter_child_nodes(node))
    return found


def _imports_openpyxl(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "openpyxl" for alias in node.names)
    assert isinstance(node, ast.ImportFrom)
    return (node.module or "").split(".")[0] == "openpyxl"


def test_no_module_of_the_package_imports_openpyxl_when_it_loads() -> None:
    offenders = []
    for path in [*(REPO / "xl_salesplan").rglob("*.py"), *(REPO / "udfs").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [
            f"{path.relative_to(REPO)}:{node.lineno}"
            for node in _load_time_imports(tree)
            if _imports_openpyxl(node)
        ]
    assert offenders == []


def test_the_load_time_check_sees_imports_at_the_top_and_in_blocks() -> None:
    tree = ast.parse(
        "import openpyxl\n"
        "try:\n    from openpyxl.utils import datetime\nexcept ImportError:\n    pass\n"
        "if TYPE_CHECKING:\n    import openpyxl.cell\n"
        "def f():\n    import openpyxl.styles\n"
        "class C:\n    from openpyxl import load_workbook\n"
    )
    lines = sorted(node.lineno for node in _load_time_imports(tree) if _imports_openpyxl(node))
    assert lines == [1, 3, 11]
