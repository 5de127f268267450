"""Surgical worksheet edits: values, formulas, order, styles, and everything else left alone.

Results are read back by openpyxl (an independent reader) after the patched sheet
is put into an otherwise unchanged workbook written by XlsxWriter.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.ooxml.cell_patch import array_formula_cells, patch_cells
from xl_salesplan.ooxml.cell_values import CellError, Formula, Styled, excel_number
from xl_salesplan.ooxml.reading import load_values, read_block
from xl_salesplan.ooxml.references import cell_name, column_letters
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import scan

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def base_workbook(fill: dict[str, object] | None = None, **column_formats: int) -> bytes:
    """A one-sheet workbook ("s") from XlsxWriter with ``fill`` values and a money style."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("s")
    money = wb.add_format({"num_format": "0.00"})
    for ref, value in (fill or {}).items():
        ws.write(ref, value, money if isinstance(value, float) else None)
    for letters in column_formats:
        ws.set_column(f"{letters}:{letters}", 10, money)
    wb.close()
    return buf.getvalue()


def sheet_of(book: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def with_sheet(book: bytes, sheet: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info, data)
    return out.getvalue()


def load(
    book: bytes, sheet: bytes, *, data_only: bool = True
) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(with_sheet(book, sheet)), data_only=data_only)["s"]


