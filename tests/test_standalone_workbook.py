"""Standalone workbooks: xlwings' own VBA modules instead of a reference to the add-in.

The model is the workbook ``xlwings quickstart --standalone`` copies
(``quickstart_standalone.xlsm`` in the installed xlwings package); the modules it adds
are computed here as its modules minus those of xlwings' add-in quickstart workbook.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwings
from lo_harness import lo_inspect, requires_libreoffice
from vba_decoding import (
    module_types,
    olevba_modules,
    project_lines,
    reference_payloads,
    vba_project_bin,
)

from xl_salesplan import cli
from xl_salesplan.vba import xlwings_modules

XLWINGS_FOLDER = Path(xlwings.__file__).parent
STANDALONE_QUICKSTART = XLWINGS_FOLDER / "quickstart_standalone.xlsm"
ADDIN_QUICKSTART = XLWINGS_FOLDER / "quickstart.xlsm"
needs_quickstarts = pytest.mark.skipif(
    not (STANDALONE_QUICKSTART.exists() and ADDIN_QUICKSTART.exists()),
    reason="the installed xlwings package has no quickstart workbooks",
)


def _project(path: Path) -> bytes:
    return vba_project_bin(path.read_bytes())


def _xlwings_own_modules() -> dict[str, str]:
    """What xlwings' standalone quickstart adds to its add-in quickstart: name -> source."""
    standalone = olevba_modules(_project(STANDALONE_QUICKSTART))
    with_addin = olevba_modules(_project(ADDIN_QUICKSTART))
    return {name: code for name, code in standalone.items() if name not in with_addin}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("standalone")
    paths = {"standalone": folder / "standalone.xlsm", "addin": folder / "addin.xlsm"}
    assert cli.main(["-q", "new", str(paths["standalone"]), "--standalone"]) == 0
    assert cli.main(["-q", "new", str(paths["addin"])]) == 0
    return paths


@needs_quickstarts
def test_olevba_lists_the_modules_xlwings_standalone_quickstart_adds(workbooks):
    expected = _xlwings_own_modules()
    assert sorted(expected) == ["Dictionary", "xlwings"]  # what this xlwings version ships
    ours = olevba_modules(_project(workbooks["standalone"]))
    with_addin = olevba_modules(_project(workbooks["addin"]))
    added = {name: code for name, code in ours.items() if name not in with_addin}
    assert list(added) == list(expected)
    assert set(with_addin) <= set(ours)  # everything else is kept
    # the standard module is the same text, line for line (same xlwings version; olevba
    # gives xlwings' copy with LF line ends, ours with the CRLF the VBA editor writes)
    assert added["xlwings"].splitlines() == expected["xlwings"].splitlines()
    # the class module: the same attributes and code; VBA itself re-cases identifiers
    # (xlwings' saved copy has err.Raise where the .cls file has Err.Raise)
    ours_lines, theirs_lines = added["Dictionary"].splitlines(), expected["Dictionary"].splitlines()
    attributes = [line for line in theirs_lines if line.startswith("Attribute ")]
    assert [line for line in ours_lines if line.startswith("Attribute ")] == attributes
    assert [line.lower() for line in ours_lines] == [line.lower() for line in theirs_lines]


@needs_quickstarts
def test_module_kinds_and_project_lines_match_xlwings_standalone_workbook(workbooks):
    ours, theirs = _project(workbooks["standalone"]), _project(STANDALONE_QUICKSTART)
    for name in _xlwings_own_modules():
        assert module_types(ours)[name] == module_types(theirs)[name]
        declared = [line for line in project_lines(theirs) if line.endswith("=" + name)]
        assert declared and declared[0] in project_lines(ours)  # Module=xlwings, Class=Dictionary


@needs_quickstarts
def test_no_reference_to_the_add_in_as_in_xlwings_standalone_workbook(workbooks):
    ours = reference_payloads(_project(workbooks["standalone"]))
    theirs = reference_payloads(_project(STANDALONE_QUICKSTART))
    project_references = {name for name, (kind, _) in ours.items() if kind == 0x000E}
    assert not project_references
    assert not {name for name, (kind, _) in theirs.items() if kind == 0x000E}
    assert b"xlwings" not in ours and b"Office" in ours  # IRibbonControl still needs Office
    with_addin = reference_payloads(_project(workbooks["addin"]))
    assert with_addin[b"xlwings"][0] == 0x000E  # the default keeps the add-in reference


def test_the_xlwings_module_is_the_installed_packages_version(workbooks):
    source = olevba_modules(_project(workbooks["standalone"]))["xlwings"]
    assert xlwings_modules.module_version(source) == xlwings.__version__


def test_template_command_builds_a_standalone_template(tmp_path, capsys):
    target = tmp_path / "standalone_template.xlsm"
    assert cli.main(["template", "--standalone", "--lang", "zh-CN", "-o", str(target)]) == 0
    assert "standalone" in capsys.readouterr().out
    assert {"xlwings", "Dictionary"} <= set(olevba_modules(_project(target)))


def test_without_xlwings_modules_the_command_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(xlwings_modules, "xlwings_package_folder", lambda: tmp_path)
    target = tmp_path / "plan.xlsm"
    assert cli.main(["new", str(target), "--standalone"]) == cli.EXIT_ERROR
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "xlwings.bas" in error and "--standalone" in error
    assert not target.exists()


@requires_libreoffice
def test_libreoffice_lists_xlwings_modules_with_their_code(workbooks):
    shown = lo_inspect(workbooks["standalone"])["vba_modules"]
    by_module = {key.rsplit(".", 1)[-1]: source for key, source in shown.items()}
    assert {"xlwings", "Dictionary", "RibbonCallbacks"} <= set(by_module), list(by_module)
    assert "Public Function RunPython" in by_module["xlwings"]
    assert "Public Function Exists" in by_module["Dictionary"]
