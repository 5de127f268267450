"""Every problem a planner can meet is raised with a key of the message catalogue.

A ``raise PlanningError("literal English ...")`` would show English in a zh-CN workbook,
so the source is scanned: an error built from a string literal or an f-string (instead of
``PlanningError.of(key, ...)``) is only allowed in the files listed below, each with the
number of such raises and why. The counts are exact, so a new literal raise fails here, and
so does a converted one until its count is lowered.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from xl_salesplan.messages import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(ROOT / "xl_salesplan").rglob("*.py"), *(ROOT / "udfs").rglob("*.py")])
#: Error types whose message a planner reads; the argument that holds the message.
ERRORS = {"PlanningError": 0, "WorkbookError": 0, "RefusedRows": 0, "CellError": 1}
#: Functions whose first argument is a catalogue key (and ``<error type>.of``).
KEYED = {"Text", "message", "_message"}

_BUILD = "raised while building the template from the project's own sources: no planner input"
_FILE_LAYER = (
    "the file layer's problems (a damaged, locked or foreign file): not yet in the catalogue"
)
ALLOWED: dict[str, tuple[int, str]] = {
    "xl_salesplan/vba/compound_file.py": (5, _BUILD),
    "xl_salesplan/vba/module_sources.py": (4, _BUILD),
    "xl_salesplan/vba/ovba_compression.py": (2, _BUILD),
    "xl_salesplan/vba/project_checks.py": (14, _BUILD),
    "xl_salesplan/vba/ribbon.py": (2, _BUILD),
    "xl_salesplan/vba/vba_reader.py": (1, _BUILD),
    "xl_salesplan/vba/xlwings_modules.py": (1, _BUILD),
    "xl_salesplan/sample_company.py": (4, _BUILD),
    "xl_salesplan/template/sample_inputs.py": (1, _BUILD),
    "xl_salesplan/ooxml/cell_patch.py": (2, _FILE_LAYER),
    "xl_salesplan/ooxml/sheet_layout.py": (5, _FILE_LAYER),
    "xl_salesplan/ooxml/cell_values.py": (8, _FILE_LAYER),
    "xl_salesplan/ooxml/reading.py": (2, _FILE_LAYER),
    "xl_salesplan/ooxml/structure.py": (1, _FILE_LAYER),
    "xl_salesplan/ooxml/workbook_edits.py": (3, _FILE_LAYER),
    "xl_salesplan/ooxml/worksheet_reader.py": (3, _FILE_LAYER),
    "xl_salesplan/ooxml/xml_spans.py": (6, _FILE_LAYER),
    "xl_salesplan/ooxml/sheet_stream.py": (2, _FILE_LAYER),
}


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else None


def _is_literal_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal_text(node.left) or _is_literal_text(node.right)
    return False


def _literal_raises(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _name(node) in ERRORS:
            position = ERRORS[_name(node) or ""]
            if len(node.args) > position and _is_literal_text(node.args[position]):
                lines.append(node.lineno)
    return lines


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", SOURCES, ids=_relative)
def test_errors_a_planner_reads_come_from_the_catalogue(path: Path) -> None:
    found = _literal_raises(path)
    allowed, reason = ALLOWED.get(_relative(path), (0, ""))
    assert len(found) <= allowed, (
        f"{_relative(path)}: an error raised with literal text at line(s) {found}; raise it "
        "with PlanningError.of(key, ...) and add the key (English and Chinese) to "
        "xl_salesplan/messages/"
    )
    assert len(found) == allowed, (
        f"{_relative(path)}: {allowed - len(found)} fewer literal raise(s) than allowed "
        f"({reason}); lower its count in ALLOWED"
    )


def test_the_allowed_files_exist() -> None:
    assert all((ROOT / path).is_file() for path in ALLOWED)


def _keys_used(path: Path) -> list[tuple[int, str]]:
    used = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        keyed = getattr(func, "id", None) in KEYED or (
            isinstance(func, ast.Attribute)
            and func.attr == "of"
            and getattr(func.value, "id", None) in ERRORS
        )
        # CellError.of(argument, key, ...): the key comes second
        at = (
            1
            if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "CellError"
            else 0
        )
        first = node.args[at] if len(node.args) > at else None
        if keyed and isinstance(first, ast.Constant) and isinstance(first.value, str):
            used.append((node.lineno, first.value))
    return used


@pytest.mark.parametrize("path", SOURCES, ids=_relative)
def test_every_key_raised_is_in_the_catalogue(path: Path) -> None:
    missing = [(line, key) for line, key in _keys_used(path) if key not in CATALOGUE]
    assert not missing, f"{_relative(path)}: keys not in the catalogue: {missing}"