def raw_sheet(rows: str, *, before: str = '<dimension ref="A1"/>', after: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"{before}<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


def cells_in_order(xml: bytes) -> list[tuple[int, int]]:
    spans = scan(xml, max_depth=3)
    found = []
    for span in spans:
        if span.local == "c" and span.depth == 3:
            m = re.match(r"([A-Z]+)(\d+)", span.attrs["r"])
            letters, row = m.group(1), int(m.group(2))
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            found.append((row, col))
    return found


# ---------------------------------------------------------------- value kinds
@pytest.mark.parametrize(
    ("value", "expected", "data_type"),
    [
        (42, 42, "n"),
        (-0.125, -0.125, "n"),
        (1e-07, 1e-07, "n"),
        (12345678901234.5, 12345678901234.5, "n"),
        (True, True, "b"),
        (False, False, "b"),
        ("North", "North", "s"),
        ("=1+2", "=1+2", "s"),
        ("+cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "s"),
        ("a < b & c > \"d\" 'e'", "a < b & c > \"d\" 'e'", "s"),
        ("销售计划 ✓ 🚀", "销售计划 ✓ 🚀", "s"),
        ("  padded  ", "  padded  ", "s"),
        ("two\nlines\tand tab", "two\nlines\tand tab", "s"),
        (CellError("#N/A"), "#N/A", "e"),
    ],
)
def test_values_read_back_with_their_type(value: object, expected: object, data_type: str) -> None:
    book = base_workbook({"A1": "x"})
    out = patch_cells(sheet_of(book), {(3, 2): value})
    ws = load(book, out.xml, data_only=False)
    assert ws["B3"].value == expected
    assert ws["B3"].data_type == data_type
    assert ws["A1"].value == "x"


def test_text_is_never_a_formula_and_shared_strings_stay_untouched() -> None:
    book = base_workbook({"A1": "x"})
    out = patch_cells(sheet_of(book), {(1, 2): "=SUM(A1:A9)", (1, 3): "@SUM(1)"})
    assert b"<f>" not in out.xml
    assert out.xml.count(b't="inlineStr"') == 2
    ws = load(book, out.xml, data_only=False)
    assert ws["B1"].data_type == "s" and ws["B1"].value == "=SUM(A1:A9)"


def test_dates_become_serial_numbers_in_the_workbook_date_system() -> None:
    book = base_workbook()
    sheet = sheet_of(book)
    # 2024-03-01 is serial 45352 in the 1900 system (Excel's DATE(2024,3,1)); 1462 less in 1904.
    out = patch_cells(sheet, {(1, 1): dt.date(2024, 3, 1), (1, 2): dt.datetime(2024, 3, 1, 18)})
    assert b"<v>45352</v>" in out.xml and b"<v>45352.75</v>" in out.xml
    out1904 = patch_cells(sheet, {(1, 1): dt.date(2024, 3, 1)}, date1904=True)
    assert b"<v>43890</v>" in out1904.xml


def test_blank_removes_the_value_and_keeps_the_style() -> None:
    book = base_workbook({"A1": 1.5, "B1": "keep"})
    sheet = sheet_of(book)
    style = re.search(rb'<c r="A1" s="(\d+)"', sheet).group(1)
    out = patch_cells(sheet, {(1, 1): None, (1, 3): float("nan"), (1, 4): None})
    assert f'<c r="A1" s="{style.decode()}"/>'.encode() in out.xml
    assert b'r="C1"' not in out.xml and b'r="D1"' not in out.xml  # nothing created for blanks
    ws = load(book, out.xml)
    assert ws["A1"].value is None and ws["A1"].number_format == "0.00"
    assert ws["B1"].value == "keep"


def test_existing_style_kept_explicit_style_applied_new_cells_take_column_style() -> None:
    book = base_workbook({"A1": 1.5}, C=1)
    sheet = sheet_of(book)
    money = re.search(rb'<c r="A1" s="(\d+)"', sheet).group(1).decode()
    out = patch_cells(sheet, {(1, 1): 7, (2, 1): Styled(8, style=int(money)), (3, 3): 9, (3, 4): 1})
    ws = load(book, out.xml)
    assert ws["A1"].number_format == "0.00" and ws["A1"].value == 7
    assert ws["A2"].number_format == "0.00"
    assert ws["C3"].number_format == "0.00"  # the column's format, as Excel gives new cells
    assert ws["D3"].number_format == "General"


def test_formula_with_cached_value() -> None:
    book = base_workbook({"A1": 2})
    out = patch_cells(
        sheet_of(book),
        {
            (1, 2): Formula("=A1*21", 42),
            (1, 3): Formula('A1&"x"', "2x"),
            (1, 4): Formula("=A1>1", True),
            (1, 5): Formula("=NA()", CellError("#N/A")),
            (1, 6): Formula("=A1"),
        },
    )
    values = load(book, out.xml)
    formulas = load(book, out.xml, data_only=False)
    assert [values[c].value for c in ("B1", "C1", "D1", "E1", "F1")] == [
        42,
        "2x",
        True,
        "#N/A",
        None,
    ]
    assert formulas["B1"].value == "=A1*21" and formulas["C1"].value == '=A1&"x"'


def test_escaping_underscore_x_sequences_and_illegal_characters() -> None:
    book = base_workbook()
    out = patch_cells(sheet_of(book), {(1, 1): "code_x0041_here"})
    assert b"code_x005F_x0041_here" in out.xml  # Excel would otherwise read 'codeAhere'
    with pytest.raises(WorkbookError, match=r"s!B2: the text contains the character U\+0001"):
        patch_cells(sheet_of(book), {(2, 2): "bad\x01"}, sheet="s")
    with pytest.raises(WorkbookError, match=r"s!C1: the formula contains the character U\+FFFF"):
        patch_cells(sheet_of(book), {(1, 3): Formula("=\uffff")}, sheet="s")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("inf"), "cannot be stored"),
        ("x" * 32_768, "more than a cell holds"),
        (dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "time zone"),
        (object(), "cannot write a value of type object"),
        (Formula("="), "the formula is empty"),
        (Formula("=" + "1+" * 4100 + "1"), "more than Excel"),
    ],
)
def test_values_a_cell_cannot_hold_are_refused_naming_the_cell(value: object, message: str) -> None:
    with pytest.raises(WorkbookError, match=rf"^plan!D4: .*{message}"):
        patch_cells(sheet_of(base_workbook()), {(4, 4): value}, sheet="plan")


def test_rows_and_cells_created_in_order_with_dimension_and_spans() -> None:
    sheet = raw_sheet(
        '<row r="2" spans="2:3"><c r="B2"><v>1</v></c><c r="C2"><v>2</v></c></row>'
        '<row r="5"><c r="E5"><v>3</v></c></row>',
        before='<dimension ref="B2:E5"/>',
    )
    writes = {(1, 1): 10, (2, 1): 11, (2, 4): 12, (3, 3): 13, (7, 2): 14, (5, 1): 15, (5, 6): 16}
    out = patch_cells(sheet, writes)
    order = cells_in_order(out.xml)
    assert order == sorted(order) and len(order) == len(set(order)) == 10
    assert b'<dimension ref="A1:F7"/>' in out.xml
    assert b'<row r="2" spans="1:4">' in out.xml
    book = base_workbook()
    ws = load(book, out.xml)
    expected = {
        "B2": 1,
        "C2": 2,
        "E5": 3,
        "A1": 10,
        "A2": 11,
        "D2": 12,
        "C3": 13,
        "B7": 14,
        "A5": 15,
        "F5": 16,
    }
    assert {ref: ws[ref].value for ref in expected} == expected


