"""The share copy: values only, no VBA, no ribbon, no xlwings.conf, no paths; the rest kept."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from fakes.rich_workbook import INTERPRETER, QUICKSTART, build_rich_workbook, zip_entries
from lo_harness import lo_inspect, requires_libreoffice

from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.share_copy import PLAIN_WORKBOOK, make_share_copy

KEPT_AS_IS = {
    "xl/worksheets/sheet2.xml",  # inputs: table, validation, conditional formatting, comments
    "xl/worksheets/sheet3.xml",  # dashboard
    "xl/worksheets/sheet4.xml",  # notes
    "xl/charts/chart1.xml",
    "xl/drawings/drawing1.xml",
    "xl/drawings/vmlDrawing1.vml",
    "xl/drawings/_rels/drawing1.xml.rels",
    "xl/comments1.xml",
    "xl/tables/table1.xml",
    "xl/media/image1.png",
    "xl/styles.xml",
    "xl/theme/theme1.xml",
    "xl/worksheets/_rels/sheet2.xml.rels",
    "xl/worksheets/_rels/sheet3.xml.rels",
    "xl/worksheets/_rels/sheet4.xml.rels",
}  # docProps/core.xml and comment authors change: see tests/reliability/test_share_privacy.py


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path]:
    source = build_rich_workbook(tmp_path)
    target = tmp_path / "share.xlsx"
    make_share_copy(source, target)
    return source, target


def all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def test_no_vba_no_ribbon_no_conf_sheet_no_calc_chain(shared: tuple[Path, Path]) -> None:
    _, target = shared
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml").decode()
        root_rels = zf.read("_rels/.rels").decode()
        workbook = zf.read("xl/workbook.xml").decode()
    assert not [n for n in names if "vbaProject" in n or n.startswith("customUI")]
    assert "xl/calcChain.xml" not in names and "xl/worksheets/sheet5.xml" not in names
    assert "vbaProject" not in types and "macroEnabled" not in types and "calcChain" not in types
    assert f'PartName="/xl/workbook.xml" ContentType="{PLAIN_WORKBOOK}"' in types
    assert "extensibility" not in root_rels
    assert "xlwings.conf" not in workbook
    assert openpyxl.load_workbook(target).sheetnames == ["targets", "inputs", "dashboard", "notes"]


def test_everything_else_is_kept_byte_for_byte(shared: tuple[Path, Path]) -> None:
    source, target = shared
    before = {name: rest for name, *rest in zip_entries(source)}
    after = {name: rest for name, *rest in zip_entries(target)}
    for name in KEPT_AS_IS:
        assert after[name] == before[name], name
    order = [n for n, *_ in zip_entries(source) if n in after]
    assert [n for n, *_ in zip_entries(target)] == order


def test_formulas_are_replaced_by_their_values(shared: tuple[Path, Path]) -> None:
    _, target = shared
    with zipfile.ZipFile(target) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not re.search(rb"<(\w+:)?f[ >/]", zf.read(name)), name
    ws = openpyxl.load_workbook(target)["targets"]  # not data_only: a formula would show as one
    assert [ws[f"D{r}"].value for r in range(2, 6)] == pytest.approx([110, 96, 126.525, 60])
    assert ws["D2"].number_format == "#,##0.00"  # formatting kept
    inputs = openpyxl.load_workbook(target)["inputs"]
    assert inputs.tables["Reps"].ref == "A1:C4"
    assert str(inputs.data_validations.dataValidation[0].sqref) == "B2:B4"


def test_names_are_kept_and_no_path_is_left(shared: tuple[Path, Path]) -> None:
    _, target = shared
    wb = openpyxl.load_workbook(target)
    assert set(wb.defined_names) == {"Growth", "RepQuota"}
    assert set(wb["inputs"].defined_names) == {"Local"}
    text = all_text(target)
    for secret in (INTERPRETER, "pythonw", "Interpreter_Win", "xlwings.conf", "UDF Modules"):
        assert secret not in text


def test_conf_sheet_in_the_middle_renumbers_scoped_names_and_active_tab(tmp_path: Path) -> None:
    source = tmp_path / "mid.xlsx"
    wb = xlsxwriter.Workbook(source)
    wb.add_worksheet("a").write("A1", 1)
    conf = wb.add_worksheet("xlwings.conf")
    conf.write_row("A1", ["Interpreter_Mac", "/Users/p/.venv/bin/python"])
    b = wb.add_worksheet("b")
    b.write_formula("A1", '="v"&1', None, "v1")
    b.write_formula("A2", "=1/0", None, "#DIV/0!")
    b.write_formula("A3", "=1>0", None, True)
    b.activate()
    wb.define_name("b!Local", "=b!$A$1")
    wb.define_name("xlwings.conf!Conf", "='xlwings.conf'!$A$1")
    wb.define_name("Uses", "='xlwings.conf'!$B$1")
    wb.close()
    target = tmp_path / "mid-share.xlsx"
    report = make_share_copy(source, target)
    assert sorted(report.removed_names) == ["'xlwings.conf'!Conf", "Uses"]
    workbook = zipfile.ZipFile(target).read("xl/workbook.xml").decode()
    assert '<definedName name="Local" localSheetId="1">' in workbook
    assert 'activeTab="1"' in workbook
    out = openpyxl.load_workbook(target)
    assert out.sheetnames == ["a", "b"] and out.active.title == "b"
    assert [out["b"][f"A{r}"].value for r in (1, 2, 3)] == ["v1", "#DIV/0!", True]
    assert "/Users/p" not in all_text(target)
    app = zipfile.ZipFile(target).read("docProps/app.xml").decode()
    assert "xlwings.conf" not in app and "Uses" not in app and "b!Local" in app


def test_the_real_quickstart_workbook(tmp_path: Path) -> None:
    source = tmp_path / "quickstart.xlsm"
    shutil.copy(QUICKSTART, source)
    target = tmp_path / "quickstart-share.xlsx"
    report = make_share_copy(source, target)
    assert report.removed_sheets == ["_xlwings.conf"]
    text = all_text(target)
    assert "absPath" not in text and r"C:\Users" not in text  # Excel's record of the folder
    assert openpyxl.load_workbook(target).sheetnames == ["Sheet1"]
    assert not [n for n in zipfile.ZipFile(target).namelist() if n.endswith(".bin")]


def test_a_path_left_elsewhere_refuses_the_copy(tmp_path: Path) -> None:
    source = tmp_path / "leak.xlsx"
    wb = xlsxwriter.Workbook(source)
    wb.add_worksheet("help").write("A1", INTERPRETER)  # a planner pasted the path in the help
    wb.add_worksheet("xlwings.conf").write_row("A1", ["Interpreter_Win", INTERPRETER])
    wb.close()
    target = tmp_path / "leak-share.xlsx"
    with pytest.raises(WorkbookError, match="still contains the configuration value"):
        make_share_copy(source, target)
    assert not target.exists()


def test_the_source_is_never_overwritten(tmp_path: Path) -> None:
    source = build_rich_workbook(tmp_path)
    original = source.read_bytes()
    with pytest.raises(WorkbookError, match="must not overwrite"):
        make_share_copy(source, source)
    assert source.read_bytes() == original


@requires_libreoffice
def test_libreoffice_opens_the_share_copy(shared: tuple[Path, Path]) -> None:
    _, target = shared
    report = lo_inspect(target)
    sheets = {s["name"]: s for s in report["sheets"]}
    assert list(sheets) == ["targets", "inputs", "dashboard", "notes"]
    targets = sheets["targets"]["cells"]
    assert targets["D4"]["value"] == pytest.approx(126.525) and "formula" not in targets["D4"]
    assert not [c for s in sheets.values() for c in s["cells"].values() if "formula" in c]
    assert sheets["inputs"]["cells"]["A2"]["text"] == "Ann"
    assert sheets["dashboard"]["charts"] == 1
    assert report["vba_modules"] == {}
