"""The input side: named ranges and tables into DataFrames, blanks, and clear errors."""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter

from xl_salesplan.messages import localized
from xl_salesplan.ooxml.cell_values import CellError
from xl_salesplan.ooxml.reading import cell_of, frame_from_rows, load_values, read_block
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.workbook.book import FileBook


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    path = tmp_path / "inputs.xlsx"
    wb = xlsxwriter.Workbook(path)
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("assumptions")
    ws.write_row("B2", ["region", "growth", "start", "active"])
    ws.write_row("B3", ["North", 0.1])
    ws.write_datetime("D3", dt.datetime(2025, 1, 1), date)
    ws.write_boolean("E3", True)
    ws.write_row("B4", ["South"])  # blank growth, start and active
    ws.write_datetime("D4", dt.datetime(2025, 4, 1), date)
    ws.write_row("B5", ["East", 0.05])
    ws.write_formula("E5", "=NA()", None, "#N/A")
    wb.define_name("Regions", "=assumptions!$B$2:$E$8")  # longer than the data: blank rows
    wb.define_name("assumptions!Note", "=assumptions!$G$2")
    wb.define_name("Sum", "=SUM(assumptions!$C$3:$C$5)")
    reps = wb.add_worksheet("KPI tracker")
    reps.add_table(
        "A1:C4",
        {
            "name": "Reps",
            "columns": [{"header": "rep"}, {"header": "quota"}, {"header": "notes"}],
            "data": [["Ann", 50, None], [None, None, None], ["Cy", 60, "new\nhire"]],
        },
    )
    reps.write_row("E1", ["a", None, "c"])
    reps.write_row("E5", ["x", "X"])
    wb.close()
    return path


def test_named_range_into_a_frame_with_blanks_and_types(inputs: Path) -> None:
    frame = FileBook.open(inputs).read_name("regions")
    assert list(frame.columns) == ["region", "growth", "start", "active"]
    assert len(frame) == 3  # trailing blank rows of the named range are dropped
    assert frame["region"].tolist() == ["North", "South", "East"]
    assert frame["growth"].dtype == np.float64
    assert frame["growth"].iloc[0] == 0.1 and math.isnan(frame["growth"].iloc[1])
    assert pd.api.types.is_datetime64_any_dtype(frame["start"])
    assert frame["start"].iloc[1] == pd.Timestamp(2025, 4, 1) and pd.isna(frame["start"].iloc[2])
    assert frame["active"].tolist() == [True, None, CellError("#N/A")]
    assert cell_of(frame, 1, "growth") == "assumptions!C4"


def test_table_into_a_frame_with_its_own_column_names(inputs: Path) -> None:
    frame = FileBook.open(inputs).read_table("REPS")
    assert list(frame.columns) == ["rep", "quota", "notes"]
    assert frame["rep"].tolist() == ["Ann", None, "Cy"]  # the blank middle row is kept
    assert frame["quota"].tolist()[0] == 50.0 and math.isnan(frame["quota"].iloc[1])
    assert frame["notes"].tolist() == [None, None, "new\nhire"]
    assert cell_of(frame, 2, "quota") == "'KPI tracker'!B4"


def test_sheet_scoped_name_and_a_single_cell(inputs: Path) -> None:
    book = FileBook.open(inputs)
    assert book.name_range("assumptions!Note") == ("assumptions", "G2")
    assert book.name_range("note") == ("assumptions", "G2")  # the only one of that name
    assert book.read_value("assumptions", "c3") == 0.1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda b: b.read_name("Nope"),
            r"no defined name 'Nope' \(names: Regions, Sum, assumptions!Note\)",
        ),
        (lambda b: b.read_name("Sum"), r"the name 'Sum' is not a range on a sheet \(it is =SUM"),
        (lambda b: b.read_table("Missing"), r"no table called 'Missing' \(tables: 'Reps'\)"),
        (
            lambda b: b.read_range("Plan", "A1"),
            r"no sheet called 'Plan' \(the workbook has 'assumptions', 'KPI tracker'\)",
        ),
        (lambda b: b.read_range("assumptions", "A:A"), r"'A' is not a cell reference"),
        (
            lambda b: b.read_frame("KPI tracker", "E1:G2"),
            r"'KPI tracker'!F1: the column header is blank",
        ),
        (
            lambda b: b.read_frame("KPI tracker", "E5:F6"),
            r"'KPI tracker'!F5: the column header 'X' repeats the one in E5",
        ),
    ],
)
def test_errors_name_the_sheet_table_or_cell(inputs: Path, call: object, message: str) -> None:
    with pytest.raises(WorkbookError, match=message) as caught:
        call(FileBook.open(inputs))  # type: ignore[operator]
    chinese = localized(caught.value, "zh-CN")  # each from the catalogue: Chinese in zh-CN
    assert re.search(r"[\u4e00-\u9fff]", chinese) and chinese != str(caught.value), chinese


def test_read_block_pads_to_the_requested_shape(inputs: Path) -> None:
    workbook = load_values(inputs.read_bytes())
    block = read_block(workbook, "assumptions", "A1:C3")
    assert block == [[None, None, None], [None, "region", "growth"], [None, "North", 0.1]]
    far = read_block(workbook, "assumptions", "X100:Y101")
    assert far == [[None, None], [None, None]]


def test_excel_escapes_in_text_are_decoded(tmp_path: Path) -> None:
    # XlsxWriter escapes a literal "_x000D_" as Excel does ("_x005F_x000D_"); the cell
    # "B1" is then patched to hold "_x000D_" as Excel stores a carriage return.
    path = tmp_path / "esc.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = wb.add_worksheet("s")
    sheet.write("A1", "literal _x000D_ text")
    sheet.write("B1", "line one@CR@ end")
    wb.close()
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"@CR@", b"_x000D_")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    book = FileBook.open(path)
    assert book.read_value("s", "A1") == "literal _x000D_ text"
    assert book.read_value("s", "B1") == "line one\r end"


def test_unreadable_workbook(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="cannot read the workbook"):
        load_values(b"PK\x05\x06" + bytes(18))


def test_frame_from_rows_edge_cases() -> None:
    empty = frame_from_rows([["a", "b"]])
    assert list(empty.columns) == ["a", "b"] and len(empty) == 0
    numeric_header = frame_from_rows([[2024.0, 2025.0], [1.0, 2.0]])
    assert list(numeric_header.columns) == ["2024", "2025"]
    with pytest.raises(WorkbookError, match="expected 2 columns, found 3"):
        frame_from_rows([[1, 2, 3]], header=False, columns=["a", "b"])
