"""Surgical edits of worksheet XML: set the values and formulas of owned cells, nothing else.

:func:`patch_cells` takes the bytes of a worksheet part and a mapping of
``(row, column) -> value`` and returns new bytes in which only those ``<c>``
elements (plus the rows that hold them, the ``<dimension>`` and, when needed,
the ``spans`` hint of a row) differ. Every other byte of the sheet is kept.

What is written
---------------
- numbers (and dates, as serial numbers in the workbook's date system) as ``<v>``;
- text as an inline string (``t="inlineStr"``) so ``sharedStrings.xml`` stays
  untouched; text is *always* text: ``"=1+2"`` is stored as the characters
  ``=1+2``, never as a formula;
- booleans (``t="b"``), error values (:class:`CellError`, ``t="e"``);
- blanks (``None``, NaN, NaT): the value is removed, the cell's style is kept;
- formulas only when the caller says so with :class:`Formula`, together with
  their cached value (``<f>`` + ``<v>``), so the workbook shows numbers in any
  application;
- array formulas over a range (:func:`array_formula_cells`): legacy
  (Ctrl+Shift+Enter) arrays, or dynamic (spilled) arrays when the caller passes
  the cell-metadata index of the workbook's dynamic-array metadata (``cm``).

A written cell keeps its style (``s``); a new cell takes the row's or the
column's style as Excel would, unless a style index is given with
:class:`Styled`. Rows and cells are created in order. Overwriting the master
cell of a shared formula turns the other cells of the group into ordinary
formulas (translated as Excel would), so they keep working. Writing only part
of an array formula is refused, as in Excel.

The result lists the cells that held a formula and no longer do: the caller
removes them from ``calcChain.xml``.

The cost follows what is written, not the size of the sheet: the part is checked
whole by the hardened parser (without a Python call per element) and its rows are
located by their bytes (:mod:`~xl_salesplan.ooxml.sheet_outline`); only the rows
written to, and those with shared or array formulas, are parsed
(:mod:`~xl_salesplan.ooxml.sheet_layout`); a row of plain cells is rebuilt in one
pass, each distinct value encoded once (:mod:`~xl_salesplan.ooxml.cell_xml`). A part
not in the plain form is parsed whole, as before; both give the same bytes.

Examples
--------
>>> sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
...          b'<dimension ref="A1"/><sheetData><row r="1"><c r="A1" s="2"><v>1</v></c></row>'
...          b'</sheetData></worksheet>')
>>> out = patch_cells(sheet, {(1, 1): 5, (2, 2): "=not a formula"})
>>> print(out.xml.decode())  # doctest: +NORMALIZE_WHITESPACE
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension
ref="A1:B2"/><sheetData><row r="1"><c r="A1" s="2"><v>5</v></c></row><row r="2"><c r="B2"
t="inlineStr"><is><t>=not a formula</t></is></c></row></sheetData></worksheet>
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from xl_salesplan.ooxml.cell_values import ArrayAnchor, Formula, Styled, is_blank
from xl_salesplan.ooxml.cell_xml import CellWriter, cell_xml, plain_cell_span
from xl_salesplan.ooxml.excel_dates import epoch_of
from xl_salesplan.ooxml.references import MAX_COLUMN, MAX_ROW, cell_name, format_range, parse_cell
from xl_salesplan.ooxml.row_runs import NewRun, PlainRun, new_runs, plain_runs
from xl_salesplan.ooxml.sheet_layout import Cell, PlainRow, Row, SheetLayout, spans_hint
from xl_salesplan.ooxml.sheet_outline import SheetOutline, sheet_outline
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import Edit, apply_edits, set_attribute

__all__ = ["PatchResult", "array_formula_cells", "last_row_number", "patch_cells"]


_ROW_START = re.compile(rb"<(?:[\w.-]+:)?row[\s>/]")
_LAST_ROW = re.compile(rb'<(?:[\w.-]+:)?row\b[^>]*?\sr="(\d+)"')


def last_row_number(xml: bytes) -> int | None:
    """Number of the last ``<row>`` of a worksheet part (rows are in order), 0 when none.

    ``None`` when the last row has no ``r`` attribute (the position is then unknown
    without counting every row).

    Examples
    --------
    >>> last_row_number(b'<worksheet><sheetData><row r="2"/><row r="17" spans="1:2">'
    ...                 b'<c r="A17"/></row></sheetData></worksheet>')
    17
    >>> last_row_number(b"<worksheet><sheetData/></worksheet>")
    0
    """
    end = len(xml)
    while end > 0:
        start = max(end - (1 << 20), 0)
        starts = [m.start() for m in _ROW_START.finditer(xml, start, end)]
        if starts:
            found = _LAST_ROW.match(xml, starts[-1])
            return int(found.group(1)) if found else None
        end = xml.rfind(b"<", 0, start + 64) if start else 0  # keep a tag cut at the edge
    return 0


@dataclass
class PatchResult:
    """The patched sheet and what changed.

    Attributes
    ----------
    xml : bytes
        The new worksheet part.
    formulas_removed : list of (row, column)
        Cells that held a formula and now hold a value or nothing.
    """

    xml: bytes
    formulas_removed: list[tuple[int, int]] = field(default_factory=list)


def array_formula_cells(
    anchor: str,
    formula: Formula,
    cached: Sequence[Sequence[object]],
    *,
    dynamic_cm: int | None = None,
) -> dict[tuple[int, int], object]:
    """Writes for an array formula at ``anchor`` whose results are ``cached`` (2-D).

    The anchor gets the formula with ``t="array"`` and ``ref`` covering the
    results; every cell of the range gets its cached value. With ``dynamic_cm``
    (the workbook's cell-metadata index of a dynamic array) the formula spills
    in Excel 365; without it, it is a legacy Ctrl+Shift+Enter array.

    Examples
    --------
    >>> cells = array_formula_cells("B2", Formula("=A1:A2*2"), [[2], [4]])
    >>> sorted(cells)
    [(2, 2), (3, 2)]
    >>> cells[(2, 2)].ref, cells[(3, 2)]
    ('B2:B3', 4)
    """
    row0, col0 = parse_cell(anchor)
    grid = [list(r) for r in cached]
    if not grid or not grid[0] or any(len(r) != len(grid[0]) for r in grid):
        raise WorkbookError(
            "array results must be a non-empty rectangle", code="shape_mismatch", cell=anchor
        )
    ref = format_range(row0, col0, row0 + len(grid) - 1, col0 + len(grid[0]) - 1)
    writes: dict[tuple[int, int], object] = {}
    for i, values in enumerate(grid):
        for j, value in enumerate(values):
            writes[(row0 + i, col0 + j)] = value
    writes[(row0, col0)] = ArrayAnchor(Formula(formula.text, grid[0][0]), ref, dynamic_cm)
    return writes


def patch_cells(
    sheet_xml: bytes,
    writes: Mapping[tuple[int, int], object],
    *,
    sheet: str | None = None,
    date1904: bool = False,
    outline: SheetOutline | None = None,
) -> PatchResult:
    """Write ``writes`` (``(row, column)`` 1-based -> value) into a worksheet part.

    Values: None/NaN/NaT (blank), bool, numbers, str (always text), dates and
    datetimes, :class:`CellError`, :class:`Formula`, :class:`ArrayAnchor`
    (via :func:`array_formula_cells`), or any of these wrapped in :class:`Styled`.
    ``outline`` is the part's :func:`~xl_salesplan.ooxml.sheet_outline.sheet_outline`
    when the caller has it already.

    Raises
    ------
    WorkbookError
        Naming the sheet and cell: illegal characters, too-long text, infinite
        numbers, unsupported types, partial writes of an array formula, or a
        worksheet part that is not well-formed or has cells out of order.

    Examples
    --------
    >>> sheet = (b'<worksheet><sheetData><row r="2"><c r="B2"><f>1+1</f><v>2</v></c></row>'
    ...          b'</sheetData></worksheet>')
    >>> out = patch_cells(sheet, {(2, 2): True, (2, 1): Formula("=B2", True)})
    >>> out.xml[out.xml.index(b"<row"):out.xml.index(b"</row>")]
    b'<row r="2"><c r="A2" t="b"><f>B2</f><v>1</v></c><c r="B2" t="b"><v>1</v></c>'
    >>> out.formulas_removed
    [(2, 2)]
    """
    with _no_gc():  # many small objects: the cyclic collector would only slow this down
        return _patch(sheet_xml, writes, sheet, date1904, outline)


def _patch(
    sheet_xml: bytes,
    writes: Mapping[tuple[int, int], object],
    sheet: str | None,
    date1904: bool,
    outline: SheetOutline | None,
) -> PatchResult:
    layout = SheetLayout(outline or sheet_outline(sheet_xml, part=sheet), sheet)
    epoch = epoch_of(date1904)
    prepared: dict[tuple[int, int], tuple[object, int | None]] = {}
    for (row, col), value in writes.items():
        if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COLUMN):
            raise WorkbookError(
                f"cell ({row}, {col}) is outside the sheet", code="bad_reference", sheet=sheet
            )
        style = None
        if isinstance(value, Styled):
            value, style = value.value, int(value.style)
        prepared[(row, col)] = (value, style)
    layout.check_arrays(prepared)
    prefix = layout.prefix
    removed: list[tuple[int, int]] = []
    grouped: dict[int, list[int]] = {}
    for row, col in prepared:
        grouped.setdefault(row, []).append(col)
    by_row = {row: sorted(grouped[row]) for row in sorted(grouped)}  # as sorted(prepared)
    del grouped
    runs: dict[int, PlainRun | NewRun] = {}
    for run in [*plain_runs(layout, by_row, prepared), *new_runs(layout, by_row, prepared)]:
        runs[run.rows[0]] = run
    in_runs = {row for run in runs.values() for row in run.rows}
    loaded = {row: layout.load(row) for row in by_row if row not in in_runs}
    edits: list[Edit] = list(layout.shared_formula_edits(prepared))
    new_rows: list[tuple[int, bytes]] = []
    touched: list[tuple[int, int]] = []
    writer = CellWriter(prefix, epoch=epoch, sheet=sheet)
    plain = _PlainRows(layout, writer, prepared, removed, touched)
    for row, cols in by_row.items():
        run = runs.get(row)
        if run is not None:
            if isinstance(run, PlainRun):
                rewritten = run.rewrite(layout, writer, prepared)
                if rewritten is not None:
                    edits.extend(rewritten[0])
                    touched.extend(rewritten[1])
                    continue
            else:
                made = run.write(layout, writer, prepared)
                if made is not None:
                    new_rows.extend(made[0])
                    touched.extend(made[1])
                    continue
            # a value for the general writer: the rows go that way
            loaded.update((number, layout.load(number)) for number in run.rows)
        elif row in in_runs and row not in loaded:
            continue  # written with its run
        existing = loaded[row]
        if isinstance(existing, PlainRow):
            edit = plain.rewrite(existing, cols)
            if edit is not None:
                edits.append(edit)
            continue
        if existing is None and layout.index is not None:
            body = plain.cells(row, cols)
            if body:
                new_rows.append((row, _row_xml(prefix, row, body)))
            continue
        cells = {c.col: c for c in existing.cells} if existing else {}
        inserts: dict[int, list[bytes]] = {}
        for col in cols:
            value, style = prepared[(row, col)]
            where = cell_name(row, col)
            old = cells.get(col)
            if old is not None and old.formula is not None and not _is_formula(value):
                removed.append((row, col))
            if old is None and is_blank(value) and style is None:
                continue
            if style is None and old is None:
                style = layout.default_style(row, col)
            element = cell_xml(sheet_xml, prefix, where, old, value, style, epoch=epoch,
                               sheet=sheet)  # fmt: skip
            if not is_blank(value):
                touched.append((row, col))
            if old is not None:
                edits.append((old.span.start, old.span.end, element))
                continue
            at = _insert_offset(existing, col) if existing else -1
            inserts.setdefault(at, []).append(element)
        if existing is None:
            if inserts:
                body = b"".join(b"".join(v) for v in inserts.values())
                new_rows.append((row, _row_xml(prefix, row, body)))
            continue
        if not inserts:
            continue
        edits.extend(layout.row_edits(existing, cols, inserts))
    edits.extend(layout.new_row_edits(new_rows))
    edits.extend(layout.dimension_edits(touched))
    edits.extend(layout.implicit_reference_edits(prepared))  # after every row is resolved
    return PatchResult(apply_edits(sheet_xml, edits), removed)


_NEVER_BLANK = frozenset({int, bool, dt.datetime, dt.date})


def _quick_blank(value: object) -> bool:
    """:func:`is_blank`, without its checks for the usual values."""
    kind = type(value)
    if value is None:
        return True
    if kind is str:
        return not value
    if kind is float:
        return value != value  # NaN
    return kind not in _NEVER_BLANK and is_blank(value)


def _is_formula(value: object) -> bool:
    return isinstance(value, (Formula, ArrayAnchor))


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _insert_offset(row: Row, col: int) -> int:
    for cell in row.cells:
        if cell.col > col:
            return cell.span.start
    return -1  # at the end of the row


def _row_xml(prefix: str, row: int, body: bytes) -> bytes:
    return f'<{prefix}row r="{row}">'.encode() + body + f"</{prefix}row>".encode()


class _PlainRows:
    """Writes into rows of plain cells and new rows, one pass per row."""

    def __init__(
        self,
        layout: SheetLayout,
        writer: CellWriter,
        prepared: dict[tuple[int, int], tuple[object, int | None]],
        removed: list[tuple[int, int]],
        touched: list[tuple[int, int]],
    ) -> None:
        self.layout, self.writer, self.prepared = layout, writer, prepared
        self.removed, self.touched = removed, touched
        self._columns: dict[int, tuple[bytes, bytes, bytes]] = {}

    def _new(self, row: int, col: int, row_text: bytes) -> bytes | None:
        """The element of a new cell at (row, col), or None for a blank without a style."""
        value, style = self.prepared[(row, col)]
        if style is None:
            if _quick_blank(value):
                return None
            style = self.layout.default_style(row, col)
        writer = self.writer
        letters = writer.letters(col)
        parts = writer.parts(value, letters, row_text)
        if parts is None:
            element, blank = self._full(letters, row_text, None, value, style), is_blank(value)
        else:
            element, blank = writer.element(letters, row_text, None, style, parts), not parts[1]
        if not blank:
            self.touched.append((row, col))
        return element

    def _full(self, letters: bytes, row_text: bytes, old: Cell | None, value: object,
              style: int | None) -> bytes:  # fmt: skip
        layout, writer = self.layout, self.writer
        where = (letters + row_text).decode()
        return cell_xml(layout.data, layout.prefix, where, old, value, style, epoch=writer.epoch,
                        sheet=writer.sheet)  # fmt: skip

    def cells(self, row: int, cols: list[int]) -> bytes:
        """The cells of a new row, in one pass (what :meth:`_new` gives for each)."""
        row_text = b"%d" % row
        prepared, writer, columns = self.prepared, self.writer, self._columns
        parts_of, tail = writer.parts, writer.tail
        out: list[bytes] = []
        first = last = 0
        for col in cols:
            value, style = prepared[(row, col)]
            if style is None and _quick_blank(value):
                continue
            column = columns.get(col)
            if column is None:
                column = columns[col] = self._column(col)
            head, default, letters = column
            parts = parts_of(value, letters, row_text)
            if parts is None:
                element = self._new(row, col, row_text)
                if element is not None:
                    out.append(element)
                continue
            if style is None:
                styled = default
            elif style != 0:
                styled = b' s="%d"' % style
            else:
                styled = b""
            out.append(head + row_text + tail(styled, parts))
            if parts[1]:
                first = first or col
                last = col
        if first:
            self.touched.extend(((row, first), (row, last)))  # the bounds are what counts
        return b"".join(out)

    def _column(self, col: int) -> tuple[bytes, bytes, bytes]:
        """(start of a new cell's tag up to its row, its default style attribute, letters)."""
        letters = self.writer.letters(col)
        style = self.layout.column_style(col)
        styled = b"" if style is None or style == 0 else b' s="%d"' % style
        return self.writer.open + letters, styled, letters

    def rewrite(self, row: PlainRow, cols: list[int]) -> Edit | None:
        """The edit replacing a row of plain cells by the row with ``cols`` written."""
        number, prepared, plain = row.row, self.prepared, self.writer.plain
        row_text = b"%d" % number
        parts: list[bytes] = []
        append = parts.append
        i, n = 0, len(cols)
        inserted = replaced = False
        first = last = 0  # the columns of the first and last value written into a cell
        for token, col in zip(row.cells, row.cols, strict=True):
            if token[0]:
                append(token[0])  # white space before the cell: new cells go after it
            while i < n and cols[i] < col:
                element = self._new(number, cols[i], row_text)
                if element is not None:
                    append(element)
                    inserted = True
                i += 1
            if i == n or cols[i] != col:
                append(token[1])
                continue
            i += 1
            replaced = True
            value, style = prepared[(number, col)]
            if token[5] and not _is_formula(value):
                self.removed.append((number, col))
            letters, old_style = token[2], token[3] or None
            element, blank = plain(letters, row_text, old_style, value, style)
            if element is None:
                old = Cell(number, plain_cell_span(letters, number, token[3], token[4]))
                element = self._full(letters, row_text, old, value, style)
                blank = is_blank(value)
            if not blank:
                first = first or col
                last = col
            append(element)
        if row.trailing:
            append(row.trailing)
        while i < n:
            element = self._new(number, cols[i], row_text)
            if element is not None:
                append(element)
                inserted = True
            i += 1
        if first:
            self.touched.extend(((number, first), (number, last)))  # the bounds are what counts
        if not (inserted or replaced):
            return None
        data = self.layout.data
        start, tag_end, close, end, empty = row.bounds
        tag = data[start:tag_end]
        if inserted and "spans" in row.attrs:
            hint = spans_hint(row.attrs["spans"], cols)
            if hint is not None:
                a, b, new = set_attribute(data, row.span, "spans", hint)
                tag = data[start:a] + new + data[b:tag_end]
        if empty:
            return start, end, tag[:-2] + b">" + b"".join(parts) + b"</row>"
        return start, end, tag + b"".join(parts) + data[close:end]
