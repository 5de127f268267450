"""A snapshot of a workbook file is copied sheet by sheet as a stream: the same values and
number formats as the values read through the book and written cell by cell (the path
live Excel takes), in bounded memory."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from mid_size_plan import write_mid_size_plan
from plan_files import plan_copy
from reliability.limits import run_limited
from shared_tools import ooxml_problems

from xl_salesplan.actions.versions import (
    plan_areas,
    plan_formats,
    read_sheets,
    snapshot_version,
    write_snapshot,
)
from xl_salesplan.ooxml.package import Package
from xl_salesplan.ooxml.sheet_stream import FORMULA, inspect_sheet, rewrite_cells
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.book import FileBook
from xl_salesplan.workbook.values_copy import NotPlain, write_values_copy


def _cell_by_cell(plan: Path, target: Path) -> Path:
    book = FileBook.open(plan)
    areas = plan_areas(book)
    order = [s for s in book.sheet_names() if s in areas]
    write_snapshot(target, {s: book.read_range(s, areas[s]) for s in order},
                   formats=plan_formats(book))  # fmt: skip
    return target


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_snapshot_holds_the_values_and_formats_the_book_reads(
    tmp_path: Path, language: str
) -> None:
    plan = plan_copy(tmp_path, language=language)
    result = snapshot_version(FileBook.open(plan), tmp_path / "v" / "streamed.xlsx", label="v1")
    streamed = Path(result.details["path"])
    assert read_sheets(streamed) == read_sheets(_cell_by_cell(plan, tmp_path / "cells.xlsx"))
    with zipfile.ZipFile(streamed) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert not [n for n in sheets if b"<f>" in zf.read(n) or b"<f " in zf.read(n)]
        assert "v1" in zf.read("docProps/core.xml").decode()
        assert not [n for n in zf.namelist() if "vba" in n.lower() or "table" in n.lower()]
    assert ooxml_problems([streamed]) == ""


def test_what_lies_outside_the_plan_and_error_values_are_left_out(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    area = plan_areas(book)["Targets"]  # A1:AE..
    last_row = int(area.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    book.write_value("Targets", "AF3", "right of the plan")
    book.write_value("Targets", f"A{last_row + 3}", "below the plan")
    book.save()
    snapshot_version(FileBook.open(plan), tmp_path / "v.xlsx")
    values, _ = read_sheets(tmp_path / "v.xlsx")
    assert "right of the plan" not in values["Targets"].values()
    assert "below the plan" not in values["Targets"].values()
    assert values == read_sheets(_cell_by_cell(plan, tmp_path / "cells.xlsx"))[0]


def test_a_sheet_that_is_not_plain_xml_is_read_through_the_book(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    part = book.structure.worksheet_part("Targets")
    data = book.package.read(part)
    book.package.write(part, data.replace(b"<sheetData>", b"<sheetData><!-- a note -->", 1))
    book.package.save(plan)
    snapshot_version(FileBook.open(plan), tmp_path / "v.xlsx")
    assert read_sheets(tmp_path / "v.xlsx") == read_sheets(
        _cell_by_cell(plan, tmp_path / "cells.xlsx")
    )


def test_a_mid_size_plan_is_snapshotted_in_bounded_memory(tmp_path: Path) -> None:
    plan = write_mid_size_plan(tmp_path / "plan.xlsm", 120_000)
    target = tmp_path / "v.xlsx"
    # read and written cell by cell, this snapshot ran out of memory under the same limit
    outcome = run_limited(["snapshot", str(plan), "-o", str(target)], memory_bytes=400 << 20)
    assert outcome.returncode == 0, outcome.message
    with zipfile.ZipFile(target) as zf:
        history = max(zf.namelist(), key=lambda n: zf.getinfo(n).file_size)
        data = zf.read(history)
    assert data.count(b"<row ") > 120_000 and b"<f>" not in data
    assert b'<c r="G10000"><v>1</v></c>' in data


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (b"<sheetData><!-- a note -->", "not_plain"),
        (b"<sheetData><x:row xmlns:x='urn:x'/>", "not_plain"),
        (b"<sheetData><row r='1'><c r='A1'><v>1</v></c>", "bad_xml"),  # row never closed
    ],
)
def test_a_checked_rewrite_refuses_what_inspecting_the_sheet_refuses(
    damage: bytes, code: str
) -> None:
    sheet = (b'<worksheet><sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>'
             b"</sheetData></worksheet>")  # fmt: skip
    plain = b"".join(rewrite_cells([sheet], marks=FORMULA, rewrite=bytes.upper, check=True))
    assert plain == b"".join(rewrite_cells([sheet], marks=FORMULA, rewrite=bytes.upper))
    damaged = sheet.replace(b"<sheetData>", damage, 1)
    if code == "not_plain":
        assert not inspect_sheet([damaged]).plain
    with pytest.raises(WorkbookError) as caught:
        b"".join(rewrite_cells([damaged[:30], damaged[30:]], marks=FORMULA, rewrite=bytes.upper,
                               check=True, part="xl/worksheets/sheet1.xml"))  # fmt: skip
    assert caught.value.code == code
    assert caught.value.part == "xl/worksheets/sheet1.xml"


def test_a_sheet_found_not_plain_late_leaves_an_existing_target_as_it_was(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    book = FileBook.open(plan)
    last = [s for s in book.sheet_names() if s in plan_areas(book)][-1]
    part = book.structure.worksheet_part(last)
    data = book.package.read(part)
    book.package.write(part, data.replace(b"<sheetData>", b"<sheetData><!-- a note -->", 1))
    book.package.save(plan)
    target = tmp_path / "v.xlsx"
    target.write_bytes(b"the previous snapshot")
    package = Package.from_bytes(plan.read_bytes())
    with pytest.raises(NotPlain):
        write_values_copy(package, target, plan_areas(FileBook.open(plan)))
    assert target.read_bytes() == b"the previous snapshot"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".~")) == []
