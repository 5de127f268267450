"""The fast cell scan reads exactly what the full parser and openpyxl read.

``sheet_scan.scan_cells`` is a fast path: on a part in the plain form it must give
the very values of ``worksheet_reader.read_cells`` (the full expat parser), and on
anything else it must step aside (``None``) so the full parser reads it and names a
damaged cell. Checked on the template, the sample plan and hand-made hostile parts;
openpyxl, an independent reader, reads the same values from the same packages.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_salesplan.demo import sample_plan
from xl_salesplan.ooxml import sheet_scan
from xl_salesplan.ooxml.cell_values import CellError
from xl_salesplan.ooxml.reading import frame_from_rows, load_values, read_block
from xl_salesplan.ooxml.references import format_range
from xl_salesplan.ooxml.sheet_scan import scan_cells, scan_rest
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.worksheet_reader import block, read_cells
from xl_salesplan.workbook.book import FileBook

ROOT = Path(__file__).resolve().parents[1]
STRINGS = ["North", "R&D", "a\nb"]
DATES = frozenset({1})


def _flat(cells: dict[int, dict[int, object]]) -> dict[tuple[int, int], object]:
    return {(r, c): v for r, row in cells.items() for c, v in row.items()}


def _scanned(part: bytes, **options: object) -> dict[tuple[int, int], object] | None:
    found = scan_cells(part, **options)  # type: ignore[arg-type]
    if found is None:
        return None
    return {
        (int(r), int(c)): v for r, c, v in zip(found.rows, found.columns, found.values, strict=True)
    }


def _same(a: dict[tuple[int, int], object], b: dict[tuple[int, int], object]) -> bool:
    return a == b and all(type(a[k]) is type(b[k]) for k in a)


def _sheet(rows: str, *, before: str = "", after: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{before}<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


# Parts in the plain form: the scan reads them, and reads what the full parser reads.
PLAIN = {
    "shared strings": '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c></row>',
    "inline strings, escapes": '<row r="2"><c r="A2" t="inlineStr"><is><t>R&amp;D &lt;x&gt;</t>'
    '</is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve"> a_x000D_b </t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>&#x4E2D;&#25991;&quot;&apos;</t></is></c></row>',
    "dates and numbers": '<row r="3"><c r="A3" s="1"><v>45658</v></c><c r="B3" s="1"><v>45658.5'
    '</v></c><c r="C3" s="1"><v>0.25</v></c><c r="D3"><v>-1.5E3</v></c><c r="E3" s="1"><v>59'
    "</v></c></row>",
    "errors and booleans": '<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="e"><v>#DIV/0!'
    '</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" t="b"><v>0</v></c><c r="E4" t="e"><v>#GETTING'
    "_DATA</v></c></row>",
    "empty and sparse": '<row r="5"><c r="A5" s="1"/><c r="C5"/></row><row r="900" spans="1:3">'
    '<c r="C900"><v>7</v></c></row><row r="901"/>',
    "cells out of order": '<row r="7"><c r="C7"><v>3</v></c><c r="A7"><v>1</v></c></row>',
    "rows out of order": '<row r="7"><c r="C7"><v>3</v></c></row><row r="6"><c r="B6"><v>2</v>'
    "</c></row>",
    "formulas with cached values": '<row r="8"><c r="A8"><f>SUM(B8:C8)</f><v>3</v></c>'
    '<c r="B8" t="str"><f t="shared" ref="B8:B9" si="0">"a"&amp;"b"</f><v>ab</v></c>'
    '<c r="C8"><f t="shared" si="0"/><v>2</v></c><c r="D8"><f>NOW()</f></c>'
    '<c r="E8" t="d"><v>2026-01-31T00:00:00</v></c></row>',
    "line ends and white space": '\n  <row r="9">\n    <c r="A9" t="inlineStr"><is><t>x\r\ny'
    "\rz</t></is></c>\n  </row>\n",
    "inline type without inline text": '<row r="10"><c r="A10" t="inlineStr"><v>5</v></c>'
    '<c r="B10" t="s"/><c r="C10" t="n"><is><t>x</t></is></c></row>',
}
# Parts the scan leaves to the full parser (None), which reads them all the same.
NOT_PLAIN = {
    "missing references": '<row r="1"><c><v>1</v></c><c t="s"><v>0</v></c></row>',
    "missing row numbers": '<row><c r="A1"><v>1</v></c></row><row><c><v>2</v></c></row>',
    "rich inline text": '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr>'
    "<t>b</t></r><rPh><t>x</t></rPh></is></c></row>",
    "a comment": '<row r="1"><!-- x --><c r="A1"><v>1</v></c></row>',
    "a repeated cell": '<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>',
    "other attributes": '<row r="1"><c r="A1" s="0" t="n" cm="1"><v>1</v></c></row>',
    "lower-case reference": '<row r="1"><c r="a1"><v>1</v></c></row>',
    "a prefix": '<row r="1"><x:c xmlns:x="urn:x" r="A1"><x:v>1</x:v></x:c></row>',
    "empty value": '<row r="1"><c r="A1" t="str"><v></v></c></row>',
    "nested rows": '<row r="1"><row r="2"><c r="A2"><v>1</v></c></row></row>',
}
# Damaged parts: both refuse them with the same message.
DAMAGED = {
    "shared index past the end": '<row r="1"><c r="B1" t="s"><v>9</v></c></row>',
    "not a number": '<row r="1"><c r="B1"><v>NaN</v></c></row>',
    "text for a number": '<row r="1"><c r="B1"><v>abc</v></c></row>',
    "unclosed row": '<row r="1"><c r="B1"><v>1</v></c>',
    "undefined entity": '<row r="1"><c r="A1" t="inlineStr"><is><t>&bad;</t></is></c></row>',
    "a bad date serial": '<row r="1"><c r="A1" s="1"><v>1e12</v></c></row>',
}


@pytest.mark.parametrize("case", PLAIN)
def test_plain_parts_scan_as_the_full_parser_reads_them(case: str) -> None:
    part = _sheet(PLAIN[case])
    expected = _flat(read_cells(part, strings=STRINGS, dates=DATES, sheet="s"))
    got = _scanned(part, strings=STRINGS, dates=DATES)
    assert got is not None, "the fast path must read a plain part"
    assert _same(got, expected), (got, expected)


@pytest.mark.parametrize("case", NOT_PLAIN)
def test_other_parts_are_left_to_the_full_parser(case: str) -> None:
    part = _sheet(NOT_PLAIN[case])
    assert _scanned(part, strings=STRINGS, dates=DATES) is None
    read_cells(part, strings=STRINGS, dates=DATES, sheet="s")  # and it reads them


@pytest.mark.parametrize("case", DAMAGED)
def test_damaged_parts_are_refused_as_the_full_parser_refuses_them(case: str) -> None:
    part = _sheet(DAMAGED[case])
    with pytest.raises(WorkbookError) as full:
        read_cells(part, strings=STRINGS, dates=DATES, sheet="s")
    try:
        got = _scanned(part, strings=STRINGS, dates=DATES)
    except WorkbookError as exc:
        assert exc.code == full.value.code
    else:
        assert got is None, "a damaged part must not be read by the fast path"


def test_a_document_type_declaration_is_refused() -> None:
    part = b'<!DOCTYPE x [<!ENTITY e "boom">]>' + _sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    assert scan_cells(part) is None
    with pytest.raises(WorkbookError, match="document type"):
        read_cells(part)
    outside = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>', after="<broken>")
    with pytest.raises(WorkbookError, match="not well-formed"):
        scan_cells(outside)


def test_the_first_read_stops_below_the_rows_it_needs() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 50))
    part = _sheet(rows)
    expected = _flat(read_cells(part, last_row=10))
    assert sorted(expected) == [(r, 1) for r in range(1, 11)]
    found = scan_cells(part, last_row=10)
    assert found is not None and found.last_row == 10
    assert _scanned(part, last_row=10) == expected
    # a damaged cell further down is not read (the full parser stops above it too)
    damaged = _sheet(rows + '<row r="60"><c r="A60"><v>NaN</v></c></row>')
    assert _flat(read_cells(damaged, last_row=10)) == expected
    assert _scanned(damaged, last_row=10) in (None, expected)


def test_a_read_further_down_reads_on_from_where_the_first_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheet_scan, "_SLICE", 80)  # slices of a row or two
    order = [1, 2, 3, 4, 5, 6, 40, 7, 39, 8, 20, 9, 10, 11, 12]  # out of order further down
    part = _sheet("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}" t="inlineStr">'
                          f"<is><t>t{r}</t></is></c></row>" for r in order))  # fmt: skip
    first = scan_cells(part, last_row=4)
    assert first is not None and first.resume is not None
    assert sorted(set(first.rows.tolist())) == [1, 2, 3, 4]
    whole = scan_rest(part, first)
    assert whole is not None and whole.last_row is None
    flat = {
        (int(r), int(c)): v for r, c, v in zip(whole.rows, whole.columns, whole.values, strict=True)
    }
    assert _same(flat, _flat(read_cells(part)))
    damaged = part.replace(b"<v>20</v>", b"<v>x</v>")  # the rest is left to the full parser
    assert scan_rest(damaged, scan_cells(damaged, last_row=4)) is None


def _package(rows: str, shared: list[str]) -> bytes:
    """A minimal .xlsx holding ``rows`` on its one sheet (style 1 shows dates)."""
    items = "".join(f"<si><t>{s.replace('&', '&amp;')}</t></si>" for s in shared)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override '
        'PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="s" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
        f'Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{rel}/styles" '
        'Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{items}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills '
        'count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1">'
        "<border><left/><right/><top/><bottom/><diagonal/></border></borders><cellXfs count="
        '"2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": _sheet(rows).decode(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _openpyxl_value(value: object) -> object:
    # openpyxl shows a time of day (a serial below 1) as a time; the workbook layer as a
    # date on Excel's day 0: compare the time, and leave what neither reader types alike
    return value.time() if isinstance(value, dt.datetime) and value.year < 1900 else value


@pytest.mark.parametrize("case", ["shared strings", "inline strings, escapes", "dates and numbers",
                                  "errors and booleans", "empty and sparse", "cells out of order",
                                  "formulas with cached values"])  # fmt: skip
def test_openpyxl_reads_the_same_values(case: str, tmp_path: Path) -> None:
    # (openpyxl's streaming reader skips rows out of order, so that case is not compared)
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(_package(PLAIN[case], STRINGS))
    ref = "A1:E10"
    ours = FileBook.open(path).read_range("s", ref)
    theirs = read_block(load_values(path), "s", ref)
    assert [[_openpyxl_value(v) for v in row] for row in ours] == theirs


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("plans")
    return [ROOT / "workbook_template.xlsm", sample_plan(folder / "sample.xlsm")]


def test_every_sheet_of_the_template_and_the_sample_plan_scans_as_parsed(
    plans: list[Path],
) -> None:
    for path in plans:
        book = FileBook.open(path)
        strings, dates = book._shared_strings(), book._date_styles()
        for info in book.structure.sheets:
            if info.part is None or info.kind != "worksheet":
                continue
            part = book.package.read(info.part)
            expected = _flat(read_cells(part, strings=strings, dates=dates, sheet=info.name))
            got = _scanned(part, strings=strings, dates=dates)
            assert got is not None, f"{path.name} {info.name}: the fast path must read it"
            assert _same(got, expected), f"{path.name} {info.name}"


def test_every_table_reads_as_the_row_by_row_path_read_it(plans: list[Path]) -> None:
    for path in plans:
        book = FileBook.open(path)
        strings, dates = book._shared_strings(), book._date_styles()
        for name in book.table_names():
            table = book.table_info(name)
            r1, c1, r2, c2 = table.data_bounds
            if r2 < r1:
                continue
            part = book.package.read(book.structure.sheet(table.sheet).part or "")
            cells = read_cells(part, strings=strings, dates=dates, sheet=table.sheet)
            expected = frame_from_rows(block(cells, format_range(r1, c1, r2, c2)),
                                       sheet=table.sheet, first_row=r1, first_column=c1,
                                       header=False, columns=table.columns)  # fmt: skip
            got = book.read_table(name)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
            assert got.attrs == expected.attrs


def test_openpyxl_reads_the_sample_plans_tables_alike(plans: list[Path]) -> None:
    path = plans[1]
    theirs = load_values(path)
    book = FileBook.open(path)
    for name in ("tblHistory", "tblReps", "tblActuals", "tblChannels"):
        table = book.table_info(name)
        r1, c1, r2, c2 = table.data_bounds
        ref = format_range(r1, c1, r2, c2)
        assert book.read_range(table.sheet, ref) == read_block(theirs, table.sheet, ref), name


def test_errors_read_as_errors() -> None:
    part = _sheet(PLAIN["errors and booleans"])
    found = scan_cells(part)
    assert found is not None
    assert found.values.tolist()[:2] == [CellError("#N/A"), CellError("#DIV/0!")]
    assert np.array_equal(found.columns, [1, 2, 3, 4, 5])


def test_columns_are_typed_by_isinstance_whatever_the_subclass() -> None:
    # pandas Timestamps are datetimes and numpy floats are floats, as the row-by-row path read them
    stamps = frame_from_rows(
        [[dt.datetime(2026, 1, 1)], [None], [pd.Timestamp("2026-02-01")], [""]], header=False
    )
    assert str(stamps[0].dtype).startswith("datetime64")
    assert stamps[0].isna().tolist() == [False, True, False]
    numbers = frame_from_rows([[np.float64(1.5)], [None], [2.0]], header=False)
    assert numbers[0].dtype == np.float64 and numbers[0].isna().tolist() == [False, True, False]


# ---------------------------------------------------------------- generated parts
# The tokeniser locates tags with array operations: generated rows of cells (and the
# same rows with one byte changed) must read as the full parser reads them, or step aside.
_TEXTS = ["1", "1.5", "-2E3", " 3 ", "1_0", ".5", "5.", "1e", "abc", "R&amp;D", "&#65;&#x4E2D;",
          "&#0;", "&bad;", "x&gt;y", "x>y", "a\r\nb", "\u4e2d\u6587", "_x000D_", "#N/A", "true",
          "2026-01-31T00:00:00", "0", "2", "9", "1e400", "\t"]  # fmt: skip
_TYPES = ["", ' t="s"', ' t="str"', ' t="inlineStr"', ' t="b"', ' t="e"', ' t="d"', ' t="n"',
          ' t="xyz"']  # fmt: skip
_cell_parts = st.tuples(
    st.sampled_from(["A", "B", "Z", "AA", "XFD"]),
    st.sampled_from(["", ' s="0"', ' s="1"', ' s="01"', ' s="2"']),
    st.sampled_from(_TYPES),
    st.sampled_from(["", "<f>1+1</f>", '<f t="shared" si="0"/>']),
    st.sampled_from(["v", "is", "none", "empty"]),
    st.sampled_from(_TEXTS),
)


def _cell_xml(row: int, parts: tuple[str, str, str, str, str, str]) -> str:
    column, style, kind, formula, holder, text = parts
    start = f'<c r="{column}{row}"{style}{kind}'
    if holder == "empty":
        return start + "/>"
    inner = {"v": f"<v>{text}</v>", "is": f"<is><t>{text}</t></is>", "none": ""}[holder]
    return f"{start}>{formula}{inner}</c>"


_FITTING = {  # texts each type reads (the rest go to the full parser, or are damaged)
    "": ["1", "1.5", "-2E3", ".5", "45658"],
    ' t="s"': ["0", "1", "2"],
    ' t="b"': ["0", "1"],
    ' t="e"': ["#N/A", "#DIV/0!"],
    ' t="d"': ["2026-01-31T00:00:00"],
}


@st.composite
def _rows_xml(draw: st.DrawFn, fitting: bool = False) -> str:
    out = []
    for row in draw(st.lists(st.integers(1, 40), max_size=6)):
        cells = draw(st.lists(_cell_parts, max_size=5))
        if fitting:  # mostly texts the cell's type reads
            cells = [(*p[:5], draw(st.sampled_from(_FITTING.get(p[2], _TEXTS)))) for p in cells]
        space = draw(st.sampled_from(["", "\n  "]))
        body = space.join(_cell_xml(row, parts) for parts in cells)
        out.append(f'<row r="{row}">{body}</row>' if cells else f'<row r="{row}"/>')
    return "".join(out)


def _compare(part: bytes) -> None:
    try:
        expected = _flat(read_cells(part, strings=STRINGS, dates=DATES, sheet="s"))
    except WorkbookError:
        expected = None
    try:
        got = _scanned(part, strings=STRINGS, dates=DATES)
    except WorkbookError:
        assert expected is None, "the scan refused a part the full parser reads"
        return
    if got is not None:
        assert expected is not None, "the scan read a part the full parser refuses"
        assert _same(got, expected), (got, expected)


@given(_rows_xml(fitting=True))
def test_generated_rows_scan_as_the_full_parser_reads_them(rows: str) -> None:
    _compare(_sheet(rows))


@given(_rows_xml(fitting=True), st.integers(0, 10_000), st.sampled_from(list("<>&\"'/= x1\x01\r")),
       st.booleans())  # fmt: skip
def test_a_changed_byte_is_read_alike_or_left_to_the_full_parser(
    rows: str, where: int, byte: str, insert: bool
) -> None:
    body = rows.encode()
    if not body:
        return
    at = where % len(body)
    changed = body[:at] + byte.encode() + body[at + (0 if insert else 1) :]
    _compare(_sheet(changed.decode("utf-8", "replace")))


@given(
    st.text(alphabet="0123456789.eE+-", min_size=1, max_size=30)
    | st.from_regex(r"-?[0-9]{0,17}\.?[0-9]{0,17}", fullmatch=True)
)
def test_numbers_read_as_float_reads_them(text: str) -> None:
    part = _sheet(f'<row r="1"><c r="A1"><v>{text}</v></c></row>')
    try:
        expected = float(text)
    except ValueError:
        expected = None
    got = _scanned(part)
    if expected is None or not np.isfinite(expected):
        assert got is None
    else:
        assert got is not None and repr(got[(1, 1)]) == repr(expected), (text, got)  # -0.0 too
