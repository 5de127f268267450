"""One Book interface, two backends: files on disk and live Excel (through the xlwings fake)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from fakes.rich_workbook import (
    FORMULA_CELLS,
    QUICKSTART,
    build_rich_workbook,
    quickstart_vba,
    zip_entries,
)
from fakes.xlwings_fake import FakeBook, FakeError
from lo_harness import lo_inspect_many, requires_libreoffice
from test_cli_language import english

from xl_salesplan.messages import localized
from xl_salesplan.ooxml.workbook_errors import PlanningError, WorkbookError
from xl_salesplan.workbook.book import Book, CellError, ExcelBook, FileBook, Formula

TARGETS_PART = "xl/worksheets/sheet1.xml"
INPUTS_PART = "xl/worksheets/sheet2.xml"


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return build_rich_workbook(tmp_path)


def changed_entries(before: Path | list, after: Path) -> set[str]:
    old = zip_entries(before) if isinstance(before, Path) else before
    new = zip_entries(after)
    assert [e[0] for e in new] == [e[0] for e in old if e[0] in {n[0] for n in new}]
    old_by_name = {e[0]: e for e in old}
    return {e[0] for e in new if old_by_name[e[0]][1:] != e[1:]}


def test_writes_change_only_the_owned_sheet_and_the_calc_chain(rich: Path) -> None:
    before = zip_entries(rich)
    with FileBook.open(rich) as book:
        book.write_range("targets", "D2", [[111.5], [Formula("=B3*2", 160.0)]])
        book.write_range("targets", "F7", [["=cmd|' /C calc'!A0", dt.date(2025, 1, 31), True]])
        book.save()
    assert changed_entries(before, rich) == {TARGETS_PART, "xl/calcChain.xml"}
    with zipfile.ZipFile(rich) as zf:
        chain = zf.read("xl/calcChain.xml").decode()
        assert zf.read("xl/vbaProject.bin") == quickstart_vba()
    assert '"D2"' not in chain and all(f'"{c}"' in chain for c in FORMULA_CELLS["targets"][1:])
    assert 'r="D3" i="1"' in chain  # D3 inherited the sheet id from the removed first entry
    values = openpyxl.load_workbook(rich, data_only=True)["targets"]
    formulas = openpyxl.load_workbook(rich)["targets"]
    assert values["D2"].value == 111.5 and values["D3"].value == 160
    assert formulas["D3"].value == "=B3*2" and formulas["D4"].value == "=B4*(1+C4)"
    assert formulas["F7"].value == "=cmd|' /C calc'!A0" and formulas["F7"].data_type == "s"
    # A date is its serial number (days since 1899-12-30); G7 has no date format to show it.
    assert values["G7"].value == (dt.date(2025, 1, 31) - dt.date(1899, 12, 30)).days
    assert values["H7"].value is True
    assert values["D2"].number_format == "#,##0.00"  # the cell kept its style
    assert values["F7"].number_format == "#,##0.00"  # a new cell took the column's style


def test_the_real_quickstart_workbook_keeps_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "quickstart.xlsm"
    shutil.copy(QUICKSTART, path)
    before = zip_entries(path)
    book = FileBook.open(path)
    book.write_range("Sheet1", "A1", [["region", "target"], ["North", 1.5e6]])
    book.save()
    assert changed_entries(before, path) == {"xl/worksheets/sheet1.xml"}
    assert FileBook.open(path).read_frame("Sheet1", "A1:B2").to_dict("list") == {
        "region": ["North"],
        "target": [1.5e6],
    }


def test_reads_see_pending_writes_and_saving_nothing_changes_nothing(rich: Path) -> None:
    original = rich.read_bytes()
    book = FileBook.open(rich)
    book.save()
    assert rich.read_bytes() == original
    book.write_value("notes", "B5", "draft")
    assert book.read_value("notes", "B5") == "draft"
    other = rich.with_name("copy.xlsm")
    book.save(other)
    assert rich.read_bytes() == original
    assert FileBook.open(other).read_value("notes", "B5") == "draft"


def test_table_grows_and_shrinks_with_its_data(rich: Path) -> None:
    before = zip_entries(rich)
    frame = pd.DataFrame(
        {"QUOTA": [10.0, 20.0, 30.0, 40.0, 50.0], "rep": list("vwxyz"), "region": ["N"] * 5}
    )
    book = FileBook.open(rich)
    book.write_table("reps", frame)
    book.save()
    assert changed_entries(before, rich) == {INPUTS_PART, "xl/tables/table1.xml"}
    tables = openpyxl.load_workbook(rich)["inputs"].tables
    assert tables["Reps"].ref == "A1:C6" and tables["Reps"].autoFilter.ref == "A1:C6"
    assert FileBook.open(rich).read_table("Reps")["quota"].tolist() == [10, 20, 30, 40, 50]
    book = FileBook.open(rich)
    book.write_table("Reps", frame.iloc[:2])
    book.save()
    ws = openpyxl.load_workbook(rich)["inputs"]
    assert ws.tables["Reps"].ref == "A1:C3"
    assert [ws[f"A{r}"].value for r in range(2, 7)] == ["v", "w", None, None, None]
    book = FileBook.open(rich)
    book.write_table("Reps", frame.iloc[:0])
    assert book.read_table("Reps").empty
    assert book.table_info("Reps").ref == "A1:C2"  # a table keeps one (blank) data row


def test_named_ranges_are_written_within_their_bounds(rich: Path) -> None:
    book = FileBook.open(rich)
    book.write_name("inputs!Local", [["growth"], [0.2]])
    book.write_name("RepQuota", [["quota"], [1], [2]])
    assert book.read_range("inputs", "C1:C4") == [["quota"], [1.0], [2.0], [None]]
    with pytest.raises(WorkbookError, match=r"inputs!C1:C4: 5x1 values do not fit the name"):
        book.write_name("RepQuota", [[1]] * 5)


def test_spilled_array_formula_adds_dynamic_array_metadata(rich: Path) -> None:
    book = FileBook.open(rich)
    ref = book.write_array_formula(
        "notes", "E2", "=_xlfn._xlws.SORT(targets!B2:B5)", [[60], [80], [100], [120.5]]
    )
    book.save()
    assert ref == "E2:E5"
    with zipfile.ZipFile(rich) as zf:
        types = zf.read("[Content_Types].xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        sheet = zf.read("xl/worksheets/sheet4.xml").decode()
        assert "XLDAPR" in zf.read("xl/metadata.xml").decode()
    assert 'PartName="/xl/metadata.xml"' in types and "sheetMetadata" in rels
    assert '<c r="E2" cm="1"><f t="array" ref="E2:E5">' in sheet
    ws = openpyxl.load_workbook(rich, data_only=True)["notes"]
    assert [ws[f"E{r}"].value for r in range(2, 6)] == [60, 80, 100, 120.5]
    again = FileBook.open(rich)
    again.write_array_formula("notes", "F2", "=_xlfn._xlws.SORT(E2:E5)", [[1]])
    again.save()
    with zipfile.ZipFile(rich) as zf:
        assert zf.namelist().count("xl/metadata.xml") == 1
        assert '<c r="F2" cm="1">' in zf.read("xl/worksheets/sheet4.xml").decode()


@pytest.mark.parametrize(
    ("call", "message", "keyed"),
    [
        (lambda b: b.write_range("nope", "A1", 1), r"no sheet called 'nope'", True),
        (
            lambda b: b.write_range("targets", "A1:B2", [[1, 2, 3]]),
            r"targets!A1:B2: 1x3 values do not match",
            True,
        ),
        (lambda b: b.write_range("targets", "A1", [[1], [2, 3]]), r"non-empty rectangle", False),
        (
            lambda b: b.write_table("Reps", pd.DataFrame({"rep": []})),
            r"missing \['region', 'quota'\]",
            True,
        ),
        (
            lambda b: b.write_range("dashboard", "A1", [["x\x00"]]),
            r"dashboard!A1: the text contains",
            False,
        ),
        (lambda b: b.write_name("Growth", [[1, 2]]), r"1x2 values do not fit the name", True),
    ],
)
def test_bad_writes_name_the_sheet_and_cell(
    rich: Path, call: object, message: str, keyed: bool
) -> None:
    book = FileBook.open(rich)
    with pytest.raises(PlanningError, match=message) as caught:
        call(book)  # type: ignore[operator]
        book.save()
    if keyed:  # in a zh-CN workbook the line is Chinese but for the planner's own names
        error = caught.value
        chinese = localized(error, "zh-CN").replace(str(error.params.get("where", "")), "")
        assert re.search(r"[\u4e00-\u9fff]", chinese) and not english(chinese), chinese


# ------------------------------------------------------------------ live Excel (fake)
def plan_action(book: Book) -> None:
    """A small action written against the Book interface only, as the real ones are."""
    reps = book.read_table("Reps")
    growth = book.read_name("Growth", header=False).iloc[0, 0]
    reps["quota"] = (reps["quota"] * (1 + growth)).round(2)
    reps["rep"] = reps["rep"] + "=" + reps["region"]  # text that looks like a formula stays text
    book.write_table("Reps", pd.concat([reps, reps.iloc[:1]], ignore_index=True))
    total = float(reps["quota"].sum())
    book.write_range("notes", "A10", [["total", total, Formula("=SUM(inputs!C2:C5)", total)]])
    book.write_value("notes", "A11", CellError("#N/A"))
    book.save()


def test_same_action_gives_the_same_workbook_on_both_backends(rich: Path) -> None:
    fake = FakeBook.from_file(rich)
    plan_action(ExcelBook(fake))
    plan_action(FileBook.open(rich))
    on_file = FileBook.open(rich)
    on_excel = ExcelBook(fake)
    pd.testing.assert_frame_equal(on_file.read_table("Reps"), on_excel.read_table("Reps"))
    assert on_file.read_range("notes", "A10:B11") == on_excel.read_range("notes", "A10:B11")
    assert on_excel.read_value("notes", "A11") == CellError("#N/A")
    notes = fake.sheets["notes"]
    assert notes.formulas == {(10, 3): "=SUM(inputs!C2:C5)"}
    assert openpyxl.load_workbook(rich)["notes"]["C10"].value == "=SUM(inputs!C2:C5)"
    inputs = fake.sheets["inputs"]
    assert inputs.formulas == {} and inputs.cells[(2, 1)] == "Ann=North"
    assert on_file.read_table("Reps")["rep"].tolist()[0] == "Ann=North"


def test_excel_backend_prefixes_text_so_excel_keeps_it_as_text() -> None:
    fake = FakeBook(["plan"])
    book = ExcelBook(fake)
    book.write_range("PLAN", "B2", [["=1+2", "007", "TRUE", "#N/A", "", 5, None]])
    sheet = fake.sheets["plan"]
    assert sheet.formulas == {}
    assert [sheet.cells.get((2, c)) for c in range(2, 9)] == [
        "=1+2",
        "007",
        "TRUE",
        "#N/A",
        None,
        5.0,
        None,
    ]
    # What the prefix prevents: the same strings written raw are parsed by Excel.
    sheet.range("B3:E3").value = [["=1+2", "007", "TRUE", "#N/A"]]
    assert sheet.formulas == {(3, 2): "=1+2"} and sheet.cells[(3, 3)] == 7.0
    assert isinstance(sheet.cells[(3, 5)], FakeError)


def test_excel_backend_formulas_arrays_and_errors() -> None:
    fake = FakeBook(["plan"])
    fake.sheets["plan"].seed("A1", [[3], [1], [2]])
    book = ExcelBook(fake)
    assert (
        book.write_array_formula("plan", "C1", "=_xlfn._xlws.SORT(A1:A3)", [[1], [2], [3]])
        == "C1:C3"
    )
    assert (
        book.write_array_formula("plan", "D1", "=A1:A3*2", [[6], [2], [4]], spill=False) == "D1:D3"
    )
    sheet = fake.sheets["plan"]
    assert sheet.formula_kinds[(1, 3)] == ("formula2", "$C$1")
    assert sheet.formula_kinds[(1, 4)] == ("formula_array", "$D$1:$D$3")
    with pytest.raises(WorkbookError, match=r"plan!B2: the number inf cannot be stored"):
        book.write_range("plan", "A1", [[1, 2], [3, float("inf")]])
    assert sheet.cells[(1, 1)] == 3.0  # nothing was written
    with pytest.raises(WorkbookError, match="no table called 'x' \\(tables: none\\)"):
        book.read_table("x")


def test_excel_backend_names_and_tables() -> None:
    fake = FakeBook(["in put", "other"])
    sheet = fake.sheets["in put"]
    sheet.seed("A1", [["rep", "quota"], ["Ann", 5], ["Bo", None]])
    sheet.add_table("Reps", "A1:B3")
    fake.add_name("Goal", "='in put'!$D$1")
    fake.add_name("'in put'!Local", "='in put'!$A$1:$B$2")
    fake.add_name("other!Local", "=other!$A$1")
    sheet.seed("D1", [[0.2]])
    book = ExcelBook(fake)
    assert book.name_range("goal") == ("in put", "D1")
    assert book.name_range("'in put'!Local") == ("in put", "A1:B2")
    with pytest.raises(WorkbookError, match="defined on several sheets") as caught:
        book.name_range("Local")
    assert localized(caught.value, "zh-CN").startswith("名称 'Local' 在多个工作表上都有定义")
    assert book.read_table("reps")["quota"].tolist()[0] == 5.0
    book.write_table("Reps", pd.DataFrame({"rep": ["Cy"], "quota": [7]}))
    assert fake.sheets["in put"].tables["Reps"].range.address == "$A$1:$B$2"
    assert sheet.cells.get((3, 1)) is None and sheet.cells[(2, 1)] == "Cy"


# ------------------------------------------------------------------ LibreOffice
@requires_libreoffice
def test_libreoffice_opens_patched_workbooks_and_shows_the_written_values(
    rich: Path, tmp_path: Path
) -> None:
    book = FileBook.open(rich)
    book.write_range("targets", "D2", [[111.5], [Formula("=B3*2", 160.0)]])
    book.write_range("notes", "A10", [["=1+2", "a & <b> _x0041_", "销售 plan", True]])
    book.write_array_formula("notes", "E2", "=targets!B2:B5*1", [[100], [80], [120.5], [60]])
    book.save()
    quick = tmp_path / "quickstart.xlsm"
    shutil.copy(QUICKSTART, quick)
    book = FileBook.open(quick)
    # A UDF LibreOffice does not know: it shows the cached value of a file as Excel writes it.
    book.write_range("Sheet1", "A1", [[Formula("=SPLIT_TARGET(100)", 42.0), "x"]])
    book.save()
    reports = lo_inspect_many([rich, quick])
    sheets = {s["name"]: s for s in reports[str(rich)]["sheets"]}
    targets, notes = sheets["targets"]["cells"], sheets["notes"]["cells"]
    assert targets["D2"]["value"] == 111.5 and "formula" not in targets["D2"]
    assert targets["D3"]["value"] == 160.0 and targets["D3"]["formula"] == "=B3*2"
    assert targets["D4"]["value"] == pytest.approx(126.525)  # an untouched formula's value
    assert notes["A10"]["text"] == "=1+2" and "formula" not in notes["A10"]
    assert notes["B10"]["text"] == "a & <b> _x0041_"
    assert notes["C10"]["text"] == "销售 plan"
    assert notes["D10"]["value"] == 1
    assert [notes[f"E{r}"]["value"] for r in range(2, 6)] == [100, 80, 120.5, 60]
    assert sheets["dashboard"]["charts"] == 1
    assert reports[str(rich)]["vba_modules"], "the VBA project is still there"
    quick_cells = reports[str(quick)]["sheets"][0]["cells"]
    assert quick_cells["A1"]["value"] == 42.0 and quick_cells["B1"]["text"] == "x"
    assert reports[str(quick)]["vba_modules"]


def test_workbook_error_is_a_planning_error(tmp_path: Path) -> None:
    assert issubclass(WorkbookError, PlanningError)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a workbook")
    with pytest.raises(PlanningError, match=r"garbage\.xlsx: is not an xlsx/xlsm package"):
        FileBook.open(garbage)


def test_zip_written_by_filebook_is_valid_for_zipfile(rich: Path) -> None:
    book = FileBook.open(rich)
    book.write_value("targets", "A20", "x")
    book.save()
    with zipfile.ZipFile(io.BytesIO(rich.read_bytes())) as zf:
        assert zf.testzip() is None
