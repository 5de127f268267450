"""The vbaProject.bin reader agrees with oletools on projects Excel wrote and on ours."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlwings
from vba_decoding import olevba_modules, reference_payloads

from xl_salesplan.errors import PlanningError
from xl_salesplan.template.vba_modules import template_vba_project
from xl_salesplan.vba.compound_file import build_compound_file
from xl_salesplan.vba.vba_reader import read_vba_project
from xl_salesplan.vba.vba_references import ProjectReference

XLWINGS_FOLDER = Path(xlwings.__file__).parent
EXCEL_WRITTEN = [
    XLWINGS_FOLDER / "addin" / "xlwings.xlam",
    XLWINGS_FOLDER / "quickstart.xlsm",
    XLWINGS_FOLDER / "quickstart_standalone.xlsm",
]


def _projects() -> list[tuple[str, bytes]]:
    out = [("ours (standalone)", template_vba_project(standalone=True))]
    for path in EXCEL_WRITTEN:
        if path.exists():
            with zipfile.ZipFile(path) as package:
                out.append((path.name, package.read("xl/vbaProject.bin")))
    return out


@pytest.mark.parametrize(("name", "project"), _projects(), ids=lambda value: str(value)[:30])
def test_modules_and_references_match_oletools(name, project):
    contents = read_vba_project(project)
    decoded = olevba_modules(project)
    assert [m.name for m in contents.modules] == list(decoded)
    for module in contents.modules:
        assert module.source.splitlines() == decoded[module.name].splitlines(), module.name
    expected = reference_payloads(project)
    assert [r.name.encode() for r in contents.references] == list(expected)
    for reference in contents.references:
        record = expected[reference.name.encode()][0]
        assert (record == 0x000E) == isinstance(reference, ProjectReference), reference.name


def test_module_kinds_follow_the_project_stream():
    contents = read_vba_project(template_vba_project(standalone=True))
    kinds = {m.name: m.kind for m in contents.modules}
    assert kinds["ThisWorkbook"] == "document" and kinds["Dictionary"] == "class"
    assert kinds["xlwings"] == kinds["RibbonCallbacks"] == "standard"


@pytest.mark.parametrize(
    "streams",
    [
        {"PROJECT": b"Module=A", "VBA/dir": b"\x02not compressed"},  # bad signature
        {"PROJECT": b"Module=A"},  # no dir stream
    ],
)
def test_a_damaged_project_is_one_planner_line(streams):
    with pytest.raises(PlanningError, match=r"^plan\.xlsm: the VBA project cannot be read \("):
        read_vba_project(build_compound_file(streams), source="plan.xlsm")
    with pytest.raises(PlanningError, match=r"^plan\.xlsm: the VBA project cannot be read \("):
        read_vba_project(template_vba_project()[:3000], source="plan.xlsm")