def test_empty_sheet_data_and_missing_dimension() -> None:
    sheet = raw_sheet("", before="<sheetPr/>").replace(b"<sheetData></sheetData>", b"<sheetData/>")
    out = patch_cells(sheet, {(2, 3): "x"})
    assert b'<sheetPr/><dimension ref="C2"/>' in out.xml
    assert (
        b'<sheetData><row r="2"><c r="C2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        in out.xml
    )


def test_prefixed_namespace_and_implicit_references() -> None:
    sheet = (
        f'<x:worksheet xmlns:x="{NS}"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v>'
        "</x:c></x:row><x:row/></x:sheetData></x:worksheet>"
    ).encode()
    out = patch_cells(sheet, {(2, 2): "b2", (1, 4): 4})
    assert (
        b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c><x:c r="D1">'
        in out.xml
    )
    assert (
        b'<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>b2</x:t></x:is></x:c></x:row>'
        in out.xml
    )
    assert b"<c " not in out.xml and b"<dimension" not in out.xml.replace(b"x:dimension", b"")


def test_untouched_cells_keep_their_exact_bytes() -> None:
    cells = '<c r="A1" s="3" t="s"><v>0</v></c><c r="B1" customAttr="1"><f>A1</f><v>7</v></c>'
    sheet = raw_sheet(f'<row r="1" ht="20" customHeight="1">{cells}</row>', after="<mergeCells/>")
    out = patch_cells(sheet, {(1, 3): 1, (4, 1): 2})
    assert cells.encode() in out.xml
    assert b'<row r="1" ht="20" customHeight="1">' in out.xml
    assert out.xml.endswith(b"</sheetData><mergeCells/></worksheet>")


def test_overwriting_a_formula_reports_it_for_the_calc_chain() -> None:
    sheet = raw_sheet(
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>2</f><v>2</v></c>'
        '<c r="C1"><v>3</v></c></row>'
    )
    out = patch_cells(sheet, {(1, 1): 5, (1, 2): Formula("=3", 3), (1, 3): None})
    assert out.formulas_removed == [(1, 1)]


def test_shared_formula_master_overwritten_turns_group_into_plain_formulas() -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}">'
        + ('<f t="shared" ref="B2:B4" si="0">A2*2</f>' if r == 2 else '<f t="shared" si="0"/>')
        + f"<v>{2 * r}</v></c></row>"
        for r in (2, 3, 4)
    )
    out = patch_cells(raw_sheet(rows), {(2, 2): 99})
    ws = load(base_workbook(), out.xml, data_only=False)
    assert ws["B2"].value == 99
    assert ws["B3"].value == "=A3*2" and ws["B4"].value == "=A4*2"
    assert b't="shared"' not in out.xml


def test_shared_formula_member_overwritten_keeps_the_master() -> None:
    rows = (
        '<row r="1"><c r="B1"><f t="shared" ref="B1:B2" si="0">A1+1</f><v>1</v></c></row>'
        '<row r="2"><c r="B2"><f t="shared" si="0"/><v>1</v></c></row>'
    )
    out = patch_cells(raw_sheet(rows), {(2, 2): "x"})
    assert b'<f t="shared" ref="B1:B2" si="0">A1+1</f>' in out.xml
    assert out.formulas_removed == [(2, 2)]


def test_partial_array_formula_write_is_refused() -> None:
    rows = (
        '<row r="1"><c r="A1"><f t="array" ref="A1:A2">B1:B2*2</f><v>2</v></c></row>'
        '<row r="2"><c r="A2"><v>4</v></c></row>'
    )
    with pytest.raises(WorkbookError, match=r"plan!A1:A2: would change part of the array formula"):
        patch_cells(raw_sheet(rows), {(2, 1): 1}, sheet="plan")
    out = patch_cells(raw_sheet(rows), {(1, 1): 1, (2, 1): 1})
    assert b"<f" not in out.xml


