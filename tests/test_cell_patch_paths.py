"""The cell writer's two paths give the same bytes: rows located by their bytes (the plain
form, parsing only the rows written to) and the whole part parsed (any other part).

Every comparison patches the same part with the same writes twice, once with the
part's :func:`sheet_outline` and once with its :func:`full_outline`, and requires the
same new part and the same removed formulas, or the same error. The parts are made
by hypothesis (plain rows, white space, empty rows, styles, shared strings, formulas,
shared and array formulas, cells without references, other attributes, extensions,
comments, prefixes, rows and cells out of order, merged cells), and are taken from
the template (both languages) and from a workbook of XlsxWriter.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_files import plan_copy

from xl_salesplan.ooxml.cell_patch import patch_cells
from xl_salesplan.ooxml.cell_values import CellError, Formula, Styled
from xl_salesplan.ooxml.references import column_letters
from xl_salesplan.ooxml.sheet_outline import full_outline, sheet_outline
from xl_salesplan.ooxml.workbook_edits import refuse_writes_under_merges
from xl_salesplan.ooxml.workbook_errors import WorkbookError

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def both_paths(data: bytes, writes: dict) -> tuple[object, object]:
    """(fast, full) results of one patch: (xml, removed formulas) or ("error", message)."""
    out = []
    for outline_of in (sheet_outline, full_outline):
        try:
            outline = outline_of(data, part="s")
            result = patch_cells(data, writes, sheet="s", outline=outline)
            out.append((result.xml, result.formulas_removed))
        except WorkbookError as error:
            out.append(("error", str(error)))
    return out[0], out[1]


def part(rows: str, *, before: str = '<dimension ref="A1:H9"/>', after: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
        f'{before}<cols><col min="3" max="4" width="9" style="5"/></cols>'
        f"<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


# ---------------------------------------------------------------- generated parts
CELL_BODIES = [
    "<v>1</v>",
    "<v>2.5</v>",
    '<is><t xml:space="preserve"> x </t></is>',
    "<is><t>a &amp; b</t></is>",
    "<f>A1*2</f><v>4</v>",
    "<f/>",
    "",
]
PLAIN_KINDS = ["", ' t="s"', ' t="inlineStr"', ' t="b"', ' t="str"']
HOSTILE = [
    "implicit_cell",  # a cell without r
    "other_attribute",  # a cell with an attribute the plain form does not know
    "extension",  # a cell with an extension list
    "shared_formula",
    "array_formula",
    "comment",  # a comment: the whole part takes the full path
    "rich_text",
    "row_attribute_order",  # a row whose r is not its first attribute
    "cells_out_of_order",
    "rows_out_of_order",
]


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    numbers = sorted(draw(st.sets(st.integers(1, 12), max_size=8)))
    space = draw(st.sampled_from(["", "\n", "\n  "]))
    hostile = draw(st.sets(st.sampled_from(HOSTILE), max_size=2))
    rows = []
    for number in numbers:
        attributes = draw(
            st.sampled_from(["", ' spans="2:3"', ' spans="1:8" ht="20"', ' s="7" customFormat="1"'])
        )
        cols = sorted(draw(st.sets(st.integers(1, 8), max_size=5)))
        if not cols and draw(st.booleans()):
            rows.append(f'<row r="{number}"{attributes}/>')
            continue
        cells = []
        for col in cols:
            ref = f"{column_letters(col)}{number}"
            style = draw(st.sampled_from(["", ' s="3"', ' s="0"']))
            kind = draw(st.sampled_from(PLAIN_KINDS))
            body = draw(st.sampled_from(CELL_BODIES))
            if kind == ' t="s"':
                body = "<v>0</v>"
            cells.append(
                f'<c r="{ref}"{style}{kind}>{body}</c>' if body else f'<c r="{ref}"{style}{kind}/>'
            )
        rows.append(f'<row r="{number}"{attributes}>{space}' + space.join(cells) + f"{space}</row>")
    xml = space.join(rows)
    extra = "".join(_hostile(kind) for kind in sorted(hostile))
    after = '<mergeCells count="1"><mergeCell ref="B20:C20"/></mergeCells>'
    if "rows_out_of_order" in hostile:
        xml = '<row r="30"/>' + xml
    return part(xml + extra, after=after)


def _hostile(kind: str) -> str:
    return {
        "implicit_cell": '<row r="13"><c r="A13"><v>1</v></c><c><v>2</v></c></row>',
        "other_attribute": '<row r="14"><c r="B14" customAttr="x" s="2"><v>1</v></c></row>',
        "extension": '<row r="15"><c r="C15"><v>1</v><extLst><ext uri="u"/></extLst></c></row>',
        "shared_formula": '<row r="16"><c r="A16"><f t="shared" ref="A16:A17" si="0">B16+1</f>'
        '<v>1</v></c></row><row r="17"><c r="A17"><f t="shared" si="0"/><v>1</v></c></row>',
        "array_formula": '<row r="18"><c r="D18"><f t="array" ref="D18:D19">B1:B2</f><v>1</v>'
        '</c></row><row r="19"><c r="D19"><v>2</v></c></row>',
        "comment": '<!-- a note --><row r="20"/>',
        "rich_text": '<row r="21"><c r="A21" t="inlineStr"><is><r><t>a</t></r></is></c></row>',
        "row_attribute_order": '<row spans="1:2" r="22"><c r="A22"><v>1</v></c></row>',
        "cells_out_of_order": '<row r="23"><c r="C23"><v>1</v></c><c r="B23"/></row>',
        "rows_out_of_order": "",
    }[kind]


positions = st.tuples(st.integers(1, 24), st.integers(1, 9))
values = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=False, width=64),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=6),
    st.sampled_from([" padded ", "a<b&c", "_x0041_", "=1+2", "\t", "line\nfeed"]),
    st.sampled_from([CellError("#N/A"), dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 18)]),
    st.sampled_from([Formula("=A1+1", 2), Formula("=B2", "x")]),
    st.builds(Styled, st.integers(0, 5), st.integers(0, 9)),
    st.builds(Styled, st.none(), st.integers(0, 9)),
)
refused = st.sampled_from(["bad\x01", float("inf"), Formula(""), "x" * 32_768])


@settings(max_examples=400, deadline=None)
@given(sheet=sheets(), writes=st.dictionaries(positions, values, max_size=24))
def test_both_paths_write_the_same_bytes(sheet: bytes, writes: dict) -> None:
    fast, full = both_paths(sheet, writes)
    assert fast == full


@settings(max_examples=100, deadline=None)
@given(
    sheet=sheets(),
    writes=st.dictionaries(positions, values, max_size=6),
    bad=st.dictionaries(positions, refused, min_size=1, max_size=2),
)
def test_both_paths_refuse_the_same_value_first(sheet: bytes, writes: dict, bad: dict) -> None:
    fast, full = both_paths(sheet, {**writes, **bad})
    assert fast == full and fast[0] == "error"


@settings(max_examples=100, deadline=None)
@given(sheet=sheets(), writes=st.dictionaries(positions, st.integers(1, 9), max_size=12))
def test_both_paths_find_the_same_merged_cells(sheet: bytes, writes: dict) -> None:
    outcomes = []
    for outline_of in (sheet_outline, full_outline):
        try:
            outline = outline_of(sheet, part="s")
            refuse_writes_under_merges(sheet, writes, sheet="s", outline=outline)
            outcomes.append(None)
        except WorkbookError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


def test_the_plain_form_is_located_and_the_rest_falls_back() -> None:
    plain = part('<row r="2" spans="1:2"><c r="A2" s="1"><v>1</v></c></row>\n<row r="4"/>')
    outline = sheet_outline(plain)
    assert outline.rows is not None and outline.rows.numbers == [2, 4]
    assert [s.local for s in outline.spans if s.local in ("row", "c")] == []  # not parsed
    for hostile in (
        "<!-- x -->",
        '<row r="9"><row r="10"/></row>',  # a row in a row
        '<x:row xmlns:x="u" r="3"/>',  # a row the byte search would not see
        "<other/>",
        '<row r="3" spans="1:2" r="4"/>',  # not well-formed: refused by the parser
    ):
        try:
            assert sheet_outline(part(hostile)).rows is None
        except WorkbookError as error:
            assert "not well-formed" in str(error)
    prefixed = plain.replace(b"<sheetData>", b'<x:sheetData xmlns:x="u">').replace(
        b"</sheetData>", b"</x:sheetData>"
    )
    assert sheet_outline(prefixed).rows is None


def test_a_broken_or_unsafe_part_is_refused_as_before() -> None:
    broken = part('<row r="1"><c r="A1"><v>1</c></row>')
    fast, full = both_paths(broken, {(5, 5): 1})
    assert fast == full and fast[0] == "error" and "not well-formed" in fast[1]
    unsafe = b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>'
    fast, full = both_paths(unsafe, {(1, 1): 1})
    assert fast == full and "document type declaration" in fast[1]


def _sheets_of(book: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}


def _block_writes(first_row: int, rows: int, first_col: int, cols: int) -> dict:
    grid = [
        [None, "Region 01", 1234.5, dt.datetime(2026, 1, 1), "", CellError("#N/A"), True, 7]
        for _ in range(rows)
    ]
    return {
        (first_row + i, first_col + j): grid[i][(i + j) % len(grid[i])]
        for i in range(rows)
        for j in range(cols)
    }


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_every_sheet_of_the_template_takes_the_plain_path_with_the_same_bytes(
    tmp_path, language: str
) -> None:
    book = plan_copy(tmp_path, language=language).read_bytes()
    sheets = _sheets_of(book)
    assert len(sheets) > 10
    for name, data in sheets.items():
        assert sheet_outline(data, part=name).rows is not None, name
        for writes in (
            _block_writes(1, 3, 1, 4),
            _block_writes(5, 40, 2, 6),
            _block_writes(200, 2, 12, 2),
        ):
            fast, full = both_paths(data, writes)
            assert fast == full, name


def test_a_sheet_of_xlsxwriter_takes_the_plain_path_with_the_same_bytes() -> None:
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf) as wb:
        ws = wb.add_worksheet("s")
        ws.set_column("C:C", 12, wb.add_format({"num_format": "0.00"}))
        for r in range(50):
            ws.write_row(r, 0, [f"rep {r}", r * 1.5, r % 3 == 0])
            ws.write_formula(r, 3, f"=B{r + 1}*2", None, r * 3.0)
        ws.merge_range("F1:G1", "merged")
    data = _sheets_of(buf.getvalue())["xl/worksheets/sheet1.xml"]
    assert sheet_outline(data).rows is not None
    for writes in (_block_writes(1, 60, 1, 5), _block_writes(30, 5, 3, 2), {(1, 6): "top"}):
        fast, full = both_paths(data, writes)
        assert fast == full


PREFIXED = (
    f'<x:worksheet xmlns:x="{NS}"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v>'
    "</x:c></x:row><x:row/></x:sheetData></x:worksheet>"
).encode()
SHARED = "".join(
    f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}">'
    + ('<f t="shared" ref="B2:B4" si="0">A2*2</f>' if r == 2 else '<f t="shared" si="0"/>')
    + f"<v>{2 * r}</v></c></row>"
    for r in (2, 3, 4)
)
ARRAY = (
    '<row r="1"><c r="A1"><f t="array" ref="A1:A2">B1:B2*2</f><v>2</v></c></row>'
    '<row r="2"><c r="A2"><v>4</v></c></row>'
)


@pytest.mark.parametrize(
    ("sheet", "writes"),
    [
        (PREFIXED, {(2, 2): "b2", (1, 4): 4}),
        (part(SHARED), {(2, 2): 99}),
        (part(SHARED), {(3, 2): "x", (3, 3): 1}),
        (part(ARRAY), {(2, 1): 1}),
        (part(ARRAY), {(1, 1): 1, (2, 1): 1}),
        (part('<row r="3"/><row r="2"/>'), {(1, 1): 1}),
        (part('<row r="1"><c r="B1"/><c r="A1"/></row>'), {(1, 1): 1}),
        (
            part(
                '<row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1" customAttr="1"><f>A1</f>'
                "<v>7</v></c></row>"
            ),
            {(1, 3): 1, (4, 1): 2, (1, 2): 5},
        ),
        (part("").replace(b"<sheetData></sheetData>", b"<sheetData/>"), {(2, 3): "x"}),
        (
            part(
                '<row r="2" spans="2:3"><c r="B2"><v>1</v></c><c r="C2"><v>2</v></c></row>'
                '<row r="5"><c r="E5"><v>3</v></c></row>',
                before='<dimension ref="B2:E5"/>',
            ),
            {(1, 1): 10, (2, 1): 11, (2, 4): 12, (3, 3): 13, (7, 2): 14, (5, 1): 15, (5, 6): 16},
        ),
        (
            part('<row r="1"><c r="A1"><v>1</v></c></row>', before='<dimension ref="A1"/>'),
            {(3, 3): 1},
        ),
        (part('<row r="1"><c r="A1"><v>1</v></c></row>', before=""), {(3, 3): 1}),
        (part('<row r="4"/>', before='<dimension ref="A1"/>'), {(2, 2): 1}),
    ],
)
def test_the_parts_of_the_cell_patch_tests_give_the_same_bytes(sheet: bytes, writes: dict) -> None:
    fast, full = both_paths(sheet, writes)
    assert fast == full
