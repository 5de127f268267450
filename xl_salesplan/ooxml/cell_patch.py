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

import datetime as _dt
import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from xl_salesplan.ooxml.cell_values import (
    ArrayAnchor,
    Formula,
    Styled,
    check_formula,
    encode_value,
    is_blank,
)
from xl_salesplan.ooxml.references import (
    MAX_COLUMN,
    MAX_ROW,
    cell_name,
    column_index,
    format_range,
    parse_cell,
    parse_range,
)
from xl_salesplan.ooxml.workbook_errors import WorkbookError
from xl_salesplan.ooxml.xml_spans import (
    Span,
    apply_edits,
    escape_attribute,
    escape_text,
    inner_text,
    scan,
    set_attribute,
)

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


_SHEET_ELEMENTS = ("sheetData", "dimension", "sheetPr", "cols", "col", "row", "c", "f", "extLst")


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


@dataclass(slots=True)
class _Cell:
    row: int
    span: Span
    col: int = 0  # resolved with its row (only rows that are written need it)
    formula: Span | None = None
    extlst: Span | None = None


@dataclass(slots=True)
class _Row:
    row: int
    span: Span
    cells: list[_Cell] = field(default_factory=list)
    resolved: bool = False


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
) -> PatchResult:
    """Write ``writes`` (``(row, column)`` 1-based -> value) into a worksheet part.

    Values: None/NaN/NaT (blank), bool, numbers, str (always text), dates and
    datetimes, :class:`CellError`, :class:`Formula`, :class:`ArrayAnchor`
    (via :func:`array_formula_cells`), or any of these wrapped in :class:`Styled`.

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
        spans = scan(sheet_xml, max_depth=4, text_of=(), only=_SHEET_ELEMENTS, part=sheet)
        layout = _Layout(sheet_xml, spans, sheet)
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
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
    by_row: dict[int, list[int]] = {}
    for row, col in sorted(prepared):
        by_row.setdefault(row, []).append(col)
    for row in by_row:
        if row in layout.rows:
            layout.resolve(layout.rows[row])
    edits: list[tuple[int, int, bytes]] = list(layout.shared_formula_edits(prepared))
    new_rows: list[tuple[int, bytes]] = []
    touched: list[tuple[int, int]] = []
    for row, cols in by_row.items():
        existing = layout.rows.get(row)
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
            element = _cell_xml(
                sheet_xml, prefix, where, old, value, style, epoch=epoch, sheet=sheet
            )
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


_LETTERS = re.compile(r"\$?([A-Za-z]{1,3})")


@lru_cache(maxsize=4096)
def _column_of(reference: str) -> int:
    """Column number of a cell reference such as ``AB12`` (letters only are read)."""
    match = _LETTERS.match(reference)
    if match is None:
        return parse_cell(reference)[1]  # raises a clear error
    return column_index(match.group(1))


def _insert_offset(row: _Row, col: int) -> int:
    for cell in row.cells:
        if cell.col > col:
            return cell.span.start
    return -1  # at the end of the row


def _row_xml(prefix: str, row: int, body: bytes) -> bytes:
    return f'<{prefix}row r="{row}">'.encode() + body + f"</{prefix}row>".encode()


def _cell_xml(
    data: bytes,
    prefix: str,
    where: str,
    old: _Cell | None,
    value: object,
    style: int | None,
    *,
    epoch: _dt.datetime,
    sheet: str | None,
) -> bytes:
    attrs: list[tuple[str, str]] = [("r", where)]
    keep: dict[str, str] = dict(old.span.attrs) if old is not None else {}
    if style is None and "s" in keep:
        attrs.append(("s", keep["s"]))
    elif style is not None and style != 0:
        attrs.append(("s", str(style)))
    for name, val in keep.items():
        if name not in ("r", "s", "t", "cm", "vm"):
            attrs.append((name, val))
    tail = data[old.extlst.start : old.extlst.end] if old and old.extlst else b""
    formula_xml = ""
    if isinstance(value, ArrayAnchor):
        body = escape_text(check_formula(value.formula, where, sheet))
        formula_xml = f'<{prefix}f t="array" ref="{value.ref}">{body}</{prefix}f>'
        if value.dynamic_cm is not None:
            attrs.append(("cm", str(int(value.dynamic_cm))))
        value = value.formula.cached
    elif isinstance(value, Formula):
        body = escape_text(check_formula(value, where, sheet))
        formula_xml = f"<{prefix}f>{body}</{prefix}f>"
        value = value.cached
    kind, text = encode_value(value, where, sheet, epoch, in_formula=bool(formula_xml))
    if kind:
        attrs.append(("t", kind))
    head = "".join(f' {n}="{escape_attribute(v)}"' for n, v in attrs)
    if kind == "inlineStr":
        space = ' xml:space="preserve"' if text != text.strip() else ""
        inner = f"<{prefix}is><{prefix}t{space}>{text}</{prefix}t></{prefix}is>"
    elif text is None:
        inner = ""
    else:
        inner = f"<{prefix}v>{text}</{prefix}v>"
    inner = formula_xml + inner
    if not inner and not tail:
        return f"<{prefix}c{head}/>".encode()
    return f"<{prefix}c{head}>{inner}".encode() + tail + f"</{prefix}c>".encode()


class _Layout:
    """Rows, cells, formulas and styles of a scanned worksheet."""

    def __init__(self, data: bytes, spans: list[Span], sheet: str | None) -> None:
        self.data, self.sheet = data, sheet
        self.rows: dict[int, _Row] = {}
        self.ordered_rows: list[_Row] = []
        self.root = spans[0]
        self.sheet_data: Span | None = None
        self.dimension: Span | None = None
        self.sheet_pr: Span | None = None
        self.col_styles: list[tuple[int, int, int]] = []
        self.shared: dict[str, list[_Cell]] = {}
        self.arrays: list[tuple[tuple[int, int, int, int], str]] = []
        self.implicit: list[tuple[Span, str]] = []
        index_of: dict[int, _Row | _Cell] = {}
        last_row = 0
        for i, span in enumerate(spans):
            parent = spans[span.parent] if span.parent >= 0 else None
            if span.depth == 1:
                if span.local == "sheetData":
                    self.sheet_data = span
                elif span.local == "dimension":
                    self.dimension = span
                elif span.local == "sheetPr":
                    self.sheet_pr = span
            elif span.depth == 2 and parent is not None and parent.local == "cols":
                if span.local == "col" and "style" in span.attrs:
                    self.col_styles.append(
                        (int(span.attrs["min"]), int(span.attrs["max"]), int(span.attrs["style"]))
                    )
            elif span.depth == 2 and parent is self.sheet_data and span.local == "row":
                last_row = self._add_row(span, last_row)
                index_of[i] = self.ordered_rows[-1]
            elif span.depth == 3 and span.local == "c" and span.parent in index_of:
                row = index_of[span.parent]
                assert isinstance(row, _Row)
                index_of[i] = self._add_cell(row, span)
            elif span.depth == 4 and span.parent in index_of:
                cell = index_of[span.parent]
                if isinstance(cell, _Cell):
                    self._add_cell_child(cell, span)
        if self.sheet_data is None:
            raise WorkbookError(
                "is not a worksheet (no sheetData)", code="not_a_worksheet", sheet=sheet
            )
        self.prefix = self.sheet_data.prefix

    def _add_row(self, span: Span, last_row: int) -> int:
        text = span.attrs.get("r")
        number = int(text) if text else last_row + 1
        if text is None:
            self.implicit.append((span, str(number)))
        if number <= last_row:
            raise WorkbookError(
                f"row {number} comes after row {last_row}: the sheet's rows are out of order",
                code="corrupt_sheet",
                sheet=self.sheet,
            )
        row = _Row(number, span)
        self.rows[number] = row
        self.ordered_rows.append(row)
        return number

    def _add_cell(self, row: _Row, span: Span) -> _Cell:
        cell = _Cell(row.row, span)
        row.cells.append(cell)
        return cell

    def resolve(self, row: _Row) -> _Row:
        """Work out the columns of a row's cells (and check their order), once."""
        if row.resolved:
            return row
        last = 0
        for cell in row.cells:
            text = cell.span.attrs.get("r")
            col = _column_of(text) if text else last + 1
            if text is None:
                self.implicit.append((cell.span, cell_name(row.row, col)))
            if col <= last:
                raise WorkbookError(
                    f"cells of row {row.row} are out of order",
                    code="corrupt_sheet",
                    sheet=self.sheet,
                    cell=cell_name(row.row, col),
                )
            cell.col = last = col
        row.resolved = True
        return row

    def _add_cell_child(self, cell: _Cell, span: Span) -> None:
        if span.local == "extLst":
            cell.extlst = span
        elif span.local == "f":
            cell.formula = span
            kind = span.attrs.get("t", "normal")
            if kind == "shared" and "si" in span.attrs:
                self.shared.setdefault(span.attrs["si"], []).append(cell)
            if kind in ("array", "dataTable") and "ref" in span.attrs:
                self.arrays.append((parse_range(span.attrs["ref"]), span.attrs["ref"]))

    def default_style(self, row: int, col: int) -> int | None:
        """The style Excel gives a new cell: the row's custom format, else the column's."""
        existing = self.rows.get(row)
        if existing is not None and existing.span.attrs.get("customFormat") in ("1", "true"):
            style = existing.span.attrs.get("s")
            if style is not None:
                return int(style)
        for first, last, style in self.col_styles:
            if first <= col <= last:
                return style
        return None

    def existing_bounds(self) -> tuple[int, int, int, int] | None:
        """Bounds of the cells the sheet has (resolving every row: only when needed)."""
        filled = [self.resolve(row) for row in self.ordered_rows if row.cells]
        if not filled:
            return None
        first = min(row.cells[0].col for row in filled)
        last = max(row.cells[-1].col for row in filled)
        return filled[0].row, first, filled[-1].row, last

    def check_arrays(self, writes: Mapping[tuple[int, int], object]) -> None:
        """Refuse writes that cover part of an existing array formula."""
        for (r1, c1, r2, c2), ref in self.arrays:
            size = (r2 - r1 + 1) * (c2 - c1 + 1)
            inside = sum(1 for (r, c) in writes if r1 <= r <= r2 and c1 <= c <= c2)
            if 0 < inside < size:
                raise WorkbookError(
                    f"would change part of the array formula over {ref}; write all of it or none",
                    code="partial_array",
                    sheet=self.sheet,
                    cell=ref,
                )

    def implicit_reference_edits(self, writes: Mapping[tuple[int, int], object]) -> list:
        """Give rows and cells without an ``r`` attribute an explicit one (safe insertion)."""
        edits = []
        for span, ref in self.implicit:
            if span.local == "c" and parse_cell(ref) in writes:
                continue  # the cell is rewritten with its reference
            edits.append(set_attribute(self.data, span, "r", ref))
        return edits

    def shared_formula_edits(self, writes: Mapping[tuple[int, int], object]) -> list:
        """When a shared formula's master is overwritten, make the rest ordinary formulas."""
        edits = []
        for cells in self.shared.values():
            for cell in cells:
                self.resolve(self.rows[cell.row])
            master = next((c for c in cells if c.formula and "ref" in c.formula.attrs), None)
            if master is None or (master.row, master.col) not in writes:
                continue
            assert master.formula is not None
            origin = cell_name(master.row, master.col)
            for cell in cells:
                if cell is master or (cell.row, cell.col) in writes:
                    continue
                assert cell.formula is not None
                target = cell_name(cell.row, cell.col)
                try:
                    master_text = inner_text(self.data, master.formula)
                    text = Translator("=" + master_text, origin=origin).translate_formula(target)
                except (TranslatorError, ValueError) as exc:
                    raise WorkbookError(
                        f"cannot rewrite the shared formula copied from {origin} ({exc})",
                        code="bad_formula",
                        sheet=self.sheet,
                        cell=target,
                    ) from None
                element = f"<{self.prefix}f>{escape_text(text[1:])}</{self.prefix}f>".encode()
                edits.append((cell.formula.start, cell.formula.end, element))
        return edits

    def row_edits(self, row: _Row, cols: list[int], inserts: dict[int, list[bytes]]) -> list:
        """Insert new cells into an existing row and widen its ``spans`` hint if needed."""
        edits = []
        span = row.span
        spans_text = span.attrs.get("spans")
        if spans_text:
            bounds = [int(x) for part in spans_text.split() for x in part.split(":") if x]
            low, high = min(bounds + cols), max(bounds + cols)
            if (low, high) != (min(bounds), max(bounds)):
                edits.append(set_attribute(self.data, span, "spans", f"{low}:{high}"))
        if span.empty:
            close = f"</{span.name}>".encode()
            body = b"".join(b"".join(v) for v in inserts.values())
            edits.append((span.content_start - 2, span.content_start, b">" + body + close))
            return edits
        for at, elements in inserts.items():
            offset = span.close_start if at < 0 else at
            edits.append((offset, offset, b"".join(elements)))
        return edits

    def new_row_edits(self, new_rows: list[tuple[int, bytes]]) -> list:
        """Insert new rows before the first existing row below them."""
        if not new_rows:
            return []
        sheet_data = self.sheet_data
        assert sheet_data is not None
        if sheet_data.empty:
            close = f"</{sheet_data.name}>".encode()
            body = b"".join(xml for _, xml in new_rows)
            return [(sheet_data.content_start - 2, sheet_data.content_start, b">" + body + close)]
        edits = []
        existing = self.ordered_rows
        k = 0
        for number, xml in new_rows:
            while k < len(existing) and existing[k].row < number:
                k += 1
            offset = existing[k].span.start if k < len(existing) else sheet_data.close_start
            edits.append((offset, offset, xml))
        return edits

    def dimension_edits(self, touched: list[tuple[int, int]]) -> list:
        """Widen ``<dimension ref>`` to include the written cells (or add the element)."""
        if not touched:
            return []
        rows = [r for r, _ in touched]
        cols = [c for _, c in touched]
        r1, c1, r2, c2 = min(rows), min(cols), max(rows), max(cols)
        old = self.dimension.attrs.get("ref", "") if self.dimension is not None else ""
        try:
            known = parse_range(old.split()[0]) if old else None
        except WorkbookError:
            known = None
        has_cells = any(row.cells for row in self.ordered_rows)
        if known is None:
            known = self.existing_bounds()  # no usable dimension: look at the cells
        elif old == "A1" and not has_cells:
            known = None  # "A1" is what an empty sheet says
        if known is not None:
            o1, p1, o2, p2 = known
            r1, c1, r2, c2 = min(r1, o1), min(c1, p1), max(r2, o2), max(c2, p2)
        if self.dimension is not None:
            new = format_range(r1, c1, r2, c2)
            if new == old:
                return []
            return [set_attribute(self.data, self.dimension, "ref", new)]
        element = f'<{self.root.prefix}dimension ref="{format_range(r1, c1, r2, c2)}"/>'.encode()
        at = self.sheet_pr.end if self.sheet_pr is not None else self.root.content_start
        return [(at, at, element)]