def test_array_formulas_legacy_and_dynamic() -> None:
    book = base_workbook({"A1": 3, "A2": 1})
    legacy = array_formula_cells("C1", Formula("=A1:A2*2"), [[6], [2]])
    dynamic = array_formula_cells(
        "D1", Formula("=_xlfn._xlws.SORT(A1:A2)"), [[1], [3]], dynamic_cm=1
    )
    out = patch_cells(sheet_of(book), {**legacy, **dynamic})
    assert b'<c r="C1"><f t="array" ref="C1:C2">A1:A2*2</f><v>6</v></c>' in out.xml
    assert (
        b'<c r="D1" cm="1"><f t="array" ref="D1:D2">_xlfn._xlws.SORT(A1:A2)</f><v>1</v></c>'
        in out.xml
    )
    ws = load(book, out.xml)
    assert [ws["C1"].value, ws["C2"].value, ws["D1"].value, ws["D2"].value] == [6, 2, 1, 3]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ('<row r="3"/><row r="2"/>', "out of order"),
        ('<row r="1"><c r="B1"/><c r="A1"/></row>', "out of order"),
    ],
)
def test_corrupt_sheets_are_refused(rows: str, message: str) -> None:
    with pytest.raises(WorkbookError, match=message):
        patch_cells(raw_sheet(rows), {(1, 1): 1})


def test_unsafe_xml_is_refused() -> None:
    sheet = b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>'
    with pytest.raises(WorkbookError, match="document type declaration"):
        patch_cells(sheet, {(1, 1): 1})


def test_outside_the_grid_is_refused() -> None:
    with pytest.raises(WorkbookError, match="outside the sheet"):
        patch_cells(raw_sheet(""), {(1_048_577, 1): 1})


# ---------------------------------------------------------------- property
positions = st.tuples(st.integers(1, 12), st.integers(1, 8))
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: abs(x) < 1e300),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)


@given(
    existing=st.dictionaries(positions, st.integers(0, 99), max_size=20),
    writes=st.dictionaries(positions, values, max_size=20),
)
def test_patch_matches_a_plain_overlay_and_keeps_order(existing: dict, writes: dict) -> None:
    rows: dict[int, list[tuple[int, int]]] = {}
    for (r, c), v in sorted(existing.items()):
        rows.setdefault(r, []).append((c, v))
    xml = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{column_letters(c)}{r}"><v>{v}</v></c>' for c, v in cells)
        + "</row>"
        for r, cells in rows.items()
    )
    sheet = raw_sheet(xml)
    out = patch_cells(sheet, writes)
    order = cells_in_order(out.xml)
    assert order == sorted(set(order))
    model = {k: float(v) for k, v in existing.items()}
    for key, value in writes.items():
        if value is None or value == "":
            model.pop(key, None)  # blank: the value goes, the cell's style stays
        else:
            model[key] = value
    ws = load(base_workbook(), out.xml)
    for (r, c), value in model.items():
        got = ws[cell_name(r, c)].value
        if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
            assert got == excel_number(value)  # what Excel keeps: 15 significant digits
        else:
            assert got == value
    for r, c in set(existing) | set(writes):
        if (r, c) not in model:
            assert ws[cell_name(r, c)].value is None
    for (r, c), v in existing.items():
        if (r, c) not in writes:
            assert f'<c r="{column_letters(c)}{r}"><v>{v}</v></c>'.encode() in out.xml


fragments = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    st.sampled_from(["\t", "\n", "\r", " ", "_x0041_", "_x005F_", "_x", "&", "<", ">", '"']),
)
texts = st.lists(fragments, min_size=1, max_size=12).map("".join)


@given(text=texts, number=st.floats(allow_nan=False, allow_infinity=False))
def test_any_text_reads_back_exactly_and_any_number_as_excel_keeps_it(
    text: str, number: float
) -> None:
    book = base_workbook()
    out = patch_cells(sheet_of(book), {(1, 1): text, (1, 2): number})
    [[got_text, got_number]] = read_block(load_values(with_sheet(book, out.xml)), "s", "A1:B1")
    assert got_text == text
    assert got_number == excel_number(number)
    assert got_number == pytest.approx(number, rel=5e-15, abs=0)
